package dev.conndoctor.evidence;

import dev.conndoctor.Symptom;
import java.util.Locale;
import java.util.Optional;

/**
 * What a {@link Lifetime} amounts to, one pure function of it: the session held, or the way it
 * broke. The rules name the causes; this names the outcome, so that the diagnosis can tell a
 * session that held from one that did not before any rule runs.
 */
public enum LifetimeOutcome {
    /** The connection stayed open for the whole hold, every ping answered. */
    HELD,
    /** The server's side closed it after a silence of at least {@link #IDLE_MIN_MS}: an idle timeout. */
    IDLE_TIMEOUT,
    /** The server's side ended the session while it was in use: a close code, or a FIN between pings. */
    CLOSED_BY_SERVER,
    /** A reset while the session was in use, with no idle period before it. */
    RESET_MID_SESSION,
    /** A ping got no pong within its deadline: the connection only looks open. */
    PING_UNANSWERED;

    /**
     * The shortest silence before a close that counts as an idle period: idle timeouts are set in
     * seconds, and a close within a second of traffic is the server acting, not a timer.
     */
    public static final long IDLE_MIN_MS = 1_000;

    /** The JSON id, e.g. {@code reset-mid-session}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static LifetimeOutcome of(Lifetime lifetime) {
        return switch (lifetime.ended()) {
            // the session worked: a flood of frames is still a session that held
            case HOLD_ELAPSED, FRAME_LIMIT -> HELD;
            case PONG_MISSING -> PING_UNANSWERED;
            case PEER_CLOSED -> closed(lifetime);
        };
    }

    private static LifetimeOutcome closed(Lifetime lifetime) {
        // a code other than "normal" or "going away" is the server saying why: that is the reason, idle or not
        boolean saysWhy = lifetime.closeCode().isPresent() && lifetime.closeCode().getAsInt() != 1000
                && lifetime.closeCode().getAsInt() != 1001;
        if (saysWhy) {
            return CLOSED_BY_SERVER;
        }
        if (lifetime.idleBeforeCloseMs() >= IDLE_MIN_MS) {
            return IDLE_TIMEOUT;
        }
        return lifetime.how() == Lifetime.How.RESET ? RESET_MID_SESSION : CLOSED_BY_SERVER;
    }

    /** The symptom of a session that did not hold: closed, or silent to pings; none for one that held. */
    public Optional<Symptom> failure() {
        return switch (this) {
            case HELD -> Optional.empty();
            case PING_UNANSWERED -> Optional.of(Symptom.NO_REPLY);
            default -> Optional.of(Symptom.CLOSED);
        };
    }
}
