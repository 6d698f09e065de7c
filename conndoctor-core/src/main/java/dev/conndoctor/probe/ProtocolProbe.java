package dev.conndoctor.probe;

import dev.conndoctor.probe.classify.ConnectFailureClassifier;

import dev.conndoctor.Options;
import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ClosedOnAccept;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.protocol.Requests;
import dev.conndoctor.protocol.BoundedReader;
import dev.conndoctor.protocol.Greetings;
import dev.conndoctor.protocol.Bytes;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Sniffed;
import dev.conndoctor.protocol.Sniffer;
import dev.conndoctor.protocol.WebSocketFrames;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Speaks the target's protocol to one address that accepted a TCP connection: the TLS
 * handshake for wss, https and tls; the WebSocket opening handshake and a ping for ws and wss;
 * a GET for http and https; a line for text; and, for every scheme, a short wait for bytes the
 * server sends before being asked, of a few of this connection's round trips ({@link Waits#banner}):
 * a greeting later than that is still recognised at the head of the reply ({@link Greetings}).
 * Reads are bounded in size, and the whole exchange in time:
 * connect, handshake, request, reply and ping share one {@link Deadline} of one timeout, which a
 * {@link Watchdog} enforces on the socket, so a peer that drips its answer a byte at a time is
 * cut there. A follow-up on a new connection (TLS after a silent plain request, plain after a
 * refused or unanswered ClientHello) has a deadline of its own, derived from the same round trip
 * ({@link Waits#followUp}).
 *
 * <p>It orchestrates: the handshake is {@link TlsHandshaker}'s, the bytes sent are built by
 * {@link dev.conndoctor.protocol.Requests}, reads go through {@link dev.conndoctor.protocol.BoundedReader}
 * and frames through {@link dev.conndoctor.protocol.WebSocketFrames}.
 */
public final class ProtocolProbe {

    /** A reply head larger than this is not a handshake answer worth reading further. */
    static final int MAX_REPLY_BYTES = HttpResponseHead.MAX_HEAD_BYTES;
    static final int BODY_PREVIEW_CHARS = 200;
    /** What the exchange's ping carries, and so its pong. */
    static final byte[] PING_PAYLOAD = "conndoctor".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new SecureRandom();
    private final TlsHandshaker tls;
    private final Watchdog watchdog;

    /**
     * A probe judging certificates with {@code trust}, or the JDK's default trust store when
     * empty, whose watchdog runs on {@code executor}'s timer.
     */
    public ProtocolProbe(Clock clock, Optional<X509ExtendedTrustManager> trust, ProbeExecutor executor) {
        this.tls = new TlsHandshaker(clock, trust, random);
        this.watchdog = new Watchdog(executor);
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
        return speak(target, address, options, nonce, Optional.empty());
    }

    /**
     * The same, handing a connection that worked to {@code keeper} instead of closing it
     * ({@code --hold}): the exchange's deadline no longer applies to it, the keeper's own does.
     */
    public ProtocolExchange probe(Target target, InetAddress address, Options options, Optional<String> nonce,
                                  Optional<Keeper> keeper) {
        return speak(target, address, options, nonce, keeper);
    }

    /** Who takes over a connection whose exchange worked, instead of it being closed: {@link HoldProbe}'s caller. */
    public interface Keeper {
        /** Whether to take over the connection of {@code exchange}. */
        boolean wants(ProtocolExchange exchange);

        /**
         * Owns {@code socket} from now on and closes it; {@code unread} is what the exchange read
         * after a WebSocket handshake (the frames that followed the 101, or the pong) and did not consume.
         */
        void keep(Socket socket, ProtocolExchange exchange, byte[] unread);
    }

    private ProtocolExchange speak(Target target, InetAddress address, Options options, Optional<String> nonce,
                                   Optional<Keeper> keeper) {
        long start = System.nanoTime();
        Exchange x = new Exchange(target.scheme(), address, target.port());
        Deadline deadline = Deadline.after(options.timeout());
        try (Socket raw = new Socket(); Watchdog.Guard guard = watchdog.guard(raw, deadline)) {
            long connecting = System.nanoTime();
            raw.connect(new InetSocketAddress(address, target.port()), deadline.timeoutMillis());
            // this connection's own round trip (SYN to SYN-ACK): every wait below is a few of it
            x.rtt = Duration.ofNanos(System.nanoTime() - connecting);
            Socket socket = raw;
            if (target.scheme().usesTls()) {
                TlsHandshaker.Handshake handshake = tls.handshake(raw, target, options.insecure(), deadline);
                x.tls = Optional.of(handshake.outcome());
                if (handshake.socket().isEmpty()) {
                    // answered in plain, or not at all (a plain server waits for a request it can read): what
                    // does the port say to the same request in plain?
                    if (handshake.outcome().failedWith(TlsProblem.NOT_TLS)
                            || handshake.outcome().failedWith(TlsProblem.SILENT)) {
                        x.plainFollowUp = plainReply(target, address, options, x.rtt);
                    } else if (handshake.outcome().failedWith(TlsProblem.CLOSED)) {
                        x.closedOnAccept = Optional.of(closedOnAccept(address, target.port(), x.rtt, options, 0, 0));
                    }
                    return x.build(Reply.NOT_SENT, start);
                }
                socket = handshake.socket().get();
                if (target.scheme() == Scheme.TLS) {
                    return x.build(Reply.NOT_SENT, start);
                }
            }
            ProtocolExchange exchange = converse(target, socket, x, options, deadline, start, nonce);
            if (keeper.isPresent() && keeper.get().wants(exchange)) {
                guard.close(); // the keeper's own deadline governs the connection from here
                keeper.get().keep(socket, exchange, x.unread);
            }
            return exchange;
        } catch (IOException e) {
            // the TCP probe connected a moment ago; failing now is a race with the server, keep what we saw
            boolean unasked = x.request.isEmpty() && x.tls.isEmpty();
            x.request = "";
            // past the deadline the watchdog closed the socket: the server was too slow, it did not reset
            boolean reset = !deadline.passed() && ConnectFailureClassifier.classify(e).provesHostUp();
            if (reset && unasked) {
                // reset before we said anything: the same question as a close on accept (a forwarder without backend?)
                x.closedOnAccept = Optional.of(closedOnAccept(address, target.port(), x.rtt, options, 1,
                        (System.nanoTime() - start) / 1_000_000));
            }
            return x.build(reset ? Reply.RESET : Reply.SILENT, start);
        }
    }

    private ProtocolExchange converse(Target target, Socket socket, Exchange x, Options options, Deadline deadline,
                                      long start, Optional<String> nonce) throws IOException {
        byte[] buffer = new byte[MAX_REPLY_BYTES];
        Read banner = read(socket, buffer, deadline.atMost(Waits.banner(x.rtt)), false);
        if (banner.count() > 0) {
            x.banner = Optional.of(Sniffer.sniff(buffer, banner.count()));
            if (target.scheme() != Scheme.TEXT) {
                return x.build(Reply.NOT_SENT, start); // a handshake sent now would only muddle what it said
            }
        } else if (banner.reply() == Reply.EOF || banner.reply() == Reply.RESET) {
            // closed before we said anything: a server waits for its client, a forwarder whose backend refused does not
            x.closedOnAccept = Optional.of(closedOnAccept(x.address, x.port, x.rtt, options, 1,
                    (System.nanoTime() - start) / 1_000_000));
            if (x.closedOnAccept.get().everyTime()) {
                return x.build(banner.reply(), start);
            }
            return withTlsFollowUp(target, x, options, start, banner.reply());
        }
        if (target.scheme() == Scheme.TCP && nonce.isEmpty()) {
            return x.build(Reply.NOT_SENT, start);
        }

        String key = WebSocketHandshake.newKey(random);
        // with a nonce, the proof request: a header for HTTP and WebSocket, a line of its own for text and tcp
        String request = switch (target.scheme()) {
            case WS, WSS -> Requests.webSocketUpgrade(target, key, options.origin(), options.subprotocols(), nonce);
            case HTTP, HTTPS -> Requests.httpGet(target, nonce);
            default -> Requests.textLine(nonce);
        };
        x.request = request.lines().findFirst().orElse("");
        socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();

        boolean http = target.scheme() != Scheme.TEXT && target.scheme() != Scheme.TCP;
        Read reply = read(socket, buffer, deadline, http);
        if (reply.count() <= 0) {
            return withTlsFollowUp(target, x, options, start, reply.reply());
        }
        x.sniffed = Optional.of(Sniffer.sniff(buffer, reply.count()));
        if (http && !HttpResponseHead.beginsLikeHttp(buffer, reply.count())) {
            // a greeting sent later than the banner wait arrives ahead of any answer: the server spoke first
            int count = greetingOrMore(socket, buffer, reply.count(), x.request, deadline.atMost(Waits.banner(x.rtt)));
            int greeting = Greetings.lateGreeting(buffer, count, x.request);
            if (greeting > 0) {
                x.banner = Optional.of(Sniffer.sniff(buffer, greeting));
                x.sniffed = Optional.of(Sniffer.sniff(buffer, count));
                return x.build(Reply.DATA, start);
            }
        }
        x.http = HttpResponseHead.parse(buffer, reply.count());
        if (http && x.http.isEmpty() && HttpResponseHead.beginsLikeHttp(buffer, reply.count())) {
            return x.build(unfinishedHead(reply.ending()), start);
        }
        x.http.ifPresent(head -> x.bodyPreview = Bytes.preview(
                Arrays.copyOfRange(buffer, head.headLength(), reply.count()), BODY_PREVIEW_CHARS));
        if (target.scheme().isWebSocket() && x.http.isPresent()) {
            WebSocketHandshake.Verification verification = WebSocketHandshake.verify(x.http.get(), key, options.subprotocols());
            x.websocket = Optional.of(verification);
            if (verification.ok()) {
                x.unread = Arrays.copyOfRange(buffer, x.http.get().headLength(), reply.count());
                x.pingAnswered = Optional.of(ping(socket, buffer, deadline, x));
            }
        }
        return x.build(Reply.DATA, start);
    }

    /** After a valid 101: a masked ping must come back as a pong, or the socket only looks open. */
    private boolean ping(Socket socket, byte[] buffer, Deadline deadline, Exchange x) throws IOException {
        if (x.unread.length > 0) {
            return false; // the server sent a frame unasked: not an answer to our ping, and rare enough to report
        }
        byte[] mask = new byte[4];
        random.nextBytes(mask);
        socket.getOutputStream().write(WebSocketFrames.maskedPing(PING_PAYLOAD, mask));
        socket.getOutputStream().flush();
        Read frame = read(socket, buffer, deadline, false);
        x.unread = Arrays.copyOf(buffer, Math.max(0, frame.count())); // the pong, and whatever came with it
        return frame.count() > 0 && WebSocketFrames.opcode(buffer[0]) == WebSocketFrames.PONG;
    }

    /**
     * Reads on after a reply that does not start like HTTP, for at most {@code deadline}, until
     * its first line is complete and enough follows it to tell a greeting followed by an answer
     * or by our echoed request; returns how many bytes the buffer holds. A known greeting's line
     * needs nothing more.
     */
    private static int greetingOrMore(Socket socket, byte[] buffer, int count, String requestLine, Deadline deadline) {
        int have = count;
        try {
            while (have < buffer.length && !deadline.passed()) {
                int lineEnd = indexOf(buffer, have, (byte) '\n');
                if (lineEnd >= 0 && (Greetings.lateGreeting(buffer, have, "") > 0
                        || have - lineEnd - 1 >= Math.max(5, requestLine.length()))) {
                    break;
                }
                socket.setSoTimeout(deadline.timeoutMillis());
                int n = socket.getInputStream().read(buffer, have, buffer.length - have);
                if (n < 0) {
                    break;
                }
                have += n;
            }
        } catch (IOException e) {
            // silence, a reset or the end: what came is all there is to judge
        }
        return have;
    }

    private static int indexOf(byte[] buffer, int count, byte b) {
        for (int i = 0; i < count; i++) {
            if (buffer[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** Nothing came back to a plain request: a TLS handshake on the same port tells whether it wanted TLS. */
    private ProtocolExchange withTlsFollowUp(Target target, Exchange x, Options options, long start, Reply reply) {
        if (!target.scheme().usesTls()) {
            Deadline deadline = followUpDeadline(options, x.rtt);
            try (Socket raw = new Socket(); Watchdog.Guard guard = watchdog.guard(raw, deadline)) {
                raw.connect(new InetSocketAddress(x.address, x.port), deadline.timeoutMillis());
                TlsHandshaker.Handshake handshake = tls.handshake(raw, target, true, deadline);
                x.tlsFollowUp = Optional.of(handshake.outcome());
                if (handshake.socket().isPresent()) {
                    handshake.socket().get().close();
                }
            } catch (IOException e) {
                // the port went away meanwhile: the follow-up adds nothing
            }
        }
        return x.build(reply, start);
    }

    /**
     * Opens connections that send nothing, up to {@link ClosedOnAccept#TRIES} with {@code alreadyClosed}
     * of them counted already (the first one, closed within {@code firstMs}), and sees whether each
     * is closed without a byte within a banner wait. It stops at the first that stays open or
     * speaks: one is enough to tell a server from a forwarder with no backend.
     */
    private ClosedOnAccept closedOnAccept(InetAddress address, int port, Duration rtt, Options options,
                                          int alreadyClosed, long firstMs) {
        int tries = alreadyClosed;
        int closed = alreadyClosed;
        long slowest = firstMs;
        Duration wait = Waits.banner(rtt);
        byte[] buffer = new byte[1];
        while (tries < ClosedOnAccept.TRIES) {
            Deadline deadline = followUpDeadline(options, rtt);
            tries++;
            try (Socket socket = new Socket(); Watchdog.Guard guard = watchdog.guard(socket, deadline)) {
                socket.connect(new InetSocketAddress(address, port), deadline.timeoutMillis());
                long connected = System.nanoTime();
                Read read = read(socket, buffer, deadline.atMost(wait), false);
                if (read.count() > 0 || read.reply() == Reply.SILENT) {
                    break;
                }
                closed++;
                slowest = Math.max(slowest, (System.nanoTime() - connected) / 1_000_000);
            } catch (IOException e) {
                if (ConnectFailureClassifier.classify(e) != ConnectOutcome.CONNECTED) {
                    break; // refused or gone now: not the same port any more, the tries say no more
                }
                closed++; // reset as the handshake completed: closed at once as well, before any byte
            }
        }
        return new ClosedOnAccept(tries, closed, slowest, wait.toMillis());
    }

    /**
     * The server answered our ClientHello with something else, or stayed silent to it: what does
     * it say to a plain request, on a new connection within a follow-up's budget?
     */
    private Optional<Sniffed> plainReply(Target target, InetAddress address, Options options, Duration rtt) {
        Deadline deadline = followUpDeadline(options, rtt);
        try (Socket socket = new Socket(); Watchdog.Guard guard = watchdog.guard(socket, deadline)) {
            socket.connect(new InetSocketAddress(address, target.port()), deadline.timeoutMillis());
            String request = Requests.plainFollowUp(target, WebSocketHandshake.newKey(random));
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            byte[] buffer = new byte[MAX_REPLY_BYTES];
            Read read = read(socket, buffer, deadline, false);
            return read.count() > 0 ? Optional.of(Sniffer.sniff(buffer, read.count())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * How an HTTP answer whose head never ended ended, as the reply: silent from the deadline on
     * (a head trickling or stalled), closed or reset in the middle, or still going when the
     * buffer was full (a head too large). The bytes that came are the reply's sniffed answer.
     */
    private static Reply unfinishedHead(BoundedReader.Ending ending) {
        return switch (ending) {
            case DEADLINE -> Reply.SILENT;
            case END_OF_STREAM -> Reply.EOF;
            case FAILED -> Reply.RESET;
            default -> Reply.DATA;
        };
    }

    /** A follow-up's own deadline: a few of the first connection's round trips and a TLS server's work, never more than the timeout. */
    private static Deadline followUpDeadline(Options options, Duration rtt) {
        return Deadline.after(Waits.followUp(rtt, options.timeout()));
    }

    /** The outcome of one bounded read: bytes, or how the server said nothing; and why the read stopped. */
    private record Read(int count, Reply reply, BoundedReader.Ending ending) {
    }

    /**
     * Reads what arrives before {@code deadline}: for HTTP until the head is complete, otherwise
     * until the first bytes; never more than the buffer.
     */
    private static Read read(Socket socket, byte[] buffer, Deadline deadline, boolean untilHttpHead) throws IOException {
        BoundedReader.Read read = BoundedReader.read(socket.getInputStream(), socket::setSoTimeout, buffer,
                deadline::remainingNanos, untilHttpHead ? ProtocolProbe::httpHeadOrNotHttp : BoundedReader.FIRST_BYTES);
        if (read.failure().isPresent() && !(read.failure().get() instanceof SocketException)) {
            throw read.failure().get(); // not the peer resetting: the exchange itself failed
        }
        if (read.count() > 0) {
            // what came before a reset or the end is still the answer
            return new Read(read.count(), Reply.DATA, read.ending());
        }
        return switch (read.ending()) {
            case END_OF_STREAM -> new Read(0, Reply.EOF, read.ending());
            case FAILED -> new Read(0, Reply.RESET, read.ending());
            default -> new Read(0, Reply.SILENT, read.ending());
        };
    }

    /** Enough of a reply that should be HTTP: its head is complete, or it does not start like HTTP. */
    private static boolean httpHeadOrNotHttp(byte[] buffer, int count) {
        boolean headComplete = HttpResponseHead.parse(buffer, count).isPresent();
        boolean notHttp = count >= 5 && !new String(buffer, 0, 5, StandardCharsets.ISO_8859_1).equals("HTTP/");
        return headComplete || notHttp;
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
        Optional<ClosedOnAccept> closedOnAccept = Optional.empty();
        /** What was read after a WebSocket handshake and not consumed: for a keeper of the connection. */
        byte[] unread = new byte[0];
        /** The connect's round trip; until it is measured, none (every wait then is its floor). */
        Duration rtt = Duration.ZERO;

        Exchange(Scheme scheme, InetAddress address, int port) {
            this.scheme = scheme;
            this.address = address;
            this.port = port;
        }

        ProtocolExchange build(Reply reply, long startNanos) {
            return new ProtocolExchange(scheme, address, port, tls, banner, request, reply, sniffed, http, bodyPreview,
                    websocket, pingAnswered, tlsFollowUp, plainFollowUp, closedOnAccept,
                    (System.nanoTime() - startNanos) / 1_000_000);
        }
    }
}
