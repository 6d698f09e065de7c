package dev.conndoctor.net;

import static dev.conndoctor.net.CidrTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Addresses here are data only: they are classified, never dialled or looked up. */
class AddressClassTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        // private 10/8 and its edges
        "10.0.0.0, PRIVATE",
        "10.255.255.255, PRIVATE",
        "9.255.255.255, PUBLIC",
        "11.0.0.0, PUBLIC",
        // private 172.16/12 and its edges
        "172.15.255.255, PUBLIC",
        "172.16.0.1, PRIVATE",
        "172.31.255.255, PRIVATE",
        "172.32.0.0, PUBLIC",
        // private 192.168/16
        "192.168.0.1, PRIVATE",
        "192.168.255.255, PRIVATE",
        "192.169.0.0, PUBLIC",
        // carrier-grade NAT 100.64/10
        "100.63.255.255, PUBLIC",
        "100.64.0.1, CGNAT",
        "100.127.255.255, CGNAT",
        "100.128.0.0, PUBLIC",
        // fake-IP proxies answer from the benchmarking block 198.18/15
        "198.17.255.255, PUBLIC",
        "198.18.0.1, FAKE_IP",
        "198.19.255.255, FAKE_IP",
        "198.20.0.0, PUBLIC",
        // documentation
        "192.0.2.1, DOCUMENTATION",
        "198.51.100.7, DOCUMENTATION",
        "203.0.113.255, DOCUMENTATION",
        "192.0.3.0, PUBLIC",
        "2001:db8::1, DOCUMENTATION",
        "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff, DOCUMENTATION",
        "2001:db9::1, PUBLIC",
        // link-local
        "169.254.0.1, LINK_LOCAL",
        "169.254.255.255, LINK_LOCAL",
        "fe80::1, LINK_LOCAL",
        "febf::1, LINK_LOCAL",
        "fec0::1, PUBLIC",
        // unique local fc00::/7
        "fd00::1, UNIQUE_LOCAL",
        "fc00::1, UNIQUE_LOCAL",
        "fe00::1, PUBLIC",
        // multicast
        "224.0.0.1, MULTICAST",
        "239.255.255.255, MULTICAST",
        "ff02::1, MULTICAST",
        // loopback
        "127.0.0.1, LOOPBACK",
        "127.0.0.2, LOOPBACK",
        "127.255.255.255, LOOPBACK",
        "::1, LOOPBACK",
        // unspecified
        "0.0.0.0, UNSPECIFIED",
        ":: , UNSPECIFIED",
        // public
        "8.8.8.8, PUBLIC",
        "2606:4700::1, PUBLIC",
    })
    void classifiesBoundaryAddresses(String address, AddressClass expected) {
        assertThat(AddressClass.of(ip(address.trim()))).isEqualTo(expected);
    }

    @Test
    void ipv4MappedIpv6AddressIsClassifiedAsTheIpv4AddressItCarries() {
        assertThat(AddressClass.of(ip("::ffff:10.1.2.3"))).isEqualTo(AddressClass.PRIVATE);
        assertThat(AddressClass.of(ip("::ffff:127.0.0.1"))).isEqualTo(AddressClass.LOOPBACK);
    }

    @Test
    void internalClassesAreThoseOfOneSiteOrProvider() {
        assertThat(AddressClass.PRIVATE.isInternal()).isTrue();
        assertThat(AddressClass.CGNAT.isInternal()).isTrue();
        assertThat(AddressClass.LINK_LOCAL.isInternal()).isTrue();
        assertThat(AddressClass.UNIQUE_LOCAL.isInternal()).isTrue();

        assertThat(AddressClass.PUBLIC.isInternal()).isFalse();
        assertThat(AddressClass.LOOPBACK.isInternal()).isFalse();
        assertThat(AddressClass.FAKE_IP.isInternal()).isFalse();
        assertThat(AddressClass.DOCUMENTATION.isInternal()).isFalse();
        assertThat(AddressClass.MULTICAST.isInternal()).isFalse();
        assertThat(AddressClass.UNSPECIFIED.isInternal()).isFalse();
    }

    @Test
    void idsAreKebabCase() {
        assertThat(AddressClass.UNIQUE_LOCAL.id()).isEqualTo("unique-local");
        assertThat(AddressClass.FAKE_IP.id()).isEqualTo("fake-ip");
        assertThat(AddressClass.CGNAT.id()).isEqualTo("cgnat");
    }
}
