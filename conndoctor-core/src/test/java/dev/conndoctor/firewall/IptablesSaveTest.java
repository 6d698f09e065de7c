package dev.conndoctor.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** iptables-save output captured from real rules (fixtures/firewall), reduced to what decides a new TCP connection. */
class IptablesSaveTest {

    private final List<Chain> rules = IptablesSave.parse(fixture("iptables-rules.txt"), "iptables");

    static String fixture(String name) {
        try (InputStream in = IptablesSaveTest.class.getResourceAsStream("/fixtures/firewall/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /fixtures/firewall/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Chain chain(List<Chain> chains, String name) {
        return chains.stream().filter(c -> c.name().equals(name)).findFirst().orElseThrow();
    }

    /** The rule whose text contains {@code fragment}. */
    private static FirewallRule rule(List<Chain> chains, String fragment) {
        return chains.stream().flatMap(c -> c.rules().stream()).filter(r -> r.text().contains(fragment)).findFirst()
                .orElseThrow(() -> new AssertionError("no rule with " + fragment));
    }

    @Test
    void builtInChainsAreHookedWithTheirPoliciesAndUserChainsAreNot() {
        assertThat(rules).extracting(Chain::name)
                .containsExactly("INPUT", "FORWARD", "OUTPUT", "BLOCKLIST", "EARLY-RETURN");
        Chain input = chain(rules, "INPUT");
        assertThat(input.source()).isEqualTo("iptables");
        assertThat(input.table()).isEqualTo("filter");
        assertThat(input.hook()).contains("input");
        assertThat(input.policy()).contains("ACCEPT");
        assertThat(chain(rules, "OUTPUT").hook()).contains("output");
        assertThat(chain(rules, "BLOCKLIST").hook()).isEmpty();
        assertThat(chain(rules, "BLOCKLIST").policy()).isEmpty();
    }

    @Test
    void aDropOnOnePortKeepsItsPositionTextAndTarget() {
        FirewallRule drop = rule(rules, "--dport 8282 -j DROP");

        assertThat(drop.chain()).isEqualTo("INPUT");
        assertThat(drop.table()).isEqualTo("filter");
        assertThat(drop.position()).isEqualTo(3);
        assertThat(drop.protocol()).isEqualTo("tcp");
        assertThat(drop.ports()).containsExactly(new PortRange(8282, 8282));
        assertThat(drop.conditions()).isEmpty();
        assertThat(drop.target()).isEqualTo("DROP");
        assertThat(drop.text()).isEqualTo("-A INPUT -p tcp -m tcp --dport 8282 -j DROP");
        assertThat(drop.canMatch(8282)).isTrue();
        assertThat(drop.canMatch(8283)).isFalse();
    }

    @Test
    void rejectsKeepWhatTheyAnswerWith() {
        assertThat(rule(rules, "--dport 8283").rejectWith()).contains("icmp-port-unreachable");
        assertThat(rule(rules, "--dport 8284").rejectWith()).contains("tcp-reset");
        assertThat(rule(rules, "--dport 8284").target()).isEqualTo("REJECT");
        assertThat(rule(rules, "--dport 8282").rejectWith()).isEmpty();
    }

    @Test
    void multiportListsAndRangesBecomePortRanges() {
        FirewallRule multiport = rule(rules, "--dports 80,443,8000:8100");

        assertThat(multiport.ports()).containsExactly(new PortRange(80, 80), new PortRange(443, 443),
                new PortRange(8000, 8100));
        assertThat(multiport.canMatch(8000)).isTrue();
        assertThat(multiport.canMatch(8100)).isTrue();
        assertThat(multiport.canMatch(8101)).isFalse();
        assertThat(multiport.canMatch(444)).isFalse();
    }

    @Test
    void sourceAndInterfaceRestrictionsAreConditions() {
        FirewallRule source = rule(rules, "-s 198.51.100.0/24");
        FirewallRule iface = rule(rules, "-i eth0");

        assertThat(source.conditions()).containsExactly("-s 198.51.100.0/24");
        assertThat(source.conditional()).isTrue();
        assertThat(source.ports()).containsExactly(new PortRange(9000, 9000));
        assertThat(iface.conditions()).containsExactly("-i eth0");
        assertThat(rule(rules, "-i lo -j ACCEPT").conditions()).containsExactly("-i lo");
    }

    @Test
    void anEstablishedRelatedAcceptNeverSeesANewConnection() {
        FirewallRule established = chain(rules, "INPUT").rules().get(0);

        assertThat(established.text()).contains("RELATED,ESTABLISHED");
        assertThat(established.onlyEstablished()).isTrue();
        assertThat(established.canMatch(8282)).isFalse();
    }

    @Test
    void aRuleForNewConnectionsSeesThem() {
        FirewallRule fresh = rule(IptablesSave.parse(fixture("iptables-policy-drop.txt"), "iptables"), "--ctstate NEW");

        assertThat(fresh.onlyEstablished()).isFalse();
        assertThat(fresh.canMatch(9000)).isTrue();
    }

    @Test
    void anInvalidStateRuleNeverSeesANewConnection() {
        FirewallRule invalid = rule(IptablesSave.parse(fixture("iptables-ufw.txt"), "iptables"),
                "--ctstate INVALID -j DROP");

        assertThat(invalid.canMatch(8282)).isFalse();
    }

    @Test
    void jumpsToUserChainsAndReturnsAreTargets() {
        assertThat(rule(rules, "--dport 9100 -j BLOCKLIST").target()).isEqualTo("BLOCKLIST");
        assertThat(rule(rules, "--dport 9250 -j RETURN").target()).isEqualTo("RETURN");
        assertThat(rule(rules, "--dport 9200:9300").ports()).containsExactly(new PortRange(9200, 9300));
        assertThat(chain(rules, "BLOCKLIST").rules()).singleElement()
                .satisfies(r -> assertThat(r.position()).isEqualTo(1));
    }

    @Test
    void aQuotedCommentWithSpacesStaysOneToken() {
        FirewallRule commented = rule(rules, "blocked by ops");

        assertThat(commented.target()).isEqualTo("DROP");
        assertThat(commented.ports()).containsExactly(new PortRange(9100, 9100));
        assertThat(commented.conditions()).isEmpty();
    }

    @Test
    void aUdpRuleCannotMatchATcpConnection() {
        FirewallRule udp = rule(rules, "-p udp");

        assertThat(udp.protocol()).isEqualTo("udp");
        assertThat(udp.canMatch(9400)).isFalse();
    }

    @Test
    void anIpsetMatchIsAConditionNamingTheSet() {
        String text = "*filter\n:INPUT ACCEPT [0:0]\n"
                + "-A INPUT -p tcp -m set --match-set blocked_clients src -m tcp --dport 9002 -j DROP\nCOMMIT\n";
        FirewallRule set = IptablesSave.parse(text, "iptables").get(0).rules().get(0);

        assertThat(set.conditions()).containsExactly("set blocked_clients src");
        assertThat(set.ports()).containsExactly(new PortRange(9002, 9002));
        assertThat(set.target()).isEqualTo("DROP");
    }

    @Test
    void aNegatedPortIsAConditionNotAPort() {
        String text = "*filter\n:INPUT DROP [0:0]\n-A INPUT -p tcp -m tcp ! --dport 22 -j DROP\nCOMMIT\n";
        FirewallRule negated = IptablesSave.parse(text, "iptables").get(0).rules().get(0);

        assertThat(negated.ports()).isEmpty();
        assertThat(negated.conditions()).containsExactly("! --dport 22");
    }

    @Test
    void ip6tablesOutputIsNamedAfterItsTool() {
        List<Chain> v6 = IptablesSave.parse(fixture("ip6tables-rules.txt"), "ip6tables");

        assertThat(v6).allSatisfy(c -> assertThat(c.source()).isEqualTo("ip6tables"));
        assertThat(rule(v6, "-s 2001:db8:b::/64").conditions()).containsExactly("-s 2001:db8:b::/64");
        assertThat(rule(v6, "--dport 8282").target()).isEqualTo("DROP");
    }

    @Test
    void aDropPolicyIsRead() {
        List<Chain> chains = IptablesSave.parse(fixture("iptables-policy-drop.txt"), "iptables");

        assertThat(chain(chains, "INPUT").policy()).contains("DROP");
        assertThat(chain(chains, "FORWARD").policy()).contains("ACCEPT");
        assertThat(rule(chains, "-j LOG").target()).isEqualTo("LOG");
    }

    @Test
    void ufwGeneratedChainsAreUserChainsJumpedToFromInput() {
        List<Chain> ufw = IptablesSave.parse(fixture("iptables-ufw.txt"), "iptables");

        assertThat(chain(ufw, "INPUT").policy()).contains("DROP");
        assertThat(chain(ufw, "INPUT").rules()).extracting(FirewallRule::target)
                .startsWith("ufw-before-logging-input", "ufw-before-input", "ufw-after-input");
        assertThat(chain(ufw, "ufw-user-input").hook()).isEmpty();
        assertThat(chain(ufw, "ufw-user-input").rules()).extracting(FirewallRule::target)
                .containsExactly("ACCEPT", "ACCEPT", "ACCEPT", "ACCEPT", "DROP", "REJECT");
    }

    @Test
    void ufwsUserRulesFileReadsAsUserChainsOnly() {
        List<Chain> user = IptablesSave.parse(fixture("ufw-user.rules"), "iptables");

        assertThat(user).allSatisfy(c -> assertThat(c.hook()).isEmpty());
        Chain input = chain(user, "ufw-user-input");
        assertThat(input.rules()).extracting(FirewallRule::target).containsExactly("ACCEPT", "ACCEPT", "DROP", "ACCEPT");
        assertThat(input.rules().get(1).ports()).containsExactly(new PortRange(80, 80), new PortRange(443, 443));
        assertThat(input.rules().get(3).conditions()).containsExactly("-s 203.0.113.0/24");
        // ufw's tuple comments and section markers are not rules
        assertThat(user.stream().flatMap(c -> c.rules().stream())).noneMatch(r -> r.text().startsWith("#"));
    }

    @Test
    void otherTablesKeepTheirOwnChains() {
        String text = "*nat\n:PREROUTING ACCEPT [0:0]\n:INPUT ACCEPT [0:0]\n"
                + "-A PREROUTING -p tcp -m tcp --dport 80 -j REDIRECT --to-ports 8080\nCOMMIT\n"
                + "*filter\n:INPUT ACCEPT [0:0]\n-A INPUT -p tcp -m tcp --dport 8282 -j DROP\nCOMMIT\n";
        List<Chain> chains = IptablesSave.parse(text, "iptables");

        assertThat(chains).extracting(c -> c.table() + "/" + c.name())
                .containsExactly("nat/PREROUTING", "nat/INPUT", "filter/INPUT");
        assertThat(chains.get(0).rules().get(0).table()).isEqualTo("nat");
    }

    @Test
    void emptyOutputHasNoChains() {
        assertThat(IptablesSave.parse("", "iptables")).isEmpty();
        assertThat(IptablesSave.parse("# Generated by iptables-save\n", "iptables")).isEmpty();
    }

    @Test
    void portRangesReadBothSpellings() {
        assertThat(PortRange.parse("8000:8100")).isEqualTo(new PortRange(8000, 8100));
        assertThat(PortRange.parse("8000-8100")).isEqualTo(new PortRange(8000, 8100));
        assertThat(PortRange.parse("22")).isEqualTo(new PortRange(22, 22));
        assertThat(PortRange.parse(":1023")).isEqualTo(new PortRange(0, 1023));
        assertThat(PortRange.parse("1024:")).isEqualTo(new PortRange(1024, 65535));
        assertThat(new PortRange(8000, 8100).toString()).isEqualTo("8000-8100");
        assertThat(new PortRange(22, 22).toString()).isEqualTo("22");
    }
}
