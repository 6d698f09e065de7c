package dev.conndoctor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import org.junit.jupiter.api.Test;

/** The host-firewall reading shared by the server's rule and the client's server-report rule. */
class HostFirewallBlockTest {

    @Test
    void aBlockForEveryoneWinsOverABlockForSomeAndIsConfirmed() {
        assertThat(HostFirewallBlock.of(true, true)).contains(HostFirewallBlock.EVERYONE);
        Cause cause = HostFirewallBlock.EVERYONE.cause(8282).build();

        assertThat(cause.id()).isEqualTo(CauseId.HOST_FIREWALL);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(HostFirewallBlock.EVERYONE.key("all", "some")).isEqualTo("all");
    }

    @Test
    void aBlockForSomeClientsIsOnlyLikely() {
        assertThat(HostFirewallBlock.of(false, true)).contains(HostFirewallBlock.SOME);
        assertThat(HostFirewallBlock.SOME.cause(8282).build().confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(HostFirewallBlock.SOME.key("all", "some")).isEqualTo("some");
    }

    @Test
    void noBlockIsNoReading() {
        assertThat(HostFirewallBlock.of(false, false)).isEmpty();
    }
}
