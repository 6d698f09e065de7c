package dev.conndoctor.host;

import static dev.conndoctor.host.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostsFileTest {

    private static final String HOSTS = String.join("\n",
            "# /etc/hosts of a developer machine",
            "127.0.0.1\tlocalhost",
            "::1     localhost ip6-localhost ip6-loopback",
            "",
            "192.0.2.10   api.example.test   api   # the staging box",
            "192.0.2.11   Chat.Example.Test. chat",
            "#192.0.2.99  api.example.test",
            "2001:db8::10 api.example.test",
            "   198.51.100.7    indented.example.test   ",
            "999.1.1.1    broken.example.test",
            "not-an-address broken.example.test",
            "192.0.2.50",
            "010.0.0.1    octal.example.test",
            "192.0.2.12 #chat.example.test",
            "203.0.113.5  multi.example.test\r",
            "");

    @Test
    void aNameGetsEveryAddressInFileOrderAcrossFamilies() {
        assertThat(HostsFile.addressesOf(HOSTS, "api.example.test"))
                .containsExactly(ip("192.0.2.10"), ip("2001:db8::10"));
    }

    @Test
    void anAliasAfterTheCanonicalNameCounts() {
        assertThat(HostsFile.addressesOf(HOSTS, "api")).containsExactly(ip("192.0.2.10"));
        assertThat(HostsFile.addressesOf(HOSTS, "ip6-loopback")).containsExactly(ip("::1"));
    }

    @Test
    void namesCompareWithoutCaseAndWithoutATrailingDot() {
        assertThat(HostsFile.addressesOf(HOSTS, "chat.example.test")).containsExactly(ip("192.0.2.11"));
        assertThat(HostsFile.addressesOf(HOSTS, "CHAT.example.TEST.")).containsExactly(ip("192.0.2.11"));
        assertThat(HostsFile.addressesOf(HOSTS, "API.EXAMPLE.TEST")).hasSize(2);
    }

    @Test
    void commentedOutLinesAndNamesAfterAHashDoNotCount() {
        assertThat(HostsFile.addressesOf(HOSTS, "api.example.test")).doesNotContain(ip("192.0.2.99"));
        assertThat(HostsFile.addressesOf(HOSTS, "chat.example.test")).doesNotContain(ip("192.0.2.12"));
        assertThat(HostsFile.addressesOf(HOSTS, "the")).isEmpty();
        assertThat(HostsFile.addressesOf(HOSTS, "staging")).isEmpty();
    }

    @Test
    void linesWithoutAValidLiteralAreSkipped() {
        assertThat(HostsFile.addressesOf(HOSTS, "broken.example.test")).isEmpty();
        assertThat(HostsFile.addressesOf(HOSTS, "octal.example.test")).isEmpty();
    }

    @Test
    void anAddressWithoutANameIsNotAName() {
        assertThat(HostsFile.addressesOf(HOSTS, "192.0.2.50")).isEmpty();
    }

    @Test
    void whitespaceAroundFieldsAndWindowsLineEndsAreTolerated() {
        assertThat(HostsFile.addressesOf(HOSTS, "indented.example.test")).containsExactly(ip("198.51.100.7"));
        assertThat(HostsFile.addressesOf(HOSTS, "multi.example.test")).containsExactly(ip("203.0.113.5"));
    }

    @Test
    void aSuffixOrPrefixOfANameIsNotTheName() {
        assertThat(HostsFile.addressesOf(HOSTS, "example.test")).isEmpty();
        assertThat(HostsFile.addressesOf(HOSTS, "x.api.example.test")).isEmpty();
        assertThat(HostsFile.addressesOf(HOSTS, "localhost")).containsExactly(ip("127.0.0.1"), ip("::1"));
    }

    @Test
    void anEmptyFileHasNoEntries() {
        assertThat(HostsFile.addressesOf("", "api.example.test")).isEmpty();
        assertThat(HostsFile.addressesOf("\n\n# only comments\n", "api.example.test")).isEmpty();
    }
}
