package dev.conndoctor.probe;

import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.probe.classify.ConnectFailureClassifier;
import dev.conndoctor.probe.classify.TlsFailureClassifier;
import dev.conndoctor.evidence.TlsProblem;

import dev.conndoctor.Target;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.evidence.ProxyAttempt.Result;
import dev.conndoctor.config.ProxyUrl;
import dev.conndoctor.protocol.BoundedReader;
import dev.conndoctor.protocol.HttpResponseHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.net.SocketException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
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
 * Opens a tunnel to the target through a proxy, as a client configured with it would: HTTP
 * CONNECT (inside TLS with the proxy for an {@code https://} proxy), or a SOCKS5 CONNECT with the
 * target's name (the proxy resolves it). Only the tunnel is checked; nothing is sent through it.
 *
 * <p>The whole attempt (connect, TLS with the proxy, the request and its answer) ends by one
 * {@link Deadline} of one timeout, enforced on the socket by a {@link Watchdog}: a proxy that
 * drips its answer a byte at a time is named silent at the deadline, like one that says nothing.
 */
public final class ProxyProbe {
    private static final int MAX_HEAD = 8 * 1024;

    private final Resolver resolver;
    private final Optional<X509ExtendedTrustManager> trust;
    private final Watchdog watchdog;

    /**
     * A probe that finds a proxy given by name through {@code resolver}, like every other name,
     * judges an https:// proxy's certificate with {@code trust} (the JDK's trust store when
     * empty), and runs its watchdog on {@code executor}'s timer.
     */
    public ProxyProbe(Resolver resolver, Optional<X509ExtendedTrustManager> trust, ProbeExecutor executor) {
        this.resolver = resolver;
        this.trust = trust;
        this.watchdog = new Watchdog(executor);
    }

    /** A tunnel with the proxy's certificate verified. */
    public ProxyAttempt tunnel(ProxyUrl proxy, Target target, Duration timeout) {
        return tunnel(proxy, target, timeout, false);
    }

    /** A tunnel; {@code insecure} skips the check of an https:// proxy's certificate, for this attempt only. */
    public ProxyAttempt tunnel(ProxyUrl proxy, Target target, Duration timeout, boolean insecure) {
        long start = System.nanoTime();
        long timeoutMs = timeout.toMillis();
        Deadline deadline = Deadline.after(timeout);
        try (Socket socket = new Socket(); Watchdog.Guard guard = watchdog.guard(socket, deadline)) {
            try {
                // the proxy's name is resolved like the target's: through the injected resolver
                java.net.InetAddress address = dev.conndoctor.net.AddressLiterals.isIpv4(proxy.host())
                        || dev.conndoctor.net.AddressLiterals.isIpv6(proxy.host())
                        ? java.net.InetAddress.getByName(proxy.host()) : resolver.resolve(proxy.host()).get(0);
                socket.connect(new InetSocketAddress(address, proxy.port()), deadline.timeoutMillis());
            } catch (java.net.UnknownHostException e) {
                return new ProxyAttempt(proxy, Result.PROXY_UNREACHABLE, -1, "cannot resolve " + proxy.host() + ": "
                        + e.getMessage(), elapsed(start));
            } catch (IOException e) {
                ConnectOutcome outcome = ConnectFailureClassifier.classify(e);
                if (outcome == ConnectOutcome.CONNECTED) {
                    // the proxy completed the handshake and reset at once: reachable, and refusing us
                    return new ProxyAttempt(proxy, Result.TUNNEL_REFUSED, -1, "accepted the connection and reset it at once ("
                            + e.getMessage() + ")", elapsed(start));
                }
                return new ProxyAttempt(proxy, Result.PROXY_UNREACHABLE, -1, outcome.id() + ": " + e.getMessage(),
                        elapsed(start));
            }
            socket.setSoTimeout(deadline.timeoutMillis());
            if (proxy.tls()) {
                // an https:// proxy: TLS with the proxy first, as curl and Go do, then CONNECT inside it
                SSLSocket tls = wrap(socket, proxy, insecure);
                try {
                    tls.startHandshake();
                } catch (SSLException | SocketException | java.io.EOFException e) {
                    if (deadline.passed()) {
                        // the watchdog cut a handshake the proxy was still dripping
                        return new ProxyAttempt(proxy, Result.PROXY_SILENT, -1, "no complete TLS handshake within "
                                + timeoutMs + " ms", elapsed(start));
                    }
                    // the proxy port answered, but not the TLS a client of this proxy URL expects
                    TlsProblem problem = TlsFailureClassifier.classify(e);
                    return new ProxyAttempt(proxy, Result.TUNNEL_REFUSED, -1, "TLS with the proxy failed: "
                            + problem.id() + " (" + e.getMessage() + ")", elapsed(start));
                }
                return connect(tls, proxy, target, deadline, timeoutMs, start);
            }
            return proxy.kind() == ProxyUrl.Kind.HTTP ? connect(socket, proxy, target, deadline, timeoutMs, start)
                    : socks5(socket, proxy, target, deadline, timeoutMs, start);
        } catch (SocketTimeoutException e) {
            return silent(proxy, "no answer within " + timeoutMs + " ms", start);
        } catch (IOException e) {
            if (deadline.passed()) {
                return silent(proxy, "no answer within " + timeoutMs + " ms", start); // closed by the watchdog
            }
            return new ProxyAttempt(proxy, Result.TUNNEL_REFUSED, -1, String.valueOf(e.getMessage()), elapsed(start));
        }
    }

    /**
     * {@code raw} inside a TLS client for the proxy: SNI and the host name check on the proxy's
     * name, the doctor's trust, or no check at all with --insecure (for this socket only).
     */
    private SSLSocket wrap(Socket raw, ProxyUrl proxy, boolean insecure) throws IOException {
        SSLContext context;
        try {
            context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {insecure ? new TrustingEveryone() : trustManager()}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no usable TLS", e);
        }
        boolean literal = AddressLiterals.isIpv4(proxy.host()) || AddressLiterals.isIpv6(proxy.host());
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(raw, proxy.host(), proxy.port(), true);
        SSLParameters parameters = socket.getSSLParameters();
        if (!literal) {
            parameters.setServerNames(List.of(new SNIHostName(proxy.host())));
        }
        parameters.setEndpointIdentificationAlgorithm(insecure ? null : "HTTPS");
        socket.setSSLParameters(parameters);
        return socket;
    }

    private X509ExtendedTrustManager trustManager() throws GeneralSecurityException {
        if (trust.isPresent()) {
            return trust.get();
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init((KeyStore) null);
        for (TrustManager manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return x509;
            }
        }
        throw new GeneralSecurityException("the JDK offers no X509ExtendedTrustManager");
    }

    /** --insecure for one proxy handshake: any certificate passes. Never installed JVM-wide. */
    private static final class TrustingEveryone extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("conndoctor is the client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("conndoctor is the client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("conndoctor is the client");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    private static ProxyAttempt connect(Socket socket, ProxyUrl proxy, Target target, Deadline deadline, long timeoutMs,
                                        long start)
            throws IOException {
        String authority = target.authority();
        socket.getOutputStream().write(("CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority
                + "\r\nUser-Agent: conndoctor\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        byte[] buffer = new byte[MAX_HEAD];
        BoundedReader.Read read = read(socket, buffer, deadline, (b, count) -> HttpResponseHead.parse(b, count).isPresent());
        Optional<HttpResponseHead> head = HttpResponseHead.parse(buffer, read.count());
        if (head.isPresent()) {
            int status = head.get().status();
            return new ProxyAttempt(proxy, status / 100 == 2 ? Result.TUNNEL_OPEN : Result.TUNNEL_REFUSED, status,
                    head.get().statusLine(), elapsed(start));
        }
        if (read.ending() == BoundedReader.Ending.DEADLINE) {
            // a proxy dripping its answer is as useless to a client as a silent one, and named so
            return silent(proxy, read.count() == 0 ? "no answer within " + timeoutMs + " ms"
                    : "an answer begun and not complete within " + timeoutMs + " ms ("
                    + read.count() + " bytes)", start);
        }
        return new ProxyAttempt(proxy, Result.TUNNEL_REFUSED, -1,
                read.count() == 0 ? "closed without an answer"
                        : read.ending() == BoundedReader.Ending.FULL ? "an answer head over " + MAX_HEAD + " bytes"
                        : "not an HTTP answer", elapsed(start));
    }

    private static ProxyAttempt socks5(Socket socket, ProxyUrl proxy, Target target, Deadline deadline, long timeoutMs,
                                        long start)
            throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(new byte[] {5, 1, 0}); // version 5, one method: no authentication
        byte[] greeting = new byte[2];
        BoundedReader.Read greeted = read(socket, greeting, deadline, (b, count) -> false);
        if (greeted.ending() == BoundedReader.Ending.DEADLINE) {
            return silent(proxy, "no complete greeting within " + timeoutMs + " ms", start);
        }
        if (greeted.count() < 2 || greeting[0] != 5 || greeting[1] != 0) {
            return new ProxyAttempt(proxy, Result.TUNNEL_REFUSED, -1,
                    greeted.count() < 2 ? "closed during the greeting" : "wants authentication or is not SOCKS5",
                    elapsed(start));
        }
        byte[] host = target.host().getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[7 + host.length];
        request[0] = 5;
        request[1] = 1; // CONNECT
        request[3] = 3; // a domain name: the proxy resolves it, as socks5h clients expect
        request[4] = (byte) host.length;
        System.arraycopy(host, 0, request, 5, host.length);
        request[5 + host.length] = (byte) (target.port() >> 8);
        request[6 + host.length] = (byte) target.port();
        out.write(request);
        byte[] reply = new byte[2];
        BoundedReader.Read replied = read(socket, reply, deadline, (b, count) -> false);
        if (replied.ending() == BoundedReader.Ending.DEADLINE) {
            return silent(proxy, "no complete reply within " + timeoutMs + " ms", start);
        }
        if (replied.count() < 2) {
            return new ProxyAttempt(proxy, Result.TUNNEL_REFUSED, -1, "closed before the reply", elapsed(start));
        }
        int code = reply[1] & 0xff;
        return new ProxyAttempt(proxy, code == 0 ? Result.TUNNEL_OPEN : Result.TUNNEL_REFUSED, code,
                "SOCKS5 reply " + code + " (" + socksReply(code) + ")", elapsed(start));
    }

    /** Reads before {@code deadline}; a read that fails for another reason than the deadline is thrown. */
    private static BoundedReader.Read read(Socket socket, byte[] buffer, Deadline deadline, BoundedReader.Enough enough)
            throws IOException {
        BoundedReader.Read read = BoundedReader.read(socket.getInputStream(), socket::setSoTimeout, buffer,
                deadline::remainingNanos, enough);
        if (read.failure().isPresent()) {
            throw read.failure().get();
        }
        return read;
    }

    private static ProxyAttempt silent(ProxyUrl proxy, String detail, long start) {
        return new ProxyAttempt(proxy, Result.PROXY_SILENT, -1, detail, elapsed(start));
    }

    /** RFC 1928 §6 reply codes. */
    static String socksReply(int code) {
        return switch (code) {
            case 0 -> "succeeded";
            case 1 -> "general failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "unknown";
        };
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
