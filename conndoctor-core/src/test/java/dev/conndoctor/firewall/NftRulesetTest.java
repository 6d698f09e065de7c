package dev.conndoctor.firewall;

import static dev.conndoctor.firewall.IptablesSaveTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code nft -j list ruleset} captured from real tables (fixtures/firewall), reduced rule by rule. */
class NftRulesetTest {

    private final List<Chain> nativeTable = NftRuleset.parse(fixture("nft-native.json"), true);

    private static Chain chain(List<Chain> chains, String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    private static FirewallRule rule(List<Chain> chains, String text) {
        return chains.stream().flatMap(c -> c.rules().stream()).filter(r -> r.text().equals(text)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule '" + text + "' in "
                        + chains.stream().flatMap(c -> c.rules().stream()).map(FirewallRule::text).toList()));
    }

    @Test
    void baseChainsCarryHookAndPolicyUserChainsDoNot() {
        assertThat(nativeTable).extracting(Chain::name)
                .containsExactly("input", "deny_chain", "early_return", "output");
        Chain input = chain(nativeTable, "input");
        assertThat(input.source()).isEqualTo("nft");
        assertThat(input.table()).isEqualTo("inet cdfilter");
        assertThat(input.hook()).contains("input");
        assertThat(input.policy()).contains("ACCEPT");
        assertThat(chain(nativeTable, "output").hook()).contains("output");
        assertThat(chain(nativeTable, "deny_chain").hook()).isEmpty();
        assertThat(chain(nativeTable, "deny_chain").policy()).isEmpty();
    }

    @Test
    void aSinglePortDropIsReadWithItsText() {
        FirewallRule drop = rule(nativeTable, "tcp dport 8282 drop");

        assertThat(drop.protocol()).isEqualTo("tcp");
        assertThat(drop.ports()).containsExactly(new PortRange(8282, 8282));
        assertThat(drop.target()).isEqualTo("DROP");
        assertThat(drop.conditions()).isEmpty();
        assertThat(drop.table()).isEqualTo("inet cdfilter");
        assertThat(drop.chain()).isEqualTo("input");
    }

    @Test
    void anonymousSetsAndRangesBecomePortRanges() {
        assertThat(rule(nativeTable, "tcp dport { 22, 80, 443 } accept").ports())
                .containsExactly(new PortRange(22, 22), new PortRange(80, 80), new PortRange(443, 443));
        assertThat(rule(nativeTable, "tcp dport 8000-8100 drop").ports()).containsExactly(new PortRange(8000, 8100));
        FirewallRule mixed = rule(nativeTable, "tcp dport { 9000-9010, 9500 } reject");
        assertThat(mixed.ports()).containsExactly(new PortRange(9000, 9010), new PortRange(9500, 9500));
        assertThat(mixed.canMatch(9005)).isTrue();
        assertThat(mixed.canMatch(9011)).isFalse();
    }

    @Test
    void rejectsKeepTheirKind() {
        assertThat(rule(nativeTable, "tcp dport { 9000-9010, 9500 } reject").rejectWith()).contains("tcp-reset");
        assertThat(rule(nativeTable, "tcp dport 8283 reject").rejectWith()).contains("port-unreachable");
        assertThat(chain(nativeTable, "deny_chain").rules().get(0).rejectWith()).contains("admin-prohibited");
    }

    @Test
    void anAddressSetAndAnInterfaceAreConditions() {
        FirewallRule set = rule(nativeTable, "ip saddr @blocked_clients tcp dport 9600 drop");
        FirewallRule iface = rule(nativeTable, "iifname eth1 tcp dport 9601 drop");

        assertThat(set.conditions()).containsExactly("ip saddr @blocked_clients");
        assertThat(set.ports()).containsExactly(new PortRange(9600, 9600));
        assertThat(iface.conditions()).containsExactly("iifname eth1");
        assertThat(rule(nativeTable, "iif lo accept").conditional()).isTrue();
    }

