package dev.conndoctor.probe;

import java.time.Duration;

/**
 * How long the probe waits for something, derived from the round-trip time measured on this
 * connection or this host (a SYN-ACK, a reset) instead of a constant: a few round trips, plus a
 * small floor for the time the peer itself needs to act. Pure: durations in, durations out; the
 * {@code --timeout} stays the upper bound of every wait, applied by the caller's deadline.
 *
 * <p>The floors were measured on loopback (2026-12-06, a 2-core machine under compile load):
 * a server that writes its greeting on accept (SSH's identification line, an SMTP {@code 220},
 * a Workerman/GatewayWorker {@code onConnect} greeting) has it on the wire 0.02 ms after the
 * client's connect returns in a single process, 1.0 ms (at most 1.5 ms) when it forks per
 * connection (inetd, Postfix's smtpd), 0.9 ms (at most 1.5 ms) when it forks and execs
 * (OpenSSH's sshd re-executing {@code sshd-session}); a JVM gateway (the testkit's
 * {@code BANNER}, GatewayWorker-like) 0.7 ms (p90 5 ms, at most 18 ms) warm, and 27 ms on the
 * very first connection of a fresh JVM, with the machine's load average at 5. The banner floor
 * covers that coldest case; a greeting later still is recognised at the head of the reply
 * ({@link dev.conndoctor.protocol.Greetings}), so only a tcp:// probe, which sends nothing,
 * can miss it (and it then only lacks the greeting's name).
 */
public final class Waits {

    /**
     * What a server needs to write its greeting once it has accepted: a cold JVM's first
     * accepted connection (27 ms measured), with room for a busier machine.
     */
    static final Duration BANNER_FLOOR = Duration.ofMillis(40);
    /** Round trips a banner wait allows beyond the floor: the banner's own trip, and jitter. */
    static final int BANNER_RTTS = 3;

    /**
     * A TLS server's work for a ClientHello (key exchange and signature, a cold JVM's first
     * handshake included), on top of the round trips: the floor of a follow-up handshake.
     */
    static final Duration FOLLOW_UP_FLOOR = Duration.ofMillis(750);
    /** Round trips of a follow-up: the connect, the ClientHello's answer, the rest of the handshake. */
    static final int FOLLOW_UP_RTTS = 6;

    /** Linux retransmits an unanswered SYN after its initial retransmission timeout, 1 s (RFC 6298). */
    public static final Duration SYN_RETRANSMIT = Duration.ofSeconds(1);
    /** Independent SYNs (separate connections, so separate source ports) that must all go unanswered. */
    public static final int SILENCE_ATTEMPTS = 3;
    /**
     * What an answer may lag behind its round trip on a busy machine (scheduling, softirq
     * batching): the floor of every "no answer yet" beyond the round trips themselves.
     */
    static final Duration ANSWER_FLOOR = Duration.ofMillis(50);
    /** Round trips past which a missing answer is silence, not slowness. */
    static final int SILENCE_RTTS = 4;

    private Waits() {
    }

    /**
     * How long to listen for a banner before speaking, counted from the connect's return: the
     * banner needs one more round trip after the accept, and the server the floor to write it.
     *
     * @param rtt this connection's connect time (SYN to SYN-ACK)
     */
    public static Duration banner(Duration rtt) {
        return BANNER_FLOOR.plus(rtt.multipliedBy(BANNER_RTTS));
    }

    /**
     * The budget of a follow-up exchange on a new connection (a TLS handshake after a silent plain
     * request, a plain request after a refused or unanswered ClientHello): its round trips and a TLS
     * server's work, never more than {@code timeout}.
     */
    public static Duration followUp(Duration rtt, Duration timeout) {
        Duration budget = FOLLOW_UP_FLOOR.plus(rtt.multipliedBy(FOLLOW_UP_RTTS));
        return budget.compareTo(timeout) < 0 ? budget : timeout;
    }

    /**
     * How long a SYN may go unanswered, on a host whose round trip is {@code rtt}, before the
     * silence means something: well past the round trip, with the floor for a busy machine.
     */
    public static Duration answer(Duration rtt) {
        return ANSWER_FLOOR.plus(rtt.multipliedBy(SILENCE_RTTS));
    }

    /**
     * When, counted from the first SYN to a port, its silence is a verdict on a host known to
     * be up: past the kernel's first retransmission of that SYN, and past that copy's own answer
     * time. With {@link #SILENCE_ATTEMPTS} connections all silent, a lost packet is ruled out.
     */
    public static Duration silence(Duration rtt) {
        return SYN_RETRANSMIT.plus(answer(rtt));
    }
}
