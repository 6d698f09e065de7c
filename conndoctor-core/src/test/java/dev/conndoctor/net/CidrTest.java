package dev.conndoctor.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CidrTest {

    @Test
    void blockContainsItsFirstAndLastAddress() {
        Cidr block = Cidr.parse("192.0.2.0/24");

        assertThat(block.contains(ip("192.0.2.0"))).isTrue();
        assertThat(block.contains(ip("192.0.2.255"))).isTrue();
    }

    @Test
    void blockDoesNotContainItsNeighbours() {
        Cidr block = Cidr.parse("192.0.2.0/24");

        assertThat(block.contains(ip("192.0.1.255"))).isFalse();
        assertThat(block.contains(ip("192.0.3.0"))).isFalse();
    }

    @Test
    void prefixThatIsNotAWholeNumberOfBytesMasksTheBitsOfThePartialByte() {
        Cidr block = Cidr.parse("172.16.0.0/12");

        assertThat(block.contains(ip("172.16.0.0"))).isTrue();
        assertThat(block.contains(ip("172.31.255.255"))).isTrue();
        assertThat(block.contains(ip("172.15.255.255"))).isFalse();
        assertThat(block.contains(ip("172.32.0.0"))).isFalse();
    }

    @Test
    void fifteenBitPrefixCoversTwoSlash16s() {
        Cidr block = Cidr.parse("198.18.0.0/15");

        assertThat(block.contains(ip("198.18.0.0"))).isTrue();
        assertThat(block.contains(ip("198.19.255.255"))).isTrue();
        assertThat(block.contains(ip("198.17.255.255"))).isFalse();
        assertThat(block.contains(ip("198.20.0.0"))).isFalse();
    }

    @Test
    void zeroPrefixContainsEveryAddressOfItsFamilyOnly() {
        Cidr v4 = Cidr.parse("0.0.0.0/0");
        Cidr v6 = Cidr.parse("::/0");

        assertThat(v4.contains(ip("203.0.113.9"))).isTrue();
        assertThat(v4.contains(ip("2001:db8::1"))).isFalse();
        assertThat(v6.contains(ip("2001:db8::1"))).isTrue();
        assertThat(v6.contains(ip("203.0.113.9"))).isFalse();
    }

    @Test
    void fullPrefixContainsExactlyOneAddress() {
        Cidr host = Cidr.parse("192.0.2.10/32");

        assertThat(host.contains(ip("192.0.2.10"))).isTrue();
        assertThat(host.contains(ip("192.0.2.11"))).isFalse();
    }

    @Test
    void addressWithoutPrefixIsASingleHostBlock() {
        assertThat(Cidr.parse("192.0.2.10").prefixLength()).isEqualTo(32);
        assertThat(Cidr.parse("2001:db8::10").prefixLength()).isEqualTo(128);
    }

    @Test
    void ipv6BlockWithPartialBytePrefix() {
        Cidr linkLocal = Cidr.parse("fe80::/10");

        assertThat(linkLocal.contains(ip("fe80::1"))).isTrue();
        assertThat(linkLocal.contains(ip("febf:ffff::1"))).isTrue();
        assertThat(linkLocal.contains(ip("fec0::1"))).isFalse();
    }

    @Test
    void documentationBlockOfIpv6() {
        Cidr doc = Cidr.parse("2001:db8::/32");

        assertThat(doc.contains(ip("2001:db8:ffff:ffff::1"))).isTrue();
        assertThat(doc.contains(ip("2001:db9::1"))).isFalse();
    }

    @Test
    void ipv4BlockDoesNotContainAnIpv6Address() {
        assertThat(Cidr.parse("192.0.2.0/24").contains(ip("2001:db8::1"))).isFalse();
    }

    @Test
    void writesItselfAsAddressSlashPrefix() {
        assertThat(Cidr.parse("192.0.2.0/24")).hasToString("192.0.2.0/24");
    }

    @Test
    void equalBlocksAreEqual() {
        assertThat(Cidr.parse("192.0.2.0/24")).isEqualTo(new Cidr(ip("192.0.2.0"), 24));
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.0/33", "192.0.2.0/-1", "::/129", "192.0.2.0/x", "192.0.2.0/", "/24",
        "example.com/24", "host-name", "192.0.2.0/24/8", "1.2.3.4 /8"})
    void malformedBlocksAreRefusedWithoutALookup(String text) {
        assertThatThrownBy(() -> Cidr.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void constructorRefusesAPrefixLongerThanTheAddress() {
        assertThatThrownBy(() -> new Cidr(ip("192.0.2.0"), 33))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("33");
    }

    @Test
    void ipv4ShorthandIsNotAnAddressLiteral() {
        assertThatThrownBy(() -> Cidr.parse("10.1/8")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cidr.parse("1.2.3/24")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hexLookingNameIsRefusedWithoutALookup() {
        // enabled while the bug is present this would ask DNS for 'cafe'; the fix refuses it before any lookup
        assertThatThrownBy(() -> Cidr.parse("cafe/16"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an IP address");
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
