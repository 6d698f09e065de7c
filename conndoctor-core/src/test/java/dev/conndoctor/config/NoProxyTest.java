package dev.conndoctor.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NoProxyTest {

    private static boolean bypassed(String noProxy, String host, int port) {
        return new NoProxy(noProxy).bypass(host, port).isPresent();
    }

    @Test
    void anExactHostIsBypassed() {
        assertThat(new NoProxy("localhost,api.example.test").bypass("api.example.test", 443)).contains("api.example.test");
        assertThat(bypassed("api.example.test", "other.example.test", 443)).isFalse();
    }

    @Test
    void aNameCoversItsSubdomainsButNotLookalikes() {
        assertThat(bypassed("example.test", "example.test", 80)).isTrue();
        assertThat(bypassed("example.test", "api.example.test", 80)).isTrue();
        assertThat(bypassed("example.test", "a.b.example.test", 80)).isTrue();
        assertThat(bypassed("example.test", "notexample.test", 80)).isFalse();
        assertThat(bypassed("example.test", "example.test.evil.test", 80)).isFalse();
    }

    @Test
    void aLeadingDotIsTheSameSuffix() {
        assertThat(bypassed(".example.test", "api.example.test", 80)).isTrue();
        assertThat(bypassed(".example.test", "example.test", 80)).isTrue();
        assertThat(bypassed(".example.test", "notexample.test", 80)).isFalse();
    }

    @Test
    void aStarDotPrefixIsTheSameSuffix() {
        assertThat(bypassed("*.example.test", "api.example.test", 80)).isTrue();
        assertThat(bypassed("*.example.test", "notexample.test", 80)).isFalse();
    }

    @Test
    void aLoneStarBypassesEverything() {
        assertThat(new NoProxy("*").bypass("anything.test", 1)).contains("*");
        assertThat(bypassed("*", "192.0.2.1", 8282)).isTrue();
        assertThat(bypassed("*", "2001:db8::1", 8282)).isTrue();
    }

    @Test
    void entriesAndHostsCompareWithoutCaseAndTrailingDot() {
        assertThat(bypassed("Example.TEST", "API.example.test", 80)).isTrue();
        assertThat(bypassed("example.test", "api.example.test.", 80)).isTrue();
    }

    @Test
    void entriesMaySitBetweenCommasAndSpaces() {
        NoProxy noProxy = new NoProxy(" localhost , 127.0.0.1  example.test,,");
        assertThat(noProxy.bypass("127.0.0.1", 80)).contains("127.0.0.1");
        assertThat(noProxy.bypass("www.example.test", 80)).contains("example.test");
        assertThat(noProxy.bypass("localhost", 80)).contains("localhost");
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.20.30.40, true",
        "10.0.0.0/8, 11.0.0.1, false",
        "192.0.2.0/25, 192.0.2.127, true",
        "192.0.2.0/25, 192.0.2.128, false",
        "192.0.2.10, 192.0.2.10, true",
        "192.0.2.10, 192.0.2.11, false",
        "2001:db8::/32, 2001:db8:1::5, true",
        "2001:db8::/32, 2001:db9::5, false",
        "::1, ::1, true",
        "10.0.0.0/8, 2001:db8::1, false",
        "2001:db8::/32, 10.0.0.1, false",
    })
    void addressAndCidrEntriesMatchLiteralTargets(String entry, String host, boolean expected) {
        assertThat(bypassed(entry, host, 80)).isEqualTo(expected);
    }

    @Test
    void aNameNeverMatchesAnAddressEntry() {
        // deciding would need a lookup; clients do not resolve for NO_PROXY either
        assertThat(bypassed("127.0.0.1", "localhost", 80)).isFalse();
        assertThat(bypassed("10.0.0.0/8", "intranet.example.test", 80)).isFalse();
        assertThat(bypassed("::1", "localhost", 80)).isFalse();
    }

    @Test
    void aHostWithAPortMatchesThatPortOnly() {
        assertThat(bypassed("api.example.test:8282", "api.example.test", 8282)).isTrue();
        assertThat(bypassed("api.example.test:8282", "api.example.test", 443)).isFalse();
        assertThat(bypassed("example.test:8282", "api.example.test", 8282)).isTrue();
        assertThat(bypassed("192.0.2.10:8282", "192.0.2.10", 8282)).isTrue();
        assertThat(bypassed("192.0.2.10:8282", "192.0.2.10", 80)).isFalse();
    }

    @Test
    void aBracketedIpv6WithAPortMatchesThatPortOnly() {
        assertThat(bypassed("[2001:db8::1]:8282", "2001:db8::1", 8282)).isTrue();
        assertThat(bypassed("[2001:db8::1]:8282", "2001:db8::1", 80)).isFalse();
        assertThat(bypassed("[2001:db8::1]", "2001:db8::1", 80)).isTrue();
        assertThat(bypassed("[2001:db8::1]:8282", "2001:db8::2", 8282)).isFalse();
    }

    @Test
    void anEmptyOrAbsentValueBypassesNothing() {
        assertThat(bypassed(null, "localhost", 80)).isFalse();
        assertThat(bypassed("", "localhost", 80)).isFalse();
        assertThat(bypassed(" , ,", "localhost", 80)).isFalse();
    }

    @Test
    void theFirstMatchingEntryIsReported() {
        assertThat(new NoProxy("other.test,.example.test,api.example.test").bypass("api.example.test", 80))
                .contains(".example.test");
    }
}
