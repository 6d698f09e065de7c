package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Every wait of the probe as a function of a measured round trip: no clock, no socket. */
class WaitsTest {

    private static final Duration LOOPBACK = Duration.ofNanos(20_000);
    private static final Duration LAN = Duration.ofNanos(300_000);
    private static final Duration FAR = Duration.ofMillis(150);

    @Test
    void aBannerWaitOnLoopbackIsItsFloorWhichTheSlowestMeasuredBannerServerMeets() {
        assertThat(Waits.banner(LOOPBACK)).isBetween(Waits.BANNER_FLOOR, Waits.BANNER_FLOOR.plusMillis(1));
        // fork and exec per connection had its banner out within 1.5 ms, a fresh JVM's first connection within 27 ms
        assertThat(Waits.BANNER_FLOOR).isGreaterThan(Duration.ofMillis(27));
    }

    @Test
    void aBannerWaitGrowsWithTheRoundTripSoAFarServersBannerStillArrives() {
        assertThat(Waits.banner(FAR)).isEqualTo(Waits.BANNER_FLOOR.plus(FAR.multipliedBy(3)));
        assertThat(Waits.banner(FAR)).isGreaterThan(FAR.multipliedBy(2));
    }

    @Test
    void aBannerWaitIsFarBelowTheFixedWaitsItReplaces() {
        assertThat(Waits.banner(LAN)).isLessThan(Duration.ofMillis(250));
    }

    @Test
    void aFollowUpGetsATlsServersWorkAndItsRoundTripsButNeverMoreThanTheTimeout() {
        assertThat(Waits.followUp(LOOPBACK, Duration.ofSeconds(3)))
                .isEqualTo(Waits.FOLLOW_UP_FLOOR.plus(LOOPBACK.multipliedBy(Waits.FOLLOW_UP_RTTS)));
        assertThat(Waits.followUp(FAR, Duration.ofSeconds(3))).isGreaterThan(FAR.multipliedBy(4));
        assertThat(Waits.followUp(FAR, Duration.ofMillis(500))).isEqualTo(Duration.ofMillis(500));
    }

    @Test
    void silenceOnALanComesJustAfterTheFirstSynRetransmission() {
        Duration silence = Waits.silence(LAN);

        assertThat(silence).isGreaterThan(Waits.SYN_RETRANSMIT).isLessThanOrEqualTo(Duration.ofMillis(1100));
    }

    @Test
    void silenceOnAFarHostWaitsForTheRetransmittedSynsOwnRoundTripAndMore() {
        assertThat(Waits.silence(FAR)).isGreaterThan(Waits.SYN_RETRANSMIT.plus(FAR.multipliedBy(Waits.SILENCE_RTTS)));
    }

    @Test
    void anUnansweredSynIsSilenceOnlyWellPastTheRoundTrip() {
        assertThat(Waits.answer(LAN)).isGreaterThanOrEqualTo(Waits.ANSWER_FLOOR);
        assertThat(Waits.answer(FAR)).isGreaterThanOrEqualTo(FAR.multipliedBy(4));
    }
}
