package dev.conndoctor.evidence;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How a connection that worked lived on during {@code --hold}: who ended it, after how long and
 * how (a FIN, a reset, a WebSocket close frame with its code and reason), how long nothing had
 * crossed it before, the pings sent and the pongs that came back, and a short timeline. Plain
 * data, recorded by the hold probe; {@link LifetimeOutcome#of} reads it.
 *
 * @param planned the hold asked for
 * @param pingEvery the interval between pings (WebSocket) or lines (text); zero for a silent hold
 * @param heldMs from the start of the hold to its end (the close, or the hold elapsed)
 * @param closedBy who ended the connection: the server's side, conndoctor, or nobody (still open at the end)
 * @param how how the server's side ended it; {@link How#NONE} when it did not
 * @param ended why the hold stopped
 * @param closedAfterMs when the server's side ended it, from the start of the hold
 * @param closeCode the status code of the server's close frame, when it had one
 * @param closeReason the reason of that frame (UTF-8, at most 123 bytes), "" without one
 * @param pingsSent pings (or text lines) conndoctor sent during the hold
 * @param pongsReceived pongs answering those pings
 * @param idleBeforeCloseMs how long nothing had crossed the connection, either way, before the event that ended
 *                          it: the close, or the ping whose pong never came
 * @param framesReceived WebSocket frames the server sent during the hold (text and tcp: reads)
 * @param bytesReceived payload bytes the server sent during the hold (counted, never kept)
 * @param timeline the first and last events of the hold, oldest first
 * @param eventsLeftOut events between those, counted and left out to keep the timeline short
 */
public record Lifetime(Duration planned, Duration pingEvery, long heldMs, ClosedBy closedBy, How how, Ended ended,
                       OptionalLong closedAfterMs, OptionalInt closeCode, String closeReason, int pingsSent,
                       int pongsReceived, long idleBeforeCloseMs, long framesReceived, long bytesReceived,
                       List<Event> timeline, int eventsLeftOut) {

    public Lifetime {
        Objects.requireNonNull(planned, "planned");
        Objects.requireNonNull(pingEvery, "pingEvery");
        Objects.requireNonNull(closedBy, "closedBy");
        Objects.requireNonNull(how, "how");
        Objects.requireNonNull(ended, "ended");
        Objects.requireNonNull(closeReason, "closeReason");
        timeline = List.copyOf(timeline);
        if ((closedBy == ClosedBy.SERVER) != closedAfterMs.isPresent()) {
            throw new IllegalArgumentException("closedAfterMs is the time the server's side closed, and only that");
        }
    }

    /** Whether the hold was silent: no ping and no line sent on a schedule. */
    public boolean silent() {
        return pingEvery.isZero();
    }

    /** Who ended the connection. */
    public enum ClosedBy {
        SERVER, CLIENT, NONE;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How the server's side ended it. */
    public enum How {
        FIN, RESET, CLOSE_FRAME, NONE;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** Why the hold stopped. */
    public enum Ended {
        /** The hold ran its whole duration with the connection open. */
        HOLD_ELAPSED,
        /** The server's side closed or reset it. */
        PEER_CLOSED,
        /** A ping went unanswered past its deadline: conndoctor gave up on the session. */
        PONG_MISSING,
        /** The server sent more frames than a hold reads: conndoctor stopped reading (the session worked). */
        FRAME_LIMIT;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** One thing that happened during the hold, {@code atMs} after its start. */
    public record Event(long atMs, EventKind kind, String detail) {
        public Event {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** What an {@link Event} was. */
    public enum EventKind {
        HOLD_STARTED, PING_SENT, PONG, LINE_SENT, DATA, SERVER_PING, CLOSE_FRAME, CLOSE_SENT, FIN, RESET,
        PONG_MISSING, FRAME_LIMIT, HOLD_ELAPSED;

        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
