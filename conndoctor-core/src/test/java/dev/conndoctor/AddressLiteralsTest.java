package dev.conndoctor;

import dev.conndoctor.net.AddressLiterals;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressLiteralsTest {

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0.0", "127.0.0.1", "192.0.2.10", "255.255.255.255", "10.0.0.0", "1.2.3.4"})
    void dottedQuadsOfDecimalOctetsAreIpv4(String s) {
        assertThat(AddressLiterals.isIpv4(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"999.1.1.1", "256.0.0.1", "1.2.3", "1.2.3.4.5", "127.1", "", "1..2.3", "1.2.3.",
        ".1.2.3", "01.2.3.4", "1.2.3.04", "0x7f.0.0.1", "1.2.3.a", "1234.1.1.1", "-1.2.3.4", "+1.2.3.4",
        "1.2.3.4 ", "١.٢.٣.٤", "::1", "example.com"})
    void anythingElseIsNotIpv4(String s) {
        assertThat(AddressLiterals.isIpv4(s)).isFalse();
    }

    @Test
    void zeroOctetsAreNotLeadingZeros() {
        assertThat(AddressLiterals.isIpv4("0.0.0.0")).isTrue();
        assertThat(AddressLiterals.isIpv4("10.0.0.00")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"::", "::1", "1::", "2001:db8::1", "2001:DB8::1", "2001:0db8:0000:0000:0000:0000:0000:0001",
        "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8", "1:2:3::6:7:8", "::ffff:192.0.2.1",
        "64:ff9b::192.0.2.1", "1:2:3:4:5:6:192.0.2.1", "::192.0.2.1", "fe80::1%eth0", "fe80::1%1",
        "fe80::1%enp0s31f6", "fe80::1%br-lan_0.1", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"})
    void validIpv6Literals(String s) {
        assertThat(AddressLiterals.isIpv6(s)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::8", ":::", ":1:2:3:4:5:6:7", "1:2:3:4:5:6:7:", "g::1", "::g",
        "", ":", "1", "192.0.2.1", "::ffff:192.0.2", "::ffff:999.0.2.1", "192.0.2.1::", "1:2:3:4:5:6:7:192.0.2.1",
        "::1%", "%eth0", "fe80::1%eth 0", "fe80::1%eth/0", "fe80::1%ëth0", "[::1]", "::1 ", "2001:db8::1/64"})
    void invalidIpv6Literals(String s) {
        assertThat(AddressLiterals.isIpv6(s)).isFalse();
    }

    @Test
    void eightGroupsAreAFullAddressAndNineAreTooMany() {
        assertThat(AddressLiterals.isIpv6("2001:db8:0:0:0:0:0:1")).isTrue();
        assertThat(AddressLiterals.isIpv6("2001:db8:0:0:0:0:0:0:1")).isFalse();
    }

    @Test
    void ipv4TailMayOnlyEndTheAddress() {
        assertThat(AddressLiterals.isIpv6("::ffff:192.0.2.1")).isTrue();
        assertThat(AddressLiterals.isIpv6("::192.0.2.1:ffff")).isFalse();
    }
}
