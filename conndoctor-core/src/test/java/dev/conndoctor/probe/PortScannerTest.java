package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** How long the likely-port round waits: a few of the refusal's round trips, not a fixed second. */
class PortScannerTest {

    @Test
    void aFastRefusalGivesAShortWaitAboveTheFloor() {
        assertThat(PortScanner.scanWait(Duration.ZERO, PortScanner.WAIT_FLOOR, Duration.ofSeconds(3)))
                .isEqualTo(PortScanner.WAIT_FLOOR);
        assertThat(PortScanner.scanWait(Duration.ofMillis(3), PortScanner.WAIT_FLOOR, Duration.ofSeconds(3)))
                .isEqualTo(Duration.ofMillis(3).multipliedBy(PortScanner.RTT_MULTIPLE).plus(PortScanner.WAIT_FLOOR));
    }

    @Test
    void aSlowRefusalWaitsLongerButNeverBeyondTheScanWait() {
        assertThat(PortScanner.scanWait(Duration.ofMillis(150), PortScanner.WAIT_FLOOR, Duration.ofSeconds(3)))
                .isGreaterThan(Duration.ofMillis(150).multipliedBy(PortScanner.RTT_MULTIPLE));
        assertThat(PortScanner.scanWait(Duration.ofMillis(900), PortScanner.WAIT_FLOOR, Duration.ofSeconds(3)))
                .isEqualTo(PortScanner.SCAN_WAIT);
    }

    @Test
    void theWaitNeverOutlastsTheTimeout() {
        assertThat(PortScanner.scanWait(Duration.ofMillis(10), PortScanner.WAIT_FLOOR, Duration.ofMillis(30)))
                .isEqualTo(Duration.ofMillis(30));
    }

    @Test
    void onLoopbackTheFloorIsLowerForTheKernelAnswersAtOnce() {
        assertThat(PortScanner.LOOPBACK_FLOOR).isLessThan(PortScanner.WAIT_FLOOR);
        assertThat(PortScanner.scanWait(Duration.ofMillis(1), PortScanner.LOOPBACK_FLOOR, Duration.ofSeconds(3)))
                .isEqualTo(Duration.ofMillis(4).plus(PortScanner.LOOPBACK_FLOOR));
    }
}
