package dev.conndoctor.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.TestResources;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Published ports read from the nat tables of a firewall read: a real Docker 20.10 host
 * (iptables-nft), netavark's and Docker's own nft tables (fixtures/containers).
 */
class NatRulesTest {

    private static String fixture(String name) {
        return TestResources.text("/fixtures/containers/" + name);
    }

    private static InetAddress ip(String literal) {
        return TestResources.ip(literal);
    }

    private static DnatRule onPort(List<DnatRule> rules, int port) {
        return rules.stream().filter(r -> r.matches(port, "tcp")).findFirst()
                .orElseThrow(() -> new AssertionError("no DNAT for " + port + " in " + rules));
    }

    private final List<DnatRule> docker = NatRules.dnat(IptablesSave.parse(fixture("iptables-save-docker.txt"), "iptables"));

    @Test
    void everyPortDockerPublishesIsADnatRuleOfItsDockerChain() {
        assertThat(docker).extracting(r -> r.hostPorts().get(0).low()).containsExactly(18080, 18081, 18082, 18083);
        DnatRule web = onPort(docker, 18080);

        assertThat(web.destination()).isEqualTo(ip("203.0.113.194"));
        assertThat(web.destinationPort(18080)).isEqualTo(80);
        assertThat(web.protocol()).isEqualTo("tcp");
        assertThat(web.hostAddress()).isEmpty();
        assertThat(web.chain()).isEqualTo("DOCKER");
        assertThat(web.table()).isEqualTo("nat");
        assertThat(web.engine()).contains("docker");
        assertThat(web.conditions()).containsExactly("! -i docker0");
        assertThat(web.text()).isEqualTo(
                "-A DOCKER ! -i docker0 -p tcp -m tcp --dport 18080 -j DNAT --to-destination 203.0.113.194:80");
    }

    @Test
    void aPortPublishedOnLoopbackKeepsTheHostAddressItIsLimitedTo() {
        DnatRule loopback = onPort(docker, 18082);

        assertThat(loopback.hostAddress()).contains(ip("127.0.0.1"));
        assertThat(loopback.conditions()).containsExactly("! -i docker0");
        assertThat(loopback.destination()).isEqualTo(ip("203.0.113.196"));
    }

    @Test
    void theFilterTableAndTheMasqueradesPublishNothing() {
        assertThat(docker).allMatch(r -> r.table().equals("nat") && r.text().contains("-j DNAT"));
        assertThat(docker.stream().filter(r -> r.matches(80, "tcp"))).isEmpty();
    }

    @Test
    void withoutTheUserlandProxyTheDnatRulesAloneShowThePublishingWithNoInterfaceCondition() {
        List<DnatRule> noProxy = NatRules.dnat(IptablesSave.parse(fixture("iptables-save-nat-noproxy.txt"), "iptables"));

        assertThat(noProxy).extracting(DnatRule::destination).containsExactly(ip("203.0.113.194"),
                ip("203.0.113.195"), ip("203.0.113.196"), ip("203.0.113.197"));
        assertThat(noProxy).allMatch(r -> r.conditions().isEmpty());
        assertThat(onPort(noProxy, 18082).hostAddress()).contains(ip("127.0.0.1"));
    }

    @Test
    void aUdpPublicationDoesNotAnswerForTcp() {
        List<DnatRule> rules = NatRules.dnat(IptablesSave.parse("""
                *nat
                :DOCKER - [0:0]
                -A DOCKER ! -i docker0 -p udp -m udp --dport 5353 -j DNAT --to-destination 172.17.0.3:53
                COMMIT
                """, "iptables"));

        assertThat(rules).hasSize(1);
        assertThat(rules.get(0).matches(5353, "tcp")).isFalse();
        assertThat(rules.get(0).matches(5353, "udp")).isTrue();
    }

    @Test
    void iptablesNftsOwnDnatSeenByNftHasNoDestinationAndIsLeftToIptablesSave() {
        // the nat table as nft -j shows it on the same host: {"xt": {"name": "DNAT"}}, no address
        List<Chain> nft = NftRuleset.parse(fixture("nft-docker-iptables-nft.json"), Set.of());

        assertThat(nft.stream().flatMap(c -> c.rules().stream()).filter(r -> r.target().equals("DNAT"))).hasSize(4);
        assertThat(NatRules.dnat(nft)).isEmpty();
    }

