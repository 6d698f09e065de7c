package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.EvidenceBuilder;

import dev.conndoctor.rules.Rule;

import static dev.conndoctor.fixtures.ExchangeBuilder.certificate;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.ExchangeBuilder.validCertificate;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.evidenceKeys;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static dev.conndoctor.fixtures.Verdicts.summary;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.TlsProblem;
import java.util.List;
import org.junit.jupiter.api.Test;

/** tls-untrusted, tls-expired, tls-name-mismatch and tls-version-mismatch, with the certificate facts as evidence. */
class TlsProblemRulesTest {

    private static final String PKIX = "PKIX path building failed: sun.security.provider.certpath."
            + "SunCertPathBuilderException: unable to find valid certification path to requested target";

    private static final CertificateFacts SELF_SIGNED = validCertificate("CN=chat.example", "CN=chat.example",
            "chat.example", "www.chat.example");
    private static final CertificateFacts EXPIRED_SELF_SIGNED = certificate("CN=chat.example", "CN=chat.example",
            List.of("chat.example"), "2024-01-01T00:00:00Z", "2025-01-01T00:00:00Z");
    private static final CertificateFacts NOT_YET_VALID = certificate("CN=chat.example", "CN=R11",
            List.of("chat.example"), "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z");
    private static final CertificateFacts OTHER_NAMES = validCertificate("CN=other.example", "CN=R11",
            "other.example", "www.other.example");

    private final Rule<Evidence> untrusted = new TlsUntrustedRule();
    private final Rule<Evidence> expired = new TlsExpiredRule();
    private final Rule<Evidence> nameMismatch = new TlsNameMismatchRule();
    private final Rule<Evidence> versionMismatch = new TlsVersionMismatchRule();

    // --- tls-untrusted

    @Test
    void selfSignedCertificateIsConfirmedUntrusted() {
        Cause cause = assertFilled(found(untrusted.evaluate(wss(tlsFailed(TlsProblem.UNTRUSTED, PKIX, SELF_SIGNED)))));

        assertThat(cause.id()).isEqualTo(CauseId.TLS_UNTRUSTED);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("The certificate of 192.0.2.10:8443 is not trusted");
        assertThat(evidence(cause))
                .contains("The TLS handshake with 192.0.2.10:8443 failed: \"PKIX path building failed")
                .contains("subject CN=chat.example, issued by CN=chat.example, for the names chat.example, www.chat.example")
                .contains("valid from 2025-03-01T00:00:00Z to 2025-09-01T00:00:00Z; the handshake ran at 2025-06-01T12:00:00Z")
                .contains("self-signed");
        assertThat(fixes(cause)).contains("certbot").contains("fullchain.pem").contains("--insecure");
    }

    @Test
    void privateAuthorityIsUntrustedWithoutTheSelfSignedLine() {
        Cause cause = found(untrusted.evaluate(wss(tlsFailed(TlsProblem.UNTRUSTED, PKIX,
                validCertificate("CN=chat.example", "CN=Corp Root CA", "chat.example")))));

        assertThat(evidenceKeys(cause)).doesNotContain("evidence.self-signed");
    }

    @Test
    void untrustedWithoutAChainShowsTheFailureOnly() {
        Cause cause = found(untrusted.evaluate(wss(tlsFailed(TlsProblem.UNTRUSTED, PKIX))));

        assertThat(evidenceKeys(cause)).containsExactly("evidence.tls-failed");
    }

    @Test
    void untrustedCertificateThatHasExpiredIsLeftToTlsExpired() {
        Evidence evidence = wss(tlsFailed(TlsProblem.UNTRUSTED, PKIX, EXPIRED_SELF_SIGNED));

        assertSilent(untrusted.evaluate(evidence));
        Cause cause = assertFilled(found(expired.evaluate(evidence)));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("valid from 2024-01-01T00:00:00Z to 2025-01-01T00:00:00Z");
    }

    // --- tls-expired

    @Test
    void expiredProblemIsConfirmedExpired() {
        Cause cause = assertFilled(found(expired.evaluate(wss(tlsFailed(TlsProblem.EXPIRED,
                "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed",
                EXPIRED_SELF_SIGNED)))));

        assertThat(cause.id()).isEqualTo(CauseId.TLS_EXPIRED);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("The certificate of 192.0.2.10:8443 is outside its validity period");
        assertThat(evidence(cause)).contains("validity check failed").contains("the handshake ran at 2025-06-01T12:00:00Z");
        assertThat(fixes(cause)).contains("certbot renew").contains("timedatectl");
    }

