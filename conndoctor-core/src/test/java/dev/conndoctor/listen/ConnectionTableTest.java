package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The listener's limits as a policy: who is admitted, who loses a place, who is ended, with times handed in. */
class ConnectionTableTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private final AtomicInteger ended = new AtomicInteger();
    private final List<String> endedNames = new ArrayList<>();

    private Runnable end(String name) {
        return () -> {
            ended.incrementAndGet();
            endedNames.add(name);
        };
    }

    @Test
    void anAddressAtItsLimitIsTurnedAwayWhileAnotherAddressIsAdmitted() {
        ConnectionTable table = new ConnectionTable(64, 2, 10 * SECOND, SECOND / 2);
        assertThat(table.admit("127.0.0.1", 0, 5 * SECOND, end("a"))).isPresent();
        assertThat(table.admit("127.0.0.1", 0, 5 * SECOND, end("b"))).isPresent();

        assertThat(table.admit("127.0.0.1", 0, 5 * SECOND, end("c"))).isEmpty();
        assertThat(table.admit("127.0.0.2", 0, 5 * SECOND, end("d"))).isPresent();
        assertThat(ended).hasValue(0);
    }

    @Test
    void aReleasedConnectionFreesItsAddressesPlace() {
        ConnectionTable table = new ConnectionTable(64, 1, 10 * SECOND, SECOND / 2);
        ConnectionTable.Connection first = table.admit("p", 0, SECOND, end("a")).orElseThrow();
        assertThat(table.admit("p", 0, SECOND, end("b"))).isEmpty();

        table.release(first);
        table.release(first); // twice: the worker and the eviction may both release

        assertThat(table.admit("p", 0, SECOND, end("c"))).isPresent();
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void whenFullANewcomerTakesThePlaceOfTheOldestConnectionStillHandshaking() {
        ConnectionTable table = new ConnectionTable(2, 8, 10 * SECOND, SECOND / 2);
        ConnectionTable.Connection oldest = table.admit("a", 0, 5 * SECOND, end("oldest")).orElseThrow();
        table.admit("b", SECOND, 6 * SECOND, end("younger")).orElseThrow();

        Optional<ConnectionTable.Connection> newcomer = table.admit("c", 2 * SECOND, 7 * SECOND, end("newcomer"));

        assertThat(newcomer).isPresent();
        assertThat(endedNames).containsExactly("oldest");
        assertThat(oldest.evicted()).isTrue();
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.fromPeer("a")).isZero();
    }

    @Test
    void aConnectionHandshakingForLessThanARealClientNeedsKeepsItsPlace() {
        ConnectionTable table = new ConnectionTable(1, 8, 10 * SECOND, SECOND / 2);
        table.admit("a", 0, 5 * SECOND, end("young")).orElseThrow();

        assertThat(table.admit("b", SECOND / 4, 5 * SECOND, end("newcomer"))).isEmpty();
        assertThat(ended).hasValue(0);
        assertThat(table.admit("b", SECOND / 2, 5 * SECOND, end("newcomer"))).isPresent();
        assertThat(endedNames).containsExactly("young");
    }

    @Test
    void connectionsBeingServedKeepTheirPlaceAndTheNewcomerIsTurnedAway() {
        ConnectionTable table = new ConnectionTable(2, 8, 10 * SECOND, SECOND / 2);
        table.admit("a", 0, 5 * SECOND, end("a")).orElseThrow().served(600 * SECOND);
        table.admit("b", 0, 5 * SECOND, end("b")).orElseThrow().served(600 * SECOND);

        assertThat(table.admit("c", SECOND, 6 * SECOND, end("c"))).isEmpty();
        assertThat(ended).hasValue(0);
    }

    @Test
    void theWatchdogEndsConnectionsPastTheirDeadlineAndOnlyThose() {
        ConnectionTable table = new ConnectionTable(8, 8, 10 * SECOND, SECOND / 2);
        ConnectionTable.Connection late = table.admit("a", 0, 5 * SECOND, end("late")).orElseThrow();
        ConnectionTable.Connection onTime = table.admit("b", 0, 5 * SECOND, end("on time")).orElseThrow();
        onTime.served(600 * SECOND);

        table.endOverdue(4 * SECOND);
        assertThat(ended).hasValue(0);
        table.endOverdue(5 * SECOND);

        assertThat(endedNames).containsExactly("late");
        assertThat(late.ended()).isTrue();
        assertThat(onTime.ended()).isFalse();
        table.endOverdue(601 * SECOND);
        assertThat(endedNames).containsExactly("late", "on time");
    }

    @Test
    void aWriteStalledPastTheWriteTimeoutEndsTheConnectionAndAFinishedWriteDoesNot() {
        ConnectionTable table = new ConnectionTable(8, 8, 10 * SECOND, SECOND / 2);
        ConnectionTable.Connection stalled = table.admit("a", 0, SECOND, end("stalled")).orElseThrow();
        ConnectionTable.Connection done = table.admit("b", 0, SECOND, end("done")).orElseThrow();
        stalled.served(600 * SECOND);
        done.served(600 * SECOND);
        stalled.writing(2 * SECOND);
        done.writing(2 * SECOND);
        done.wrote();

        table.endOverdue(11 * SECOND);
        assertThat(ended).hasValue(0);
        table.endOverdue(12 * SECOND);

        assertThat(endedNames).containsExactly("stalled");
    }

    @Test
    void ipv6AddressesCountPerSlash64AndIpv4PerAddress() throws Exception {
        assertThat(ConnectionTable.peerKey(InetAddress.getByName("2001:db8:1:2::1")))
                .isEqualTo(ConnectionTable.peerKey(InetAddress.getByName("2001:db8:1:2:ffff::9")));
        assertThat(ConnectionTable.peerKey(InetAddress.getByName("2001:db8:1:3::1")))
                .isNotEqualTo(ConnectionTable.peerKey(InetAddress.getByName("2001:db8:1:2::1")));
        assertThat(ConnectionTable.peerKey(InetAddress.getByName("127.0.0.1")))
                .isNotEqualTo(ConnectionTable.peerKey(InetAddress.getByName("127.0.0.2")));
        assertThat(ConnectionTable.peerKey(InetAddress.getByName("::ffff:192.0.2.1")))
                .as("a mapped IPv4 address is the IPv4 address").isEqualTo("192.0.2.1");
    }

    @Test
    void aTlsRecordIsReadWholeBeforeTheClientIsClassified() {
        byte[] record = new byte[ListenServer.MAX_HEAD]; // the listener's buffer: a record of 300 bytes in it
        record[0] = 0x16;
        record[1] = 0x03;
        record[2] = 0x01;
        record[3] = 0x01;
        record[4] = 0x2c; // 300
        assertThat(ListenServer.requestOrHead(record, 3)).isFalse();
        assertThat(ListenServer.requestOrHead(record, 200)).as("the second segment of a large ClientHello").isFalse();
        assertThat(ListenServer.requestOrHead(record, 305)).isTrue();
        assertThat(ListenServer.requestOrHead("hello\n".getBytes(), 6)).isTrue();
        byte[] huge = new byte[ListenServer.MAX_HEAD];
        huge[0] = 0x16;
        huge[3] = (byte) 0xff;
        huge[4] = (byte) 0xff;
        assertThat(ListenServer.requestOrHead(huge, ListenServer.MAX_HEAD / 2)).as("a record claiming 64 KB").isTrue();
    }
}