    @Test
    void netavarksNftDnatLeadsToThePodmanContainer() {
        List<DnatRule> podman = NatRules.dnat(NftRuleset.parse(fixture("nft-netavark.json"), Set.of("ip", "ip6")));

        assertThat(podman).hasSize(2);
        DnatRule all = onPort(podman, 8080);
        assertThat(all.destination()).isEqualTo(ip("10.88.0.2"));
        assertThat(all.destinationPort(8080)).isEqualTo(80);
        assertThat(all.hostAddress()).isEmpty();
        assertThat(all.table()).isEqualTo("inet netavark");
        assertThat(all.engine()).contains("podman");
        assertThat(all.text()).isEqualTo("tcp dport 8080 dnat ip to 10.88.0.2:80");

        DnatRule loopback = onPort(podman, 8081);
        assertThat(loopback.hostAddress()).contains(ip("127.0.0.1"));
        assertThat(loopback.destination()).isEqualTo(ip("10.88.0.3"));
        assertThat(loopback.destinationPort(8081)).isEqualTo(8000);
        assertThat(loopback.conditions()).isEmpty();
    }

    @Test
    void dockersNftablesBackendPublishesOnBothFamilies() {
        List<DnatRule> rules = NatRules.dnat(NftRuleset.parse(fixture("nft-docker-bridges.json"), Set.of("ip", "ip6")));

        assertThat(rules).extracting(DnatRule::destination).containsExactly(ip("192.0.2.2"), ip("fd00:db8::2"));
        assertThat(rules).allMatch(r -> r.engine().equals(Optional.of("docker")) && r.destinationPort(8080) == 80);
        assertThat(rules.get(1).text()).endsWith("dnat to [fd00:db8::2]:80");
        assertThat(rules.get(0).conditions()).containsExactly("iifname != bridge1");
    }

    @Test
    void destinationsAreReadInEverySpellingAndAddressRangesAreNot() {
        assertThat(NatRules.destination("172.17.0.2:80")).hasValueSatisfying(d -> {
            assertThat(d.address()).isEqualTo(ip("172.17.0.2"));
            assertThat(d.ports()).contains(new PortRange(80, 80));
        });
        assertThat(NatRules.destination("172.17.0.2")).hasValueSatisfying(d -> assertThat(d.ports()).isEmpty());
        assertThat(NatRules.destination("[fd00::2]:8080")).hasValueSatisfying(d -> {
            assertThat(d.address()).isEqualTo(ip("fd00::2"));
            assertThat(d.ports()).contains(new PortRange(8080, 8080));
        });
        assertThat(NatRules.destination("fd00::2")).hasValueSatisfying(d -> assertThat(d.ports()).isEmpty());
        assertThat(NatRules.destination("10.0.0.2:9000-9010"))
                .hasValueSatisfying(d -> assertThat(d.ports()).contains(new PortRange(9000, 9010)));
        assertThat(NatRules.destination("10.0.0.2-10.0.0.5:80")).isEmpty();
        assertThat(NatRules.destination("backend.example:80")).isEmpty();
    }

    @Test
    void aRangeOfPortsMapsOntoARangeOfTheSameSizeAndARuleWithoutPortsKeepsThePort() {
        List<DnatRule> rules = NatRules.dnat(IptablesSave.parse("""
                *nat
                :PREROUTING ACCEPT [0:0]
                -A PREROUTING -p tcp -m tcp --dport 8000:8010 -j DNAT --to-destination 10.0.0.2:9000-9010
                -A PREROUTING -d 198.51.100.7/32 -j DNAT --to-destination 10.0.0.7
                COMMIT
                """, "iptables"));

        assertThat(rules.get(0).destinationPort(8005)).isEqualTo(9005);
        assertThat(rules.get(1).matches(443, "tcp")).isTrue();
        assertThat(rules.get(1).destinationPort(443)).isEqualTo(443);
        assertThat(rules.get(1).hostAddress()).contains(ip("198.51.100.7"));
        assertThat(rules.get(1).engine()).isEmpty();
    }
}