    @Test
    void notYetValidIsExpiredByProblemAndByDates() {
        assertThat(found(expired.evaluate(wss(tlsFailed(TlsProblem.NOT_YET_VALID, "validity check failed"))))
                .confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(found(expired.evaluate(wss(tlsFailed(TlsProblem.OTHER, "validity check failed", NOT_YET_VALID))))
                .id()).isEqualTo(CauseId.TLS_EXPIRED);
    }

    @Test
    void validCertificateWithAnotherProblemIsNotExpired() {
        assertSilent(expired.evaluate(wss(tlsFailed(TlsProblem.UNTRUSTED, PKIX, SELF_SIGNED))));
        assertSilent(expired.evaluate(wss(tlsFailed(TlsProblem.CLOSED, "Remote host terminated the handshake"))));
    }

    // --- tls-name-mismatch

    @Test
    void certificateForOtherNamesIsConfirmedNameMismatch() {
        Cause cause = assertFilled(found(nameMismatch.evaluate(wss(tlsFailed(TlsProblem.NAME_MISMATCH,
                "No subject alternative names matching IP address 192.0.2.10 found", OTHER_NAMES)))));

        assertThat(cause.id()).isEqualTo(CauseId.TLS_NAME_MISMATCH);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(summary(cause)).contains("is for other names than the one dialled");
        assertThat(evidence(cause))
                .contains("failed: \"No subject alternative names matching IP address 192.0.2.10 found\"")
                .contains("subject CN=other.example, issued by CN=R11, for the names other.example, www.other.example");
        assertThat(fixes(cause)).contains("Dial a name the certificate lists: other.example, www.other.example");
    }

    @Test
    void nameMismatchWithoutAChainListsNoNames() {
        Cause cause = assertFilled(found(nameMismatch.evaluate(wss(tlsFailed(TlsProblem.NAME_MISMATCH,
                "No subject alternative DNS name matching chat.example found.")))));

        assertThat(fixes(cause)).contains("Dial a name the certificate lists: -");
    }

    @Test
    void certificateWithoutNamesShowsADash() {
        Cause cause = found(nameMismatch.evaluate(wss(tlsFailed(TlsProblem.NAME_MISMATCH, "No name matching",
                validCertificate("CN=localhost", "CN=localhost")))));

        assertThat(evidence(cause)).contains("for the names -");
    }

    @Test
    void expiredCertificateForOtherNamesIsReportedAsExpired() {
        Evidence evidence = wss(tlsFailed(TlsProblem.NAME_MISMATCH, "No name matching", EXPIRED_SELF_SIGNED));

        assertSilent(nameMismatch.evaluate(evidence));
        assertThat(found(expired.evaluate(evidence)).id()).isEqualTo(CauseId.TLS_EXPIRED);
    }

    // --- tls-version-mismatch

    @Test
    void protocolVersionAlertIsLikelyVersionMismatch() {
        Cause cause = assertFilled(found(versionMismatch.evaluate(EvidenceBuilder.target("https://192.0.2.10:8443/")
                .connected("192.0.2.10", 2)
                .exchange(to("https://192.0.2.10:8443/")
                        .tls(tlsFailed(TlsProblem.VERSION_MISMATCH, "Received fatal alert: protocol_version")).build())
                .build())));

        assertThat(cause.id()).isEqualTo(CauseId.TLS_VERSION_MISMATCH);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(summary(cause)).contains("192.0.2.10:8443 and this client share no TLS version");
        assertThat(evidence(cause)).contains("failed: \"Received fatal alert: protocol_version\"");
        assertThat(fixes(cause)).contains("ssl_protocols TLSv1.2 TLSv1.3")
                .contains("openssl s_client -connect 192.0.2.10:8443 -tls1_2");
    }

    @Test
    void otherProblemsAreNotVersionMismatch() {
        assertSilent(versionMismatch.evaluate(wss(tlsFailed(TlsProblem.UNTRUSTED, PKIX, SELF_SIGNED))));
    }

    // --- all four

    @Test
    void establishedHandshakeSaysNothing() {
        Evidence evidence = to("wss://192.0.2.10:8443/chat").tls(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                EXPIRED_SELF_SIGNED)).answer(Answers.WEBSOCKET_101).evidence();

        for (Rule<Evidence> rule : List.of(untrusted, expired, nameMismatch, versionMismatch)) {
            assertSilent(rule.evaluate(evidence));
        }
    }

    @Test
    void noTlsStepSaysNothing() {
        Evidence evidence = to("ws://192.0.2.10:8282/chat").answer(Answers.NGINX_STATIC_200).evidence();

        for (Rule<Evidence> rule : List.of(untrusted, expired, nameMismatch, versionMismatch)) {
            assertSilent(rule.evaluate(evidence));
        }
    }

    private static Evidence wss(dev.conndoctor.evidence.TlsOutcome tls) {
        return to("wss://192.0.2.10:8443/chat").tls(tls).evidence();
    }
}
