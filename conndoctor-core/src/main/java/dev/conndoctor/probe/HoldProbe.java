package dev.conndoctor.probe;

import dev.conndoctor.Options;
import dev.conndoctor.Scheme;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.Lifetime.ClosedBy;
import dev.conndoctor.evidence.Lifetime.Ended;
import dev.conndoctor.evidence.Lifetime.Event;
import dev.conndoctor.evidence.Lifetime.EventKind;
import dev.conndoctor.evidence.Lifetime.How;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.protocol.CloseCodes;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Speech;
import dev.conndoctor.protocol.WebSocketFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Keeps a connection that worked open for {@code --hold} and records how it ends, as a
 * {@link Lifetime}: a WebSocket pinged at an interval (or silent), a text connection sent a line
 * at an interval (or silent), a tcp connection idle. It returns as soon as the connection ends
 * (the server's close frame, FIN or reset, or a ping unanswered past one timeout), so the verdict
 * never waits for the rest of the hold.
 *
 * <p>Bounded whatever the server does: the hold never outlasts its duration plus one timeout (a
 * {@link Watchdog} closes the socket there, whatever blocks); frames are parsed in a fixed buffer,
 * their payloads counted and skipped, never kept; after {@link #MAX_FRAMES} frames the session has
 * shown it works and reading stops; the timeline keeps its first and last events only. A silent
 * WebSocket hold ends with one ping: a flow that a NAT or load balancer forgot while it was idle
 * answers it with a reset, or not at all.
 *
 * <p>One thread, no other: the socket's read timeout is the clock that sends the next ping and
 * judges the oldest unanswered one.
 */
public final class HoldProbe {

    /** Frames (or reads, for tcp and text) taken from the server in one hold before reading stops. */
    static final int MAX_FRAMES = 100_000;
    /** Events kept from the start of the hold, and from its end. */
    static final int TIMELINE_HEAD = 16;
    static final int TIMELINE_TAIL = 8;
    /** Room for any frame header and control frame (at most 14 + 125 bytes), and reads of data frames. */
    static final int BUFFER_BYTES = 16 * 1024;
    /** What conndoctor's hold pings carry before their number: a pong with it answers one of them. */
    static final String PING_PREFIX = "conndoctor-hold-";

    private final Watchdog watchdog;
    private final Deadline.Ticker ticker;
    private final SecureRandom random = new SecureRandom();

    public HoldProbe(ProbeExecutor executor) {
        this(executor, Deadline.Ticker.SYSTEM);
    }

    HoldProbe(ProbeExecutor executor, Deadline.Ticker ticker) {
        this.watchdog = new Watchdog(executor);
        this.ticker = ticker;
    }

    /**
     * Whether the connection of {@code x} worked in its scheme's terms and is still open to hold:
     * a verified WebSocket upgrade, a tcp connection that was not closed on accept, a text line
     * answered with text. http, https and tls are not held.
     */
    public static boolean holds(ProtocolExchange x) {
        return switch (x.scheme()) {
            case WS, WSS -> x.banner().isEmpty() && x.websocket().filter(v -> v.ok()).isPresent();
            case TCP -> x.closedOnAccept().isEmpty() && (x.reply() == Reply.NOT_SENT || x.reply() == Reply.DATA);
            case TEXT -> x.reply() == Reply.DATA && x.sniffed().filter(s -> s.speech() == Speech.TEXT
                    && !HttpResponseHead.isStatusLine(s.label())).isPresent();
            default -> false;
        };
    }

    /**
     * Holds {@code socket}, whose exchange {@code x} worked, for {@code hold}, and closes it. {@code
     * unread} is what the exchange read after the WebSocket handshake (frames begun or whole);
     * {@code timeout} is the deadline of one pong, and of the last wait after the hold.
     */
    public Lifetime hold(Socket socket, ProtocolExchange x, byte[] unread, Options.Hold hold, Duration timeout) {
        Session session = new Session(socket, x.scheme(), hold, timeout);
        Deadline bound = Deadline.after(hold.duration().plus(timeout), ticker);
        try (socket; Watchdog.Guard guard = watchdog.guard(socket, bound)) {
            session.guard = guard;
            return session.run(unread);
        } catch (IOException e) {
            // closing the socket failed: the lifetime was recorded before, this changes nothing
            return session.lifetime();
        }
    }

    /** One hold: the state of its connection as it lives, and the loop that watches it. */
    private final class Session {
        private final Socket socket;
        private final boolean websocket;
        private final boolean text;
        private final Options.Hold hold;
        private final Duration pingEvery;
        private final long timeoutNanos;
        private final long start;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int buffered;
        /** Payload bytes of the current data frame still to skip. */
        private long skip;
        private final ArrayDeque<Ping> pending = new ArrayDeque<>();
        private final Timeline timeline;
        private Watchdog.Guard guard;

        private long lastActivity;
        private int pingsSent;
        private int pongsReceived;
        private long frames;
        private long bytes;
        private ClosedBy closedBy = ClosedBy.NONE;
        private How how = How.NONE;
        private Ended ended = Ended.HOLD_ELAPSED;
        private long endedAt;
        private long idleBeforeEnd;
        private OptionalInt closeCode = OptionalInt.empty();
        private String closeReason = "";
        private boolean over;

        Session(Socket socket, Scheme scheme, Options.Hold hold, Duration timeout) {
            this.socket = socket;
            this.websocket = scheme.isWebSocket();
            this.text = scheme == Scheme.TEXT;
            this.hold = hold;
            this.pingEvery = hold.pingInterval(scheme);
            this.timeoutNanos = timeout.toNanos();
            this.start = ticker.nanoTime();
            this.lastActivity = start;
            this.endedAt = start;
            this.timeline = new Timeline(start);
        }

        Lifetime run(byte[] unread) {
            timeline.add(start, EventKind.HOLD_STARTED, hold.duration().toMillis() + " ms");
            try {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                if (unread.length > 0) {
                    System.arraycopy(unread, 0, buffer, 0, Math.min(unread.length, buffer.length));
                    buffered = Math.min(unread.length, buffer.length);
                    consume(start, start, out);
                }
                watch(in, out);
            } catch (IOException e) {
                // the socket failed in our hands: a reset by the peer, or the watchdog past the hold's bound
                if (!over) {
                    endByFailure(e);
                }
            }
            if (ended == Ended.HOLD_ELAPSED || ended == Ended.PONG_MISSING || ended == Ended.FRAME_LIMIT) {
                sayGoodbye();
            }
            return lifetime();
        }

        private void watch(InputStream in, OutputStream out) throws IOException {
            long holdEnd = start + hold.duration().toNanos();
            long nextPing = pingEvery.isZero() ? Long.MAX_VALUE : start + pingEvery.toNanos();
            boolean finalPingSent = false;
            while (!over) {
                long now = ticker.nanoTime();
                if (!pending.isEmpty() && now - pending.peekFirst().sentAt >= timeoutNanos) {
                    Ping missing = pending.peekFirst();
                    end(now, Ended.PONG_MISSING, ClosedBy.CLIENT, How.NONE, missing.silenceBefore);
                    timeline.add(now, EventKind.PONG_MISSING, "#" + missing.number);
                    return;
                }
                boolean holdOver = now - holdEnd >= 0;
                if (holdOver) {
                    if (websocket && pingsSent == 0 && !finalPingSent) {
                        // a silent hold ends with one ping: a flow forgotten while idle resets it, or swallows it
                        finalPingSent = true;
                        ping(now, out);
                        continue;
                    }
                    if (pending.isEmpty()) {
                        end(now, Ended.HOLD_ELAPSED, ClosedBy.NONE, How.NONE, now - lastActivity);
                        timeline.add(now, EventKind.HOLD_ELAPSED, "");
                        return;
                    }
                } else if (now - nextPing >= 0) {
                    if (websocket) {
                        ping(now, out);
                    } else if (text) {
                        line(now, out);
                    }
                    nextPing = Math.max(nextPing + pingEvery.toNanos(), now + 1);
                    continue;
                }
                long wake = holdOver ? Long.MAX_VALUE : Math.min(holdEnd, nextPing);
                if (!pending.isEmpty()) {
                    wake = Math.min(wake, pending.peekFirst().sentAt + timeoutNanos);
                }
                socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (wake - now + 999_999) / 1_000_000)));
                int n;
                try {
                    n = in.read(buffer, buffered, buffer.length - buffered);
                } catch (SocketTimeoutException e) {
                    continue; // a timer is due: the loop's head sees to it
                }
                long at = ticker.nanoTime();
                if (n < 0) {
                    end(at, Ended.PEER_CLOSED, ClosedBy.SERVER, How.FIN, at - lastActivity);
                    timeline.add(at, EventKind.FIN, "");
                    return;
                }
                long previousActivity = lastActivity;
                lastActivity = at;
                buffered += n;
                if (websocket) {
                    consume(at, previousActivity, out);
                } else {
                    frames++;
                    bytes += n;
                    buffered = 0;
                    timeline.data(at, n);
                    limit(at);
                }
            }
        }

        /** Reads the frames whole in the buffer; a close frame ends the session, a ping is answered. */
        private void consume(long at, long previousActivity, OutputStream out) throws IOException {
            int pos = 0;
            while (!over) {
                if (skip > 0) {
                    int k = (int) Math.min(skip, buffered - pos);
                    pos += k;
                    skip -= k;
                    if (skip > 0) {
                        break;
                    }
                    continue;
                }
                if (buffered - pos < 2) {
                    break;
                }
                int b0 = buffer[pos] & 0xff;
                int b1 = buffer[pos + 1] & 0xff;
                int extended = (b1 & 0x7f) == 126 ? 2 : (b1 & 0x7f) == 127 ? 8 : 0;
                boolean masked = (b1 & 0x80) != 0;
                int headerLength = 2 + extended + (masked ? 4 : 0);
                if (buffered - pos < headerLength) {
                    break;
                }
                long length = extended == 0 ? b1 & 0x7f : 0;
                for (int i = 0; i < extended; i++) {
                    length = length << 8 | (buffer[pos + 2 + i] & 0xff);
                }
                int opcode = WebSocketFrames.opcode(buffer[pos]);
                if ((opcode & 0x8) == 0 || length > WebSocketFrames.MAX_CONTROL_PAYLOAD || length < 0) {
                    // data (or a control frame too long to be one): counted and skipped, never kept
                    frames++;
                    bytes += Math.max(0, length);
                    timeline.data(at, Math.max(0, length));
                    pos += headerLength;
                    skip = Math.max(0, length);
                    limit(at);
                    continue;
                }
                if (buffered - pos < headerLength + length) {
                    break; // a control frame is taken whole
                }
                byte[] payload = new byte[(int) length];
                System.arraycopy(buffer, pos + headerLength, payload, 0, payload.length);
                if (masked) {
                    WebSocketFrames.toggleMask(payload, bigEndian(buffer, pos + 2 + extended));
                }
                pos += headerLength + payload.length;
                control(opcode, payload, at, previousActivity, out);
                limit(at);
            }
            System.arraycopy(buffer, pos, buffer, 0, buffered - pos);
            buffered -= pos;
        }

        private void control(int opcode, byte[] payload, long at, long previousActivity, OutputStream out)
                throws IOException {
            if (opcode == WebSocketFrames.PONG && Arrays.equals(payload, ProtocolProbe.PING_PAYLOAD)) {
                return; // the answer to the exchange's own ping, read before the hold: not the hold's traffic
            }
            frames++;
            switch (opcode) {
                case WebSocketFrames.PONG -> pong(payload, at);
                case WebSocketFrames.PING -> {
                    timeline.add(at, EventKind.SERVER_PING, payload.length + " bytes");
                    send(out, WebSocketFrames.PONG, payload);
                }
                case WebSocketFrames.CLOSE -> {
                    CloseCodes.Close close = CloseCodes.parse(payload, payload.length);
                    closeCode = close.code();
                    closeReason = close.reason();
                    end(at, Ended.PEER_CLOSED, ClosedBy.SERVER, How.CLOSE_FRAME, at - previousActivity);
                    timeline.add(at, EventKind.CLOSE_FRAME, close.code().isPresent()
                            ? close.code().getAsInt() + (close.reason().isEmpty() ? "" : " " + close.reason()) : "");
                    // the closing handshake: echo the code (RFC 6455 §5.5.1); the server then closes TCP
                    try {
                        send(out, WebSocketFrames.CLOSE, close.code().isPresent()
                                ? CloseCodes.payload(close.code().getAsInt()) : new byte[0]);
                    } catch (IOException e) {
                        // the server closed first: the session is over either way
                    }
                }
                default -> timeline.data(at, payload.length);
            }
        }

        /** A pong for one of our pings answers it and every older one (RFC 6455 §5.5.3 allows answering the last). */
        private void pong(byte[] payload, long at) {
            String text = new String(payload, StandardCharsets.US_ASCII);
            if (!text.startsWith(PING_PREFIX)) {
                timeline.data(at, payload.length); // an unsolicited pong, or the answer to the exchange's own ping
                return;
            }
            int number;
            try {
                number = Integer.parseInt(text.substring(PING_PREFIX.length()));
            } catch (NumberFormatException e) {
                timeline.data(at, payload.length);
                return;
            }
            boolean answered = false;
            while (!pending.isEmpty() && pending.peekFirst().number <= number) {
                Ping ping = pending.pollFirst();
                if (ping.number == number) {
                    answered = true;
                    pongsReceived++;
                    timeline.add(at, EventKind.PONG, "#" + number + " " + (at - ping.sentAt) / 1_000_000 + " ms");
                }
            }
            if (!answered) {
                timeline.data(at, payload.length);
            }
        }

        private void ping(long now, OutputStream out) throws IOException {
            int number = ++pingsSent;
            pending.addLast(new Ping(number, now, now - lastActivity));
            timeline.add(now, EventKind.PING_SENT, "#" + number);
            lastActivity = now;
            send(out, WebSocketFrames.PING, (PING_PREFIX + number).getBytes(StandardCharsets.US_ASCII));
        }

        /** A text connection's keep-alive: the same line the exchange sent; its answers are not judged. */
        private void line(long now, OutputStream out) throws IOException {
            pingsSent++;
            timeline.add(now, EventKind.LINE_SENT, "#" + pingsSent);
            lastActivity = now;
            out.write("conndoctor\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private void send(OutputStream out, int opcode, byte[] payload) throws IOException {
            byte[] mask = new byte[4];
            random.nextBytes(mask);
            out.write(WebSocketFrames.maskedFrame(opcode, true, payload, mask));
            out.flush();
        }

        private void limit(long at) {
            if (frames >= MAX_FRAMES && !over) {
                end(at, Ended.FRAME_LIMIT, ClosedBy.CLIENT, How.NONE, 0);
                timeline.add(at, EventKind.FRAME_LIMIT, String.valueOf(frames));
            }
        }

        private void end(long at, Ended why, ClosedBy by, How way, long idleNanos) {
            over = true;
            ended = why;
            closedBy = by;
            how = way;
            endedAt = at;
            idleBeforeEnd = Math.max(0, idleNanos);
        }

        /** The socket failed: the peer reset it, or the watchdog closed it at the hold's bound. */
        private void endByFailure(IOException e) {
            long at = ticker.nanoTime();
            if (guard != null && guard.fired()) {
                // something blocked past the hold and its last timeout: what was pending is what went missing
                if (pending.isEmpty()) {
                    end(at, Ended.HOLD_ELAPSED, ClosedBy.NONE, How.NONE, at - lastActivity);
                    timeline.add(at, EventKind.HOLD_ELAPSED, "");
                } else {
                    end(at, Ended.PONG_MISSING, ClosedBy.CLIENT, How.NONE, pending.peekFirst().silenceBefore);
                    timeline.add(at, EventKind.PONG_MISSING, "#" + pending.peekFirst().number);
                }
                return;
            }
            // a write that meets a reset (EPIPE, ECONNRESET) comes right after the silence it ended
            long idle = at - lastActivity;
            if (!pending.isEmpty() && pending.peekLast().sentAt == lastActivity) {
                idle = pending.peekLast().silenceBefore;
            }
            end(at, Ended.PEER_CLOSED, ClosedBy.SERVER, How.RESET, idle);
            timeline.add(at, EventKind.RESET, String.valueOf(e.getMessage()));
        }

        /** Ends a session the server did not end: a close frame for a WebSocket, then the socket closes. */
        private void sayGoodbye() {
            if (!websocket || socket.isClosed()) {
                return;
            }
            try {
                send(socket.getOutputStream(), WebSocketFrames.CLOSE, CloseCodes.payload(1000));
                timeline.add(ticker.nanoTime(), EventKind.CLOSE_SENT, "1000");
            } catch (IOException e) {
                // it is closing anyway
            }
        }

        Lifetime lifetime() {
            long endAt = over ? endedAt : ticker.nanoTime();
            long heldMs = (endAt - start) / 1_000_000;
            OptionalLong closedAfter = closedBy == ClosedBy.SERVER ? OptionalLong.of(heldMs) : OptionalLong.empty();
            return new Lifetime(hold.duration(), pingEvery, heldMs, closedBy, how, ended, closedAfter, closeCode,
                    closeReason, pingsSent, pongsReceived, idleBeforeEnd / 1_000_000, frames, bytes,
                    timeline.events(), timeline.leftOut());
        }
    }

    /** A ping sent and not yet answered: its number, when it left, and how long nothing had crossed before. */
    private record Ping(int number, long sentAt, long silenceBefore) {
    }

    /**
     * The first {@link #TIMELINE_HEAD} and the last {@link #TIMELINE_TAIL} events, with a count of
     * those between; runs of data merge into one event ("3×, 120 B": frames or reads, and payload
     * bytes), so a chatty server fills no timeline. Details are numbers and the server's own words,
     * never sentences: the renderers say them in the reader's language.
     */
    private static final class Timeline {
        private final long start;
        private final List<Event> head = new ArrayList<>();
        private final ArrayDeque<Event> tail = new ArrayDeque<>();
        private int leftOut;
        private long dataAt = -1;
        private long dataFrames;
        private long dataBytes;

        Timeline(long start) {
            this.start = start;
        }

        void add(long at, EventKind kind, String detail) {
            flushData();
            record(new Event((at - start) / 1_000_000, kind, detail));
        }

        void data(long at, long payloadBytes) {
            if (dataAt < 0) {
                dataAt = at;
            }
            dataFrames++;
            dataBytes += payloadBytes;
        }

        private void flushData() {
            if (dataAt >= 0) {
                record(new Event((dataAt - start) / 1_000_000, EventKind.DATA, dataFrames + "\u00d7, " + dataBytes
                        + " B"));
                dataAt = -1;
                dataFrames = 0;
                dataBytes = 0;
            }
        }

        private void record(Event event) {
            if (head.size() < TIMELINE_HEAD) {
                head.add(event);
                return;
            }
            tail.addLast(event);
            if (tail.size() > TIMELINE_TAIL) {
                tail.pollFirst();
                leftOut++;
            }
        }

        List<Event> events() {
            flushData();
            List<Event> all = new ArrayList<>(head);
            all.addAll(tail);
            return all;
        }

        int leftOut() {
            return leftOut;
        }
    }

    private static int bigEndian(byte[] data, int offset) {
        return (data[offset] & 0xff) << 24 | (data[offset + 1] & 0xff) << 16 | (data[offset + 2] & 0xff) << 8
                | data[offset + 3] & 0xff;
    }
}
