package dev.conndoctor.host;

import static dev.conndoctor.host.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A namespace's addresses and identity, from files captured in a namespace made for it (fixtures/containers). */
class NamespaceFilesTest {

    @Test
    void theTrieNamesEachLocalAddressOnceWithoutBroadcastsOrNetworks() {
        assertThat(FibTrie.localAddresses(ContainerFixtures.text("fib_trie.txt")))
                .containsExactly(ip("127.0.0.1"), ip("203.0.113.194"));
    }

    @Test
    void ifInet6ListsEveryIpv6AddressOfTheNamespace() {
        assertThat(IfInet6.addresses(ContainerFixtures.text("if_inet6.txt"))).containsExactly(ip("::1"),
                ip("fe80::a4ba:a9ff:fe93:8933"), ip("2001:db8:5::194"), ip("fe80::c4e5:fff:fe2d:68b0"));
    }

    @Test
    void aNetworkNamespaceLinkGivesItsInodeAndOtherLinksDoNot() {
        assertThat(NamespaceLinks.inode("net:[4026532317]", "net")).isEqualTo(OptionalLong.of(4026532317L));
        assertThat(NamespaceLinks.inode("socket:[12345]", "net")).isEmpty();
        assertThat(NamespaceLinks.inode("/dev/null", "net")).isEmpty();
        assertThat(NamespaceLinks.inode("mnt:[4026531841]", "net")).isEmpty();
    }
}
