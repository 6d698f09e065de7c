package dev.conndoctor.probe;

import dev.conndoctor.probe.classify.ConnectFailureClassifier;
import dev.conndoctor.probe.classify.TlsFailureClassifier;

import dev.conndoctor.Options;
import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.protocol.Proof;
import dev.conndoctor.protocol.Bytes;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Sniffed;
import dev.conndoctor.protocol.Sniffer;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Speaks the target's protocol to one address that accepted a TCP connection: the TLS
 * handshake for wss, https and tls; the WebSocket opening handshake and a ping for ws and wss;
 * a GET for http and https; a line for text; and, for every scheme, a short wait for bytes the
 * server sends before being asked. Reads are bounded in size and time.
 */
public final class ProtocolProbe {

    /** A reply head larger than this is not a handshake answer worth reading further. */
    static final int MAX_REPLY_BYTES = 16 * 1024;
    /** How long to listen for a banner before speaking: servers that speak first do so at once. */
    static final int BANNER_WAIT_MS = 250;
    /** How long a plain tcp:// target gets to show a banner. */
    static final int TCP_BANNER_WAIT_MS = 500;
    /** A TLS server answers a ClientHello within a round trip; the follow-up never waits longer than this. */
    static final int FOLLOW_UP_MAX_MS = 1500;
    static final int BODY_PREVIEW_CHARS = 200;

    private final Clock clock;
    private final Optional<X509ExtendedTrustManager> trust;
    private final SecureRandom random = new SecureRandom();

    /** A probe judging certificates with {@code trust}, or the JDK's default trust store when empty. */
    public ProtocolProbe(Clock clock, Optional<X509ExtendedTrustManager> trust) {
        this.clock = clock;
        this.trust = trust;
    }

    /** Speaks {@code target}'s protocol to {@code address}; never throws for what the server does. */
    public ProtocolExchange probe(Target target, InetAddress address, Options options) {
        return probe(target, address, options, Optional.empty());
    }

    /**
     * The same, asking a {@code conndoctor listen} for its end-to-end proof of {@code nonce}: a
     * request header for WebSocket and HTTP, a proof line for text and tcp.
     */
    public ProtocolExchange probe(Target target, InetAddress address, Options options, Optional<String> nonce) {
        return speak(target, address, options, nonce);
    }

