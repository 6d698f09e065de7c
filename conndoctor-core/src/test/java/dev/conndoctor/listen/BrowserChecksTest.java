package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The browser checks' bounds as a policy, with times handed in. */
class BrowserChecksTest {

    private static final long SECOND = 1_000_000_000L;

    private static BrowserChecks.Sighting upgrade(String attempt) {
        return new BrowserChecks.Sighting(attempt, "127.0.0.1:5000", false, true, Optional.of("http://h"));
    }

    @Test
    void anIssuedCheckCollectsWhatArrivedAndIsTakenOnce() {
        BrowserChecks checks = new BrowserChecks();
        String check = checks.issue(0, true);
        assertThat(check).matches("[0-9a-f]{32}");
        checks.sighted(check, upgrade("ws"), SECOND);

        BrowserChecks.Issued issued = checks.take(check, 2 * SECOND).orElseThrow();
        assertThat(issued.pageTls()).isTrue();
        assertThat(issued.sightings()).containsExactly(upgrade("ws"));
        assertThat(checks.take(check, 2 * SECOND)).as("an id reports once").isEmpty();
    }

    @Test
    void idsAreUnguessableAndACheckNotGivenOutIsUnknown() {
        BrowserChecks checks = new BrowserChecks();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 50; i++) {
            ids.add(checks.issue(0, false));
        }
        assertThat(ids).hasSize(50);
        checks.sighted("0123456789abcdef0123456789abcdef", upgrade("ws"), 0);
        assertThat(checks.take("0123456789abcdef0123456789abcdef", 0)).isEmpty();
    }

    @Test
    void aCheckExpiresAfterItsLifetime() {
        BrowserChecks checks = new BrowserChecks();
        String check = checks.issue(0, false);
        assertThat(checks.take(check, BrowserChecks.LIFETIME_NANOS + 1)).isEmpty();
        assertThat(checks.size()).isZero();
    }

    @Test
    void pagesBeyondTheBoundPushOutTheOldestCheck() {
        BrowserChecks checks = new BrowserChecks();
        String oldest = checks.issue(0, false);
        String second = checks.issue(1, false);
        for (int i = 0; i < BrowserChecks.MAX_OPEN - 1; i++) {
            checks.issue(2, false);
        }
        assertThat(checks.size()).isEqualTo(BrowserChecks.MAX_OPEN);
        assertThat(checks.take(oldest, 3)).isEmpty();
        assertThat(checks.take(second, 3)).isPresent();
    }

    @Test
    void aCheckKeepsABoundedNumberOfSightings() {
        BrowserChecks checks = new BrowserChecks();
        String check = checks.issue(0, false);
        for (int i = 0; i < 100; i++) {
            checks.sighted(check, upgrade("ws"), 1);
        }
        assertThat(checks.take(check, 2).orElseThrow().sightings()).hasSize(BrowserChecks.MAX_SIGHTINGS);
    }

    @Test
    void reportsPassInABurstThenOnePerSecond() {
        BrowserChecks checks = new BrowserChecks();
        for (int i = 0; i < BrowserChecks.REPORT_BURST; i++) {
            assertThat(checks.allowReport(0)).isTrue();
        }
        assertThat(checks.allowReport(0)).isFalse();
        assertThat(checks.allowReport(SECOND / 2)).isFalse();
        assertThat(checks.allowReport(SECOND + SECOND / 10)).isTrue();
        assertThat(checks.allowReport(SECOND + SECOND / 5)).isFalse();
        // a long quiet refills the burst, no more
        for (int i = 0; i < BrowserChecks.REPORT_BURST; i++) {
            assertThat(checks.allowReport(1000 * SECOND)).isTrue();
        }
        assertThat(checks.allowReport(1000 * SECOND)).isFalse();
    }
}
