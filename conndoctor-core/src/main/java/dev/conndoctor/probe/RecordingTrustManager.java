package dev.conndoctor.probe;

import dev.conndoctor.evidence.CertificateFacts;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The trust manager of one handshake: it keeps the chain the server presented, then lets the
 * given trust manager judge it (or nobody, with --insecure, when there is none). Lives for one
 * handshake only.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {
    private final X509ExtendedTrustManager delegate;
    private volatile List<CertificateFacts> chain = List.of();

    /** Judges with {@code judge}, or accepts every chain when it is empty. */
    RecordingTrustManager(java.util.Optional<X509ExtendedTrustManager> judge) {
        this.delegate = judge.orElse(null); // null here only: the hot path checks it once per call
    }

    List<CertificateFacts> chain() {
        return chain;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket)
            throws CertificateException {
        record(certs);
        if (delegate != null) {
            delegate.checkServerTrusted(certs, authType, socket);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine)
            throws CertificateException {
        record(certs);
        if (delegate != null) {
            delegate.checkServerTrusted(certs, authType, engine);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        record(certs);
        if (delegate != null) {
            delegate.checkServerTrusted(certs, authType);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) {
        throw new UnsupportedOperationException("conndoctor is the client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) {
        throw new UnsupportedOperationException("conndoctor is the client");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) {
        throw new UnsupportedOperationException("conndoctor is the client");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate == null ? new X509Certificate[0] : delegate.getAcceptedIssuers();
    }

    private void record(X509Certificate[] certs) {
        List<CertificateFacts> facts = new ArrayList<>();
        for (X509Certificate cert : certs) {
            facts.add(new CertificateFacts(cert.getSubjectX500Principal().getName(),
                    cert.getIssuerX500Principal().getName(), subjectAltNames(cert),
                    cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()));
        }
        chain = List.copyOf(facts);
    }

    private static List<String> subjectAltNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> entry : cert.getSubjectAlternativeNames()) {
                    names.add(String.valueOf(entry.get(1)));
                }
            }
        } catch (CertificateParsingException e) {
            // a certificate whose SANs cannot be parsed still has a subject to show
        }
        return names;
    }
}
