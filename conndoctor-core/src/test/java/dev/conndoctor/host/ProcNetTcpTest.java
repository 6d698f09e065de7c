package dev.conndoctor.host;

import static dev.conndoctor.host.Fixtures.ip;
import static dev.conndoctor.host.Fixtures.proc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProcNetTcpTest {

    private final List<SocketEntry> tcp = ProcNetTcp.parse(proc("tcp"), false);
    private final List<SocketEntry> tcp6 = ProcNetTcp.parse(proc("tcp6"), true);

    @Test
    void headerAndMalformedRowsAreSkippedAndEveryOtherRowIsKept() {
        // rows 6 (truncated) and 7 (bad hex) of the sample are unreadable
        assertThat(tcp).hasSize(6);
        // row 4 has a 30-digit address
        assertThat(tcp6).hasSize(4);
    }

    @Test
    void ipv4RowsDecodeLittleEndianAddressesAndHexPorts() {
        assertThat(tcp).extracting(SocketEntry::localEndpoint, e -> e.remoteAddress().getHostAddress(),
                        SocketEntry::remotePort, SocketEntry::state)
                .containsExactly(
                        tuple("0.0.0.0:8282", "0.0.0.0", 0, TcpState.LISTEN),
                        tuple("127.0.0.1:8282", "0.0.0.0", 0, TcpState.LISTEN),
                        tuple("127.0.0.1:8090", "0.0.0.0", 0, TcpState.LISTEN),
                        tuple("192.0.2.20:51234", "198.51.100.7", 443, TcpState.ESTABLISHED),
                        tuple("192.0.2.20:51235", "192.0.2.10", 8282, TcpState.TIME_WAIT),
                        tuple("192.0.2.20:8282", "192.0.2.11", 54321, TcpState.ESTABLISHED));
    }

    @Test
    void uidAndInodeAreRead() {
        SocketEntry wildcard = tcp.get(0);

        assertThat(wildcard.uid()).isEqualTo(1000);
        assertThat(wildcard.inode()).isEqualTo(41523L);
        assertThat(tcp.get(4).inode()).isZero();
    }

    @Test
    void ipv4TableRowsAreMarkedAsSuch() {
        assertThat(tcp).allSatisfy(e -> assertThat(e.ipv6Table()).isFalse());
        assertThat(tcp6).allSatisfy(e -> assertThat(e.ipv6Table()).isTrue());
    }

    @Test
    void wildcardListenerIsRecognized() {
        assertThat(tcp.get(0).wildcard()).isTrue();
        assertThat(tcp.get(1).wildcard()).isFalse();
        assertThat(tcp6.get(0).wildcard()).isTrue();
    }

    @Test
    void ipv6WildcardAndLoopbackListeners() {
        assertThat(tcp6.get(0).localAddress()).isEqualTo(ip("::"));
        assertThat(tcp6.get(0).localPort()).isEqualTo(8282);
        assertThat(tcp6.get(0).state()).isEqualTo(TcpState.LISTEN);

        assertThat(tcp6.get(1).localAddress()).isEqualTo(ip("::1"));
        assertThat(tcp6.get(1).localAddress()).isInstanceOf(Inet6Address.class);
        assertThat(tcp6.get(1).localPort()).isEqualTo(8283);
    }

    @Test
    void ipv4MappedAddressInTcp6IsTheIpv4AddressItCarries() {
        SocketEntry mapped = tcp6.get(2);

        assertThat(mapped.localAddress()).isInstanceOf(Inet4Address.class).isEqualTo(ip("127.0.0.1"));
        assertThat(mapped.localPort()).isEqualTo(37739);
        assertThat(mapped.remoteAddress()).isEqualTo(ip("127.0.0.1"));
        assertThat(mapped.remotePort()).isEqualTo(40718);
        assertThat(mapped.state()).isEqualTo(TcpState.TIME_WAIT);
        assertThat(mapped.localEndpoint()).isEqualTo("127.0.0.1:37739");
    }

    @Test
    void ipv6AddressWordsAreEachLittleEndian() {
        SocketEntry established = tcp6.get(3);

        assertThat(established.localAddress()).isEqualTo(ip("2001:db8::20"));
        assertThat(established.localPort()).isEqualTo(8282);
        assertThat(established.remoteAddress()).isEqualTo(ip("2001:db8::11"));
        assertThat(established.remotePort()).isEqualTo(50000);
        assertThat(established.state()).isEqualTo(TcpState.ESTABLISHED);
    }

    @Test
    void sampleFromTheDocumentationDecodes() {
        List<SocketEntry> rows = ProcNetTcp.parse(
                "   0: 0100007F:1F9A 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1", false);

        assertThat(rows).singleElement().extracting(SocketEntry::localEndpoint).isEqualTo("127.0.0.1:8090");
    }

    @Test
    void windowsLineEndingsAndTrailingBlanksDoNotMatter() {
        String table = proc("tcp").replace("\n", "\r\n");

        assertThat(ProcNetTcp.parse(table, false)).hasSize(6);
    }

    @Test
    void emptyTableHasNoRows() {
        assertThat(ProcNetTcp.parse("", false)).isEmpty();
        assertThat(ProcNetTcp.parse(proc("tcp").lines().findFirst().orElseThrow(), false)).isEmpty();
    }

    @Test
    void unknownStateCodeIsKeptAsUnknown() {
        List<SocketEntry> rows = ProcNetTcp.parse(
                "   0: 0100007F:1F9A 00000000:0000 0D 00000000:00000000 00:00000000 00000000     0        0 7 1", false);

        assertThat(rows).singleElement().extracting(SocketEntry::state).isEqualTo(TcpState.UNKNOWN);
    }

    @Test
    void everyStateCodeMapsToItsName() {
        assertThat(TcpState.ofCode(1)).isEqualTo(TcpState.ESTABLISHED);
        assertThat(TcpState.ofCode(6)).isEqualTo(TcpState.TIME_WAIT);
        assertThat(TcpState.ofCode(10)).isEqualTo(TcpState.LISTEN);
        assertThat(TcpState.ofCode(11)).isEqualTo(TcpState.CLOSING);
        assertThat(TcpState.ofCode(0)).isEqualTo(TcpState.UNKNOWN);
        assertThat(TcpState.ofCode(12)).isEqualTo(TcpState.UNKNOWN);
        assertThat(TcpState.TIME_WAIT.label()).isEqualTo("TIME-WAIT");
    }
}