    @Test
    void anEstablishedRelatedAcceptNeverSeesANewConnection() {
        FirewallRule established = chain(nativeTable, "input").rules().get(0);

        assertThat(established.onlyEstablished()).isTrue();
        assertThat(established.canMatch(8282)).isFalse();
    }

    @Test
    void jumpsAndReturnsAreTargets() {
        assertThat(rule(nativeTable, "tcp dport 9700 deny_chain").target()).isEqualTo("deny_chain");
        assertThat(rule(nativeTable, "tcp dport 9800-9900 early_return").target()).isEqualTo("early_return");
        assertThat(rule(nativeTable, "tcp dport 9850 return").target()).isEqualTo("RETURN");
        assertThat(chain(nativeTable, "early_return").rules().get(1).target()).isEqualTo("DROP");
        assertThat(chain(nativeTable, "early_return").rules().get(1).ports()).isEmpty();
    }

    @Test
    void aNamedPortSetMatchesItsElementsOnly() {
        FirewallRule named = rule(nativeTable, "tcp dport @closed_ports drop");

        assertThat(named.canMatch(7000)).isTrue();
        assertThat(named.canMatch(7001)).isTrue();
        assertThat(named.canMatch(8282)).isFalse();
        assertThat(named.conditional()).isFalse();
    }

    @Test
    void anInvalidStateRuleNeverSeesANewConnection() {
        List<Chain> firewalld = NftRuleset.parse(fixture("nft-firewalld.json"), true);

        assertThat(rule(firewalld, "state in invalid drop").canMatch(8282)).isFalse();
    }

    @Test
    void anL4protoSetOfIcmpDoesNotMatchTcp() {
        List<Chain> firewalld = NftRuleset.parse(fixture("nft-firewalld.json"), true);

        assertThat(rule(firewalld, "l4proto { icmp, ipv6-icmp } accept").canMatch(8282)).isFalse();
    }

    @Test
    void firewalldsTableIsABaseChainWithZoneChains() {
        List<Chain> firewalld = NftRuleset.parse(fixture("nft-firewalld-plain.json"), true);

        Chain input = chain(firewalld, "filter_INPUT");
        assertThat(input.table()).isEqualTo("inet firewalld");
        assertThat(input.hook()).contains("input");
        assertThat(input.policy()).contains("ACCEPT");
        assertThat(input.rules()).last().satisfies(r -> {
            assertThat(r.target()).isEqualTo("REJECT");
            assertThat(r.rejectWith()).contains("admin-prohibited");
        });
        assertThat(chain(firewalld, "filter_INPUT_ZONES").rules()).extracting(FirewallRule::target)
                .containsExactly("filter_IN_public", "filter_IN_public");
        FirewallRule ssh = chain(firewalld, "filter_IN_public_allow").rules().get(0);
        assertThat(ssh.ports()).containsExactly(new PortRange(22, 22));
        assertThat(ssh.canMatch(22)).isTrue();
        assertThat(ssh.conditions()).isEmpty();
        // the DHCPv6 rule is for UDP only
        assertThat(chain(firewalld, "filter_IN_public_allow").rules().get(1).canMatch(546)).isFalse();
    }

    @Test
    void theTablesIptablesNftManagesAreLeftToIptablesSave() {
        String json = fixture("nft-with-iptables-nft.json");

        assertThat(NftRuleset.parse(json, true)).isEmpty();
        List<Chain> all = NftRuleset.parse(json, false);
        assertThat(all).extracting(Chain::table).containsOnly("ip filter");
        assertThat(chain(all, "INPUT").hook()).contains("input");
    }

    @Test
    void anEmptyRulesetHasNoChains() {
        assertThat(NftRuleset.parse(fixture("nft-empty.json"), false)).isEmpty();
    }

    @Test
    void textThatIsNotJsonIsRefusedByName() {
        assertThatThrownBy(() -> NftRuleset.parse("table inet filter {", false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not nft JSON");
    }
}