    private ProtocolExchange speak(Target target, InetAddress address, Options options, Optional<String> nonce) {
        long start = System.nanoTime();
        Exchange x = new Exchange(target.scheme(), address, target.port());
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, options.timeout().toMillis());
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(address, target.port()), timeoutMs);
            Socket socket = raw;
            if (target.scheme().usesTls()) {
                TlsResult tls = handshake(raw, target, options, timeoutMs);
                x.tls = Optional.of(tls.outcome());
                if (!tls.outcome().established()) {
                    if (tls.outcome().failedWith(TlsProblem.NOT_TLS)) {
                        x.plainFollowUp = plainReply(target, address, options);
                    }
                    return x.build(Reply.NOT_SENT, start);
                }
                socket = tls.socket();
                if (target.scheme() == Scheme.TLS) {
                    return x.build(Reply.NOT_SENT, start);
                }
            }
            return converse(target, socket, x, options, timeoutMs, start, nonce);
        } catch (IOException e) {
            // the TCP probe connected a moment ago; failing now is a race with the server, keep what we saw
            x.request = "";
            return x.build(ConnectFailureClassifier.classify(e).provesHostUp() ? Reply.RESET : Reply.SILENT, start);
        }
    }

    private ProtocolExchange converse(Target target, Socket socket, Exchange x, Options options, int timeoutMs,
                                      long start, Optional<String> nonce) throws IOException {
        byte[] buffer = new byte[MAX_REPLY_BYTES];
        int bannerWait = Math.min(timeoutMs, target.scheme() == Scheme.TCP ? TCP_BANNER_WAIT_MS : BANNER_WAIT_MS);
        Read banner = read(socket, buffer, bannerWait, false);
        if (banner.count() > 0) {
            x.banner = Optional.of(Sniffer.sniff(buffer, banner.count()));
            if (target.scheme() != Scheme.TEXT) {
                return x.build(Reply.NOT_SENT, start); // a handshake sent now would only muddle what it said
            }
        } else if (banner.reply() == Reply.EOF || banner.reply() == Reply.RESET) {
            return withTlsFollowUp(target, x, options, start, banner.reply());
        }
        if (target.scheme() == Scheme.TCP && nonce.isEmpty()) {
            return x.build(Reply.NOT_SENT, start);
        }

        String key = WebSocketHandshake.newKey(random);
        String request = switch (target.scheme()) {
            case WS, WSS -> WebSocketHandshake.request(hostHeader(target), target.path(), key, options.origin(),
                    options.subprotocols());
            case HTTP, HTTPS -> "GET " + target.path() + " HTTP/1.1\r\nHost: " + hostHeader(target)
                    + "\r\nUser-Agent: conndoctor\r\nAccept: */*\r\nConnection: close\r\n\r\n";
            default -> "conndoctor\n";
        };
        if (nonce.isPresent()) {
            // the proof request: a header for HTTP and WebSocket, a line of its own for text and tcp
            request = request.endsWith("\r\n\r\n")
                    ? request.substring(0, request.length() - 2) + Proof.NONCE_HEADER + ": " + nonce.get() + "\r\n\r\n"
                    : "CONNDOCTOR-PROOF " + nonce.get() + "\n";
        }
        x.request = request.lines().findFirst().orElse("");
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();

        boolean http = target.scheme() != Scheme.TEXT && target.scheme() != Scheme.TCP;
        Read reply = read(socket, buffer, timeoutMs, http);
        if (reply.count() <= 0) {
            return withTlsFollowUp(target, x, options, start, reply.reply());
        }
        x.sniffed = Optional.of(Sniffer.sniff(buffer, reply.count()));
        x.http = HttpResponseHead.parse(buffer, reply.count());
        x.http.ifPresent(head -> x.bodyPreview = Bytes.preview(
                Arrays.copyOfRange(buffer, head.headLength(), reply.count()), BODY_PREVIEW_CHARS));
        if (target.scheme().isWebSocket() && x.http.isPresent()) {
            WebSocketHandshake.Verification verification = WebSocketHandshake.verify(x.http.get(), key);
            x.websocket = Optional.of(verification);
            if (verification.ok()) {
                x.pingAnswered = Optional.of(ping(socket, buffer, timeoutMs, reply.count() - x.http.get().headLength()));
            }
        }
        return x.build(Reply.DATA, start);
    }

    /** After a valid 101: a masked ping must come back as a pong, or the socket only looks open. */
    private boolean ping(Socket socket, byte[] buffer, int timeoutMs, int alreadyBuffered) throws IOException {
        if (alreadyBuffered > 0) {
            return false; // the server sent a frame unasked: not an answer to our ping, and rare enough to report
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        socket.getOutputStream().write(WebSocketHandshake.maskedPing("conndoctor".getBytes(StandardCharsets.US_ASCII), mask));
        socket.getOutputStream().flush();
        Read frame = read(socket, buffer, timeoutMs, false);
        return frame.count() > 0 && WebSocketHandshake.opcode(buffer[0]) == 0xA;
    }

    /** Nothing came back to a plain request: a TLS handshake on the same port tells whether it wanted TLS. */
    private ProtocolExchange withTlsFollowUp(Target target, Exchange x, Options options, long start, Reply reply) {
        if (!target.scheme().usesTls()) {
            int wait = (int) Math.min(FOLLOW_UP_MAX_MS, options.timeout().toMillis());
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(x.address, x.port), wait);
                TlsResult tls = handshake(raw, target, options.toBuilder().insecure(true).build(), wait);
                x.tlsFollowUp = Optional.of(tls.outcome());
                if (tls.socket() != null) {
                    tls.socket().close();
                }
            } catch (IOException e) {
                // the port went away meanwhile: the follow-up adds nothing
            }
        }
        return x.build(reply, start);
    }

    /** The server refused our ClientHello with something else: what does it say to a plain request? */
    private Optional<Sniffed> plainReply(Target target, InetAddress address, Options options) {
        int wait = (int) Math.min(FOLLOW_UP_MAX_MS, options.timeout().toMillis());
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, target.port()), wait);
            String request = target.scheme() == Scheme.TLS
                    ? "\n"
                    : "GET " + target.path() + " HTTP/1.1\r\nHost: " + hostHeader(target) + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] buffer = new byte[MAX_REPLY_BYTES];
            Read read = read(socket, buffer, wait, false);
            return read.count() > 0 ? Optional.of(Sniffer.sniff(buffer, read.count())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private record TlsResult(TlsOutcome outcome, SSLSocket socket) {
    }

    private TlsResult handshake(Socket raw, Target target, Options options, int timeoutMs) throws IOException {
        RecordingTrustManager recording;
        SSLContext context;
        try {
            recording = new RecordingTrustManager(options.insecure() ? null : trust.isPresent() ? trust.get() : systemTrust());
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
        parameters.setEndpointIdentificationAlgorithm(options.insecure() ? null : "HTTPS");
        socket.setSSLParameters(parameters);
        socket.setSoTimeout(timeoutMs);
        try {
            socket.startHandshake();
            return new TlsResult(new TlsOutcome(true, sni, Optional.of(socket.getSession().getProtocol()),
                    Optional.of(socket.getSession().getCipherSuite()), recording.chain(), Optional.empty(), "",
                    options.insecure(), clock.instant()), socket);
        } catch (SSLException | SocketException | SocketTimeoutException | java.io.EOFException e) {
            TlsProblem problem = TlsFailureClassifier.classify(e);
            return new TlsResult(new TlsOutcome(false, sni, Optional.empty(), Optional.empty(), recording.chain(),
                    Optional.of(problem), String.valueOf(e.getMessage()), options.insecure(), clock.instant()), null);
        }
    }

    private static X509ExtendedTrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((java.security.KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** The outcome of one bounded read: bytes, or how the server said nothing. */
    private record Read(int count, Reply reply) {
    }

    /**
     * Reads what arrives within {@code waitMs}: for HTTP until the head is complete, otherwise
     * until the first bytes; never more than the buffer.
     */
    private static Read read(Socket socket, byte[] buffer, int waitMs, boolean untilHttpHead) throws IOException {
        long deadline = System.nanoTime() + waitMs * 1_000_000L;
        int count = 0;
        InputStream in = socket.getInputStream();
        while (count < buffer.length) {
            long remaining = (deadline - System.nanoTime()) / 1_000_000;
            if (remaining <= 0) {
                break;
            }
            socket.setSoTimeout((int) Math.max(1, remaining));
            int n;
            try {
                n = in.read(buffer, count, buffer.length - count);
            } catch (SocketTimeoutException e) {
                break;
            } catch (SocketException e) {
                if (count > 0) {
                    break;
                }
                return new Read(0, Reply.RESET);
            }
            if (n < 0) {
                return count > 0 ? new Read(count, Reply.DATA) : new Read(0, Reply.EOF);
            }
            count += n;
            boolean headComplete = untilHttpHead && HttpResponseHead.parse(buffer, count).isPresent();
            boolean notHttp = untilHttpHead && count >= 5 && !new String(buffer, 0, 5, StandardCharsets.ISO_8859_1)
                    .equals("HTTP/");
            if (!untilHttpHead || headComplete || notHttp) {
                break;
            }
        }
        return count > 0 ? new Read(count, Reply.DATA) : new Read(0, Reply.SILENT);
    }

    private static String hostHeader(Target target) {
        boolean defaultPort = target.scheme().defaultPort().stream().anyMatch(p -> p == target.port());
        String host = target.host().indexOf(':') >= 0 ? "[" + target.host() + "]" : target.host();
        return defaultPort ? host : host + ":" + target.port();
    }

    /**
     * Keeps the chain the server presented, then lets the system's trust manager judge it
     * (or nobody, with --insecure). Lives for one handshake only.
     */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        private final X509ExtendedTrustManager delegate;
        private volatile List<CertificateFacts> chain = List.of();

        RecordingTrustManager(X509ExtendedTrustManager delegate) {
            this.delegate = delegate;
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

    /** Collects an exchange as it unfolds; built once at the end. */
    private static final class Exchange {
        final Scheme scheme;
        final InetAddress address;
        final int port;
        Optional<TlsOutcome> tls = Optional.empty();
        Optional<Sniffed> banner = Optional.empty();
        String request = "";
        Optional<Sniffed> sniffed = Optional.empty();
        Optional<HttpResponseHead> http = Optional.empty();
        String bodyPreview = "";
        Optional<WebSocketHandshake.Verification> websocket = Optional.empty();
        Optional<Boolean> pingAnswered = Optional.empty();
        Optional<TlsOutcome> tlsFollowUp = Optional.empty();
        Optional<Sniffed> plainFollowUp = Optional.empty();

        Exchange(Scheme scheme, InetAddress address, int port) {
            this.scheme = scheme;
            this.address = address;
            this.port = port;
        }

        ProtocolExchange build(Reply reply, long startNanos) {
            return new ProtocolExchange(scheme, address, port, tls, banner, request, reply, sniffed, http, bodyPreview,
                    websocket, pingAnswered, tlsFollowUp, plainFollowUp, (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
