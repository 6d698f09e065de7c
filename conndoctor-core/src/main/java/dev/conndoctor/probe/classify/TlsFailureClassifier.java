package dev.conndoctor.probe.classify;

import dev.conndoctor.evidence.TlsProblem;
import java.io.EOFException;
import java.net.SocketTimeoutException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.util.Locale;

/**
 * Names why a TLS handshake failed from the JDK's exception chain: the certificate exceptions
 * by type where the JDK keeps them, the rest by the JSSE message (stable across JDK 11 to 25).
 */
public final class TlsFailureClassifier {
    private TlsFailureClassifier() {
    }

    public static TlsProblem classify(Throwable failure) {
        for (Throwable t : Causes.chain(failure)) {
            if (t instanceof CertificateExpiredException) {
                return TlsProblem.EXPIRED;
            }
            if (t instanceof CertificateNotYetValidException) {
                return TlsProblem.NOT_YET_VALID;
            }
        }
        for (Throwable t : Causes.chain(failure)) {
            TlsProblem byMessage = byMessage(t);
            if (byMessage != null) {
                return byMessage;
            }
        }
        return TlsProblem.OTHER;
    }

    private static TlsProblem byMessage(Throwable t) {
        if (t instanceof SocketTimeoutException) {
            return TlsProblem.SILENT;
        }
        if (t instanceof EOFException) {
            return TlsProblem.CLOSED;
        }
        String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        if (m.contains("no subject alternative") || m.contains("no name matching")) {
            return TlsProblem.NAME_MISMATCH;
        }
        if (m.contains("pkix path") || m.contains("unable to find valid certification path")) {
            return TlsProblem.UNTRUSTED;
        }
        if (m.contains("protocol_version") || m.contains("no appropriate protocol")
                || m.contains("client requested protocol") || m.contains("insufficient_security")
                || m.contains("no cipher suites in common")) {
            return TlsProblem.VERSION_MISMATCH;
        }
        if (m.contains("unsupported or unrecognized ssl message") || m.contains("plaintext connection")) {
            return TlsProblem.NOT_TLS;
        }
        if (m.contains("remote host terminated the handshake") || m.contains("connection reset")
                || m.contains("broken pipe") || m.contains("socket closed") || m.contains("connection closed")) {
            return TlsProblem.CLOSED;
        }
        if (m.contains("read timed out")) {
            return TlsProblem.SILENT;
        }
        return null;
    }
}
