package dev.conndoctor.evidence;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which attempts of a dual-stack name make a family mismatch, and which address came first. */
class FamilyMismatchTest {

    @Test
    void theFailingFamilyFirstIsWhatClientsThatDialOnlyTheFirstAddressMeet() {
        FamilyMismatch m = target("localhost:8282").refused("::1", 0).connected("127.0.0.1", 1).build()
                .reach().familyMismatch().orElseThrow();

        assertThat(m.failingFirst()).isTrue();
        assertThat(m.ipv6Fails()).isTrue();
        assertThat(m.failingFamily()).isEqualTo("IPv6");
        assertThat(m.workingFamily()).isEqualTo("IPv4");
        assertThat(m.first().address().getHostAddress()).isEqualTo("0:0:0:0:0:0:0:1");
        assertThat(m.order()).isEqualTo(AddressOrder.SYSTEM);
        assertThat(m.allSilent()).isFalse();
    }

    @Test
    void theWorkingFamilyFirstIsAMismatchThatComesLater() {
        FamilyMismatch m = target("localhost:8282").connected("127.0.0.1", 1).timedOut("::1").build()
                .reach().familyMismatch().orElseThrow();

        assertThat(m.failingFirst()).isFalse();
        assertThat(m.allSilent()).isTrue();
    }

    @Test
    void refusedAndSilentAttemptsOfOneFamilyFailItTogether() {
        assertThat(target("dual.example:8282").refused("2001:db8::10", 0).timedOut("2001:db8::11")
                .connected("192.0.2.10", 1).build().reach().familyMismatch())
                .get().satisfies(m -> assertThat(m.failed()).hasSize(2));
    }

    @Test
    void aLocalRefusalOfThePermissionKindIsNoMismatch() {
        assertThat(target("dual.example:8282")
                .attempt("2001:db8::10", ConnectOutcome.PERMISSION_DENIED, 0, "Operation not permitted")
                .connected("192.0.2.10", 1).build().reach().familyMismatch()).isEmpty();
    }

    @Test
    void noConnectedAttemptIsNoMismatch() {
        assertThat(target("dual.example:8282").refused("2001:db8::10", 0).timedOut("192.0.2.10").build()
                .reach().familyMismatch()).isEmpty();
    }
}
