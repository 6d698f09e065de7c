package dev.conndoctor.host;

import static dev.conndoctor.host.ProcNetNetstatTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code ss -Hltn} of real listeners (fixtures/server/ss-Hltn*.txt): each listener's backlog by address and port. */
class SsListenersTest {

    @Test
    void backlogsOfIpv4AndIpv6ListenersAreKeyedByAddressAndPort() {
        Map<String, Integer> backlogs = SsListeners.backlogs(server("ss-Hltn.txt"));

        assertThat(backlogs).containsEntry("0.0.0.0 8282", 511)
                .containsEntry("127.0.0.1 9000", 128)
                .containsEntry("127.0.0.1 9400", 1)
                .containsEntry("192.0.2.10 9100", 64)
                .containsEntry("::1 9300", 16)
                // the dual-stack wildcard "*" stands for both wildcards, as /proc shows either
                .containsEntry(":: 9200", 128)
                .hasSize(7);
    }

    @Test
    void aDualStackWildcardPrintedAsStarIsTheIpv4Wildcard() {
        assertThat(SsListeners.backlogs(server("ss-Hltn.txt"))).containsEntry("0.0.0.0 9200", 128);
    }

    @Test
    void javasListenersAreReadWithTheirMappedAddresses() {
        Map<String, Integer> backlogs = SsListeners.backlogs(server("ss-Hltn-java.txt"));

        assertThat(backlogs).containsEntry("0.0.0.0 18282", 50)
                .containsEntry("0.0.0.0 18283", 1)
                // IPv4-mapped addresses are keyed as the IPv4 address /proc shows for them
                .containsEntry("192.0.2.10 18284", 1)
                .containsEntry("127.0.0.1 18285", 7);
    }

    @Test
    void zonesAndBracketsAreRemoved() {
        Map<String, Integer> backlogs = SsListeners.backlogs("LISTEN 0      4096   [fe80::1%eth0]:8282    [::]:*\n");

        assertThat(backlogs).containsOnlyKeys("fe80::1 8282").containsEntry("fe80::1 8282", 4096);
    }

    @Test
    void linesThatAreNotListenersAreSkipped() {
        String text = "State Recv-Q Send-Q Local Address:Port Peer Address:Port\n"
                + "ESTAB 0      0      192.0.2.10:8282    192.0.2.20:40000\n"
                + "LISTEN x      y      garbage\n"
                + "\n";

        assertThat(SsListeners.backlogs(text)).isEmpty();
    }
}
