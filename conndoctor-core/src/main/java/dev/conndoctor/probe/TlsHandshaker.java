package dev.conndoctor.probe;

import dev.conndoctor.Target;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.probe.classify.TlsFailureClassifier;
import java.io.EOFException;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Runs one client TLS handshake over a connected socket and tells how it went: SNI for a named
 * host, certificates judged by the injected trust manager, the system's, or nobody (insecure), and
 * the chain the server presented kept whatever the verdict.
 *
 * <p>The handshake ends by the exchange's {@link Deadline}: each read waits at most what is left
 * of it, and the caller's {@link Watchdog} closes the socket of a peer that drips its records a
 * byte at a time. A handshake cut by the deadline is {@link TlsProblem#SILENT}, not a close.
 */
final class TlsHandshaker {

    /** How a handshake went, and the TLS socket to talk over when it was established. */
    record Handshake(TlsOutcome outcome, Optional<SSLSocket> socket) {
    }

    private final Clock clock;
    private final Optional<X509ExtendedTrustManager> trust;
    private final SecureRandom random;

    /** A handshaker judging with {@code trust}, or the JDK's default trust store when empty. */
    TlsHandshaker(Clock clock, Optional<X509ExtendedTrustManager> trust, SecureRandom random) {
        this.clock = clock;
        this.trust = trust;
        this.random = random;
    }

    /**
     * Shakes hands with {@code target} over {@code raw}; a refused or failed handshake is an
     * outcome, not an exception. Throws only when the socket fails before TLS is attempted.
     */
    Handshake handshake(Socket raw, Target target, boolean insecure, Deadline deadline) throws IOException {
        RecordingTrustManager recording;
        SSLContext context;
        try {
            recording = new RecordingTrustManager(insecure ? Optional.empty()
                    : Optional.of(trust.isPresent() ? trust.get() : systemTrust()));
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recording}, random);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable TLS", e);
        }
        String sni = target.hostIsLiteral() ? "" : target.host();
        SSLSocket socket = (SSLSocket) context.getSocketFactory()
                .createSocket(raw, sni.isEmpty() ? raw.getInetAddress().getHostAddress() : sni, raw.getPort(), false);
        SSLParameters parameters = socket.getSSLParameters();
        if (!sni.isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(sni)));
        }
        parameters.setEndpointIdentificationAlgorithm(insecure ? null : "HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(deadline.timeoutMillis());
        try {
            socket.startHandshake();
            return new Handshake(new TlsOutcome(true, sni, Optional.of(socket.getSession().getProtocol()),
                    Optional.of(socket.getSession().getCipherSuite()), recording.chain(), Optional.empty(), "",
                    insecure, clock.instant()), Optional.of(socket));
        } catch (SSLException | SocketException | SocketTimeoutException | EOFException e) {
            TlsProblem problem = TlsFailureClassifier.classify(e);
            String detail = String.valueOf(e.getMessage());
            if (deadline.passed() && (problem == TlsProblem.CLOSED || problem == TlsProblem.OTHER)) {
                // the watchdog closed a handshake that was still going at the deadline: the peer was too slow
                problem = TlsProblem.SILENT;
                detail = "the handshake was not complete by the deadline (" + detail + ")";
            }
            return new Handshake(new TlsOutcome(false, sni, Optional.empty(), Optional.empty(), recording.chain(),
                    Optional.of(problem), detail, insecure, clock.instant()), Optional.empty());
        }
    }

    private static X509ExtendedTrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }
}
