package dev.conndoctor.host;

import static dev.conndoctor.host.ProcNetNetstatTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The accept queue of each LISTEN row of a real /proc/net/tcp and tcp6 (fixtures/server), by socket inode. */
class ProcNetTcpListenQueuesTest {

    @Test
    void theQueueOfAFullListenerIsItsRxQueue() {
        Map<Long, Integer> queues = ProcNetTcp.listenQueues(server("proc-net-tcp"));

        // 127.0.0.1:9400, backlog 1, never accepting: two connections wait
        assertThat(queues).containsEntry(235775L, 2);
        assertThat(queues).containsEntry(235770L, 0);
        // only the four LISTEN rows: ESTABLISHED, SYN_SENT and TIME_WAIT rows have no accept queue
        assertThat(queues).hasSize(4);
    }

    @Test
    void ipv6RowsAndJavasMappedListenersAreRead() {
        assertThat(ProcNetTcp.listenQueues(server("proc-net-tcp6"))).containsOnlyKeys(235773L, 235774L);
        Map<Long, Integer> java = ProcNetTcp.listenQueues(server("proc-net-tcp6-java"));
        assertThat(java).containsEntry(235996L, 2).containsEntry(235994L, 0);
    }

    @Test
    void malformedRowsAreSkipped() {
        String text = "  sl  local_address rem_address   st tx_queue rx_queue\n"
                + "   0: 00000000:205A 00000000:0000 0A 00000000:zz 00:00000000 00000000     0        0 42 1\n"
                + "   1: 00000000:205B 00000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 43 1\n";

        assertThat(ProcNetTcp.listenQueues(text)).containsOnlyKeys(43L).containsEntry(43L, 3);
    }
}
