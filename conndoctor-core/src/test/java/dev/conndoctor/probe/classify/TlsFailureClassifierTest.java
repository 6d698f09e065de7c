package dev.conndoctor.probe.classify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.TlsProblem;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The exceptions are built the way JSSE raises them (messages and cause chains of JDK 17 to 21); no handshake runs. */
class TlsFailureClassifierTest {

    @Test
    void pkixPathBuildingFailureIsUntrusted() {
        SSLHandshakeException e = handshake("PKIX path building failed: "
                + "sun.security.provider.certpath.SunCertPathBuilderException: "
                + "unable to find valid certification path to requested target");
        e.initCause(new CertificateException("unable to find valid certification path to requested target"));

        assertThat(TlsFailureClassifier.classify(e)).isEqualTo(TlsProblem.UNTRUSTED);
    }

    @Test
    void expiredCertificateInTheCauseChainIsExpired() {
        CertPathValidatorException validator = new CertPathValidatorException("validity check failed",
                new CertificateExpiredException("NotAfter: Mon Jan 01 00:00:00 UTC 2024"));
        SSLHandshakeException e = handshake("PKIX path validation failed: "
                + "java.security.cert.CertPathValidatorException: validity check failed");
        e.initCause(validator);

        assertThat(TlsFailureClassifier.classify(e)).isEqualTo(TlsProblem.EXPIRED);
    }

    @Test
    void notYetValidCertificateInTheCauseChainIsNotYetValid() {
        SSLHandshakeException e = handshake("PKIX path validation failed: "
                + "java.security.cert.CertPathValidatorException: validity check failed");
        e.initCause(new CertPathValidatorException("validity check failed",
                new CertificateNotYetValidException("NotBefore: Fri Jan 01 00:00:00 UTC 2100")));

        assertThat(TlsFailureClassifier.classify(e)).isEqualTo(TlsProblem.NOT_YET_VALID);
    }

    @Test
    void certificateTypeWinsOverAnUntrustedMessageAbove() {
        SSLHandshakeException e = handshake("PKIX path building failed: unable to find valid certification path");
        e.initCause(new CertificateExpiredException("NotAfter: ..."));

        assertThat(TlsFailureClassifier.classify(e)).isEqualTo(TlsProblem.EXPIRED);
    }

    @Test
    void noSubjectAlternativeNameForAnIpAddressIsNameMismatch() {
        SSLHandshakeException e = handshake("No subject alternative names matching IP address 127.0.0.1 found");
        e.initCause(new CertificateException("No subject alternative names matching IP address 127.0.0.1 found"));

        assertThat(TlsFailureClassifier.classify(e)).isEqualTo(TlsProblem.NAME_MISMATCH);
    }

    @Test
    void noSubjectAlternativeDnsNameIsNameMismatch() {
        assertThat(TlsFailureClassifier.classify(
                handshake("No subject alternative DNS name matching example.test found.")))
                .isEqualTo(TlsProblem.NAME_MISMATCH);
    }

    @Test
    void noNameMatchingIsNameMismatch() {
        assertThat(TlsFailureClassifier.classify(handshake("No name matching example.test found")))
                .isEqualTo(TlsProblem.NAME_MISMATCH);
    }

    @Test
    void protocolVersionAlertIsVersionMismatch() {
        assertThat(TlsFailureClassifier.classify(handshake("Received fatal alert: protocol_version")))
                .isEqualTo(TlsProblem.VERSION_MISMATCH);
    }

    @Test
    void noAppropriateProtocolIsVersionMismatch() {
        assertThat(TlsFailureClassifier.classify(
                handshake("No appropriate protocol (protocol is disabled or cipher suites are inappropriate)")))
                .isEqualTo(TlsProblem.VERSION_MISMATCH);
    }

    @Test
    void insufficientSecurityAlertIsVersionMismatch() {
        assertThat(TlsFailureClassifier.classify(handshake("Received fatal alert: insufficient_security")))
                .isEqualTo(TlsProblem.VERSION_MISMATCH);
    }

    @Test
    void unrecognizedSslMessageIsNotTls() {
        assertThat(TlsFailureClassifier.classify(new SSLException("Unsupported or unrecognized SSL message")))
                .isEqualTo(TlsProblem.NOT_TLS);
    }

    @Test
    void remoteHostTerminatedTheHandshakeIsClosed() {
        SSLHandshakeException e = handshake("Remote host terminated the handshake");
        e.initCause(new EOFException("SSL peer shut down incorrectly"));

        assertThat(TlsFailureClassifier.classify(e)).isEqualTo(TlsProblem.CLOSED);
    }

    @Test
    void endOfStreamIsClosed() {
        assertThat(TlsFailureClassifier.classify(new EOFException())).isEqualTo(TlsProblem.CLOSED);
    }

    @Test
    void connectionResetIsClosed() {
        assertThat(TlsFailureClassifier.classify(new SocketException("Connection reset"))).isEqualTo(TlsProblem.CLOSED);
    }

    @Test
    void connectionResetWrappedInAnSslExceptionIsClosed() {
        assertThat(TlsFailureClassifier.classify(new SSLException("Connection reset",
                new SocketException("Connection reset")))).isEqualTo(TlsProblem.CLOSED);
    }

    @Test
    void readTimeoutIsSilent() {
        assertThat(TlsFailureClassifier.classify(new SocketTimeoutException("Read timed out")))
                .isEqualTo(TlsProblem.SILENT);
    }

    @Test
    void readTimeoutInsideAnSslExceptionIsSilent() {
        assertThat(TlsFailureClassifier.classify(new SSLException("handshake", new SocketTimeoutException("Read timed out"))))
                .isEqualTo(TlsProblem.SILENT);
    }

    @Test
    void unknownFailureIsOther() {
        assertThat(TlsFailureClassifier.classify(handshake("Received fatal alert: decrypt_error")))
                .isEqualTo(TlsProblem.OTHER);
        assertThat(TlsFailureClassifier.classify(new IOException())).isEqualTo(TlsProblem.OTHER);
    }

    @Test
    void messageIsFoundDeeperInTheChain() {
        IOException outer = new IOException("wrapped", new SSLException("Unsupported or unrecognized SSL message"));

        assertThat(TlsFailureClassifier.classify(outer)).isEqualTo(TlsProblem.NOT_TLS);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void cyclicCauseChainTerminates() {
        IOException a = new IOException("a");
        IOException b = new IOException("b");
        a.initCause(b);
        b.initCause(a);

        assertThat(TlsFailureClassifier.classify(a)).isEqualTo(TlsProblem.OTHER);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void cyclicCauseChainStillFindsAKnownCauseInTheLoop() {
        IOException a = new IOException("a");
        SocketException b = new SocketException("Connection reset");
        a.initCause(b);
        b.initCause(a);

        assertThat(TlsFailureClassifier.classify(a)).isEqualTo(TlsProblem.CLOSED);
    }

    @Test
    void problemIdsAreKebabCase() {
        assertThat(TlsProblem.NOT_YET_VALID.id()).isEqualTo("not-yet-valid");
        assertThat(TlsProblem.NAME_MISMATCH.id()).isEqualTo("name-mismatch");
    }

    private static SSLHandshakeException handshake(String message) {
        return new SSLHandshakeException(message);
    }
}
