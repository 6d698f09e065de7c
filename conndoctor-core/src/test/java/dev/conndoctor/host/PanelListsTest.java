package dev.conndoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelRule;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The panels' own lists parsed from rows and lines written as each panel writes them. */
class PanelListsTest {

    @Test
    void baotaPortSpecsAreOnePortOrARangeWithEitherSeparatorAndAddressesAreNotPorts() {
        assertThat(PanelPorts.range("8282")).hasValueSatisfying(r -> assertThat(r).containsExactly(8282, 8282));
        assertThat(PanelPorts.range("39000:40000")).hasValueSatisfying(r -> assertThat(r).containsExactly(39000, 40000));
        assertThat(PanelPorts.range("30000-35000")).hasValueSatisfying(r -> assertThat(r).containsExactly(30000, 35000));
        assertThat(PanelPorts.range("203.0.113.66")).isEmpty();
        assertThat(PanelPorts.range("70000")).isEmpty();
        assertThat(PanelPorts.range("9000:8000")).isEmpty();
    }

    @Test
    void baotasFirewallNewRowsBecomeRulesAndOtherTypesAreLeftOut() {
        List<PanelRule> rules = BaotaFirewall.rules(List.of(
                Map.of("ports", "8282", "protocol", "tcp/udp", "types", "accept", "address", "", "brief", "app"),
                Map.of("ports", "80,443", "protocol", "tcp", "types", "accept", "address", "", "brief", "web"),
                Map.of("ports", "9000", "protocol", "tcp", "types", "", "address", "", "brief", "?")));

        assertThat(rules).extracting(PanelRule::describe)
                .containsExactly("8282/tcp/udp accept (app)", "80/tcp accept (web)", "443/tcp accept (web)");
        assertThat(rules.get(0).coversTcp(8282)).isTrue();
    }

    @Test
    void aUdpOnlyRuleDoesNotOpenATcpPort() {
        PanelRule udp = BaotaFirewall.rules(List.of(Map.of("ports", "8282", "protocol", "udp", "types", "accept")))
                .get(0);

        assertThat(udp.coversTcp(8282)).isFalse();
    }

    @Test
    void onePanelsBaseDirIsReadFrom1pctlAndItsAnywhereIsEverySource() {
        assertThat(OnePanelFirewall.baseDir("#!/bin/bash\nBASE_DIR=/data\n")).contains("/data");
        assertThat(OnePanelFirewall.baseDir("BASE_DIR=\"/opt\"\n")).contains("/opt");
        assertThat(OnePanelFirewall.baseDir("# no base\n")).isEmpty();
        PanelRule rule = OnePanelFirewall.rules(List.of(Map.of("type", "port", "port", "8282", "protocol", "tcp",
                "address", "Anywhere", "strategy", "accept", "description", "app"))).get(0);
        assertThat(rule.everySource()).isTrue();
    }

    @Test
    void csfSettingsAreReadAsCsfWritesThem() {
        Map<String, String> settings = CsfConf.settings("TESTING = \"1\"\n# TCP_IN = \"1\"\nTCP_IN = \"22, 80,30000:35000\"\n"
                + "IPV6 = \"0\"\nTCP6_IN = \"9443\"\n");

        assertThat(CsfConf.testing(settings)).isTrue();
        assertThat(CsfConf.tcpIn(settings)).extracting(PanelRule::spec).containsExactly("22", "80", "30000:35000");
    }

    @Test
    void csfsAdvancedFiltersKeepInboundDestinationPortsOnly() {
        List<PanelDeny> denied = CsfConf.denied("""
                Include /etc/csf/csf.local.deny
                tcp|in|d=8282|s=198.51.100.20 # lfd: (mod_security) ...
                tcp|out|d=25|d=203.0.113.9 # outgoing mail block
                tcp|in|s=2222|d=198.51.100.21 # a source port: not an inbound port rule
                d=22,2222|s=198.51.100.22 # several ports
                2001:db8::/64 # lfd: (sshd) Failed SSH login
                """);

        assertThat(denied).extracting(PanelDeny::source, PanelDeny::port).containsExactly(
                org.assertj.core.groups.Tuple.tuple("198.51.100.20", Optional.of(8282)),
                org.assertj.core.groups.Tuple.tuple("2001:db8::/64", Optional.empty()));
        assertThat(denied.get(1).byLfd()).isTrue();
    }
}
