package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Silence;
import dev.conndoctor.net.Endpoint;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** When a watched port's silence becomes a verdict, on a clock the test moves by hand. */
class SilenceWatchTest {

    private static final InetAddress HOST = ip("192.0.2.10");
    private static final InetAddress OTHER_HOST = ip("192.0.2.11");
    private static final Endpoint TARGET = new Endpoint(HOST, 8282);
    private static final Endpoint SSH = new Endpoint(HOST, 22);
    private static final Endpoint HTTP = new Endpoint(HOST, 80);

    private final HandTurnedTicker clock = new HandTurnedTicker();
    private final SilenceWatch watch = new SilenceWatch(Set.of(TARGET), clock);

    @Test
    void aHostThatAnsweredNowhereIsNeverJudgedEarly() {
        watch.started(TARGET);
        watch.started(SSH);
        clock.advance(Duration.ofSeconds(2));

        assertThat(watch.extrasDue(TARGET)).isZero();
        assertThat(watch.verdict(TARGET)).isEmpty();
        assertThat(watch.nanosToNextVerdict(List.of(TARGET))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void anAnswerOnAnotherPortAsksForTwoMoreConnectionsOnce() {
        startRound();
        clock.advance(Duration.ofNanos(300_000));
        watch.answered(SSH, ConnectOutcome.REFUSED);

        assertThat(watch.extrasDue(TARGET)).isEqualTo(2);
        watch.extraStarted(TARGET, true);
        watch.extraStarted(TARGET, true);
        assertThat(watch.extrasDue(TARGET)).isZero();
    }

    @Test
    void threeSilentConnectionsAreAVerdictJustPastTheFirstRetransmissionNotBefore() {
        Duration rtt = Duration.ofNanos(300_000);
        startRound();
        clock.advance(rtt);
        watch.answered(SSH, ConnectOutcome.REFUSED);
        watch.extraStarted(TARGET, true);
        watch.extraStarted(TARGET, true);

        clock.advance(Waits.SYN_RETRANSMIT.minus(rtt));
        assertThat(watch.verdict(TARGET)).as("at the retransmission itself").isEmpty();
        long wait = watch.nanosToNextVerdict(List.of(TARGET));
        assertThat(Duration.ofNanos(wait)).isEqualTo(Waits.answer(rtt));

        clock.advance(Duration.ofNanos(wait));
        Silence silence = watch.verdict(TARGET).orElseThrow();
        assertThat(silence.attempts()).isEqualTo(3);
        assertThat(silence.rtt()).isEqualTo(rtt);
        assertThat(silence.rttPort()).isEqualTo(22);
        assertThat(silence.waited()).isEqualTo(Waits.silence(rtt));
        assertThat(silence.retransmit()).isEqualTo(Waits.SYN_RETRANSMIT);
        assertThat(silence.conclusive()).isTrue();
    }

    @Test
    void theFastestAnswerIsTheRoundTripSoAFirstAnswerSlowedByArpDoesNotStretchTheWait() {
        startRound();
        clock.advance(Duration.ofMillis(60)); // the neighbour lookup delayed every first answer
        assertThat(watch.answered(SSH, ConnectOutcome.REFUSED)).as("the host's first answer").isTrue();
        assertThat(watch.answered(HTTP, ConnectOutcome.REFUSED)).as("not the first").isFalse();
        watch.sample(SSH, 200_000);
        watch.extraStarted(TARGET, true);
        watch.extraStarted(TARGET, true);

        clock.advance(Duration.ofSeconds(1));
        assertThat(watch.verdict(TARGET)).get().satisfies(s -> assertThat(s.rtt()).isEqualTo(Duration.ofNanos(200_000)));
    }

    @Test
    void connectionsThatCouldNotBeOpenedLeaveTheSilenceToTheTimeout() {
        startRound();
        watch.answered(SSH, ConnectOutcome.REFUSED);
        watch.extraStarted(TARGET, true);
        watch.extraStarted(TARGET, false);

        clock.advance(Duration.ofSeconds(2));
        assertThat(watch.verdict(TARGET)).isEmpty();
    }

    @Test
    void aLateExtraConnectionMustBeUnansweredWellPastTheRoundTripToo() {
        Duration rtt = Duration.ofMillis(100);
        startRound();
        clock.advance(rtt);
        watch.answered(SSH, ConnectOutcome.CONNECTED);
        clock.advance(Duration.ofMillis(1100));
        watch.extraStarted(TARGET, true);
        watch.extraStarted(TARGET, true);

        clock.advance(Duration.ofMillis(300));
        assertThat(watch.verdict(TARGET)).as("past the first's wait, not the extras'").isEmpty();
        clock.advance(Waits.answer(rtt));
        assertThat(watch.verdict(TARGET)).isPresent();
    }

    @Test
    void aRefusalOrTimeoutOfTheWatchedPortItselfIsNoRoundTripAndAnotherHostsAnswerIsNotThisHosts() {
        startRound();
        Endpoint elsewhere = new Endpoint(OTHER_HOST, 22);
        watch.started(elsewhere);
        watch.answered(TARGET, ConnectOutcome.REFUSED);
        watch.answered(HTTP, ConnectOutcome.TIMEOUT);
        watch.answered(elsewhere, ConnectOutcome.REFUSED);

        assertThat(watch.extrasDue(TARGET)).isZero();
    }

    @Test
    void anUnwatchedPortIsNeverJudged() {
        startRound();
        watch.answered(SSH, ConnectOutcome.REFUSED);
        clock.advance(Duration.ofSeconds(2));

        assertThat(watch.extrasDue(HTTP)).isZero();
        assertThat(watch.verdict(HTTP)).isEmpty();
    }

    @Test
    void aHostThatAnsweredNeighbourDiscoveryIsUpAndTheTimeItTookBoundsItsRoundTrip() {
        watch.started(TARGET);
        Duration arp = Duration.ofMillis(2);
        clock.advance(arp);
        watch.neighbourAnswered(HOST, arp.toNanos());

        assertThat(watch.knownUp(HOST)).isTrue();
        assertThat(watch.extrasDue(TARGET)).isEqualTo(2);
        watch.extraStarted(TARGET, true);
        watch.extraStarted(TARGET, true);
        clock.advance(Waits.silence(arp).minus(arp));
        Silence silence = watch.verdict(TARGET).orElseThrow();
        assertThat(silence.byNeighbour()).isTrue();
        assertThat(silence.rttPort()).isEqualTo(Silence.NEIGHBOUR);
        assertThat(silence.rtt()).isEqualTo(arp);
        assertThat(silence.conclusive()).isTrue();
    }

    @Test
    void aPortsAnswerAfterNeighbourDiscoveryIsTheFasterRoundTripAndReplacesIt() {
        startRound();
        watch.neighbourAnswered(HOST, Duration.ofMillis(3).toNanos());
        clock.advance(Duration.ofNanos(200_000));
        watch.answered(SSH, ConnectOutcome.REFUSED);
        watch.extraStarted(TARGET, true);
        watch.extraStarted(TARGET, true);
        clock.advance(Duration.ofSeconds(2));

        Silence silence = watch.verdict(TARGET).orElseThrow();
        assertThat(silence.byNeighbour()).isFalse();
        assertThat(silence.rttPort()).isEqualTo(22);
        assertThat(silence.rtt()).isEqualTo(Duration.ofNanos(200_000));
    }

    private void startRound() {
        watch.started(TARGET);
        watch.started(SSH);
        watch.started(HTTP);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
