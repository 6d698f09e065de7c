package dev.conndoctor.rules.server;

import static dev.conndoctor.rules.server.ServerRulesTest.PORT;
import static dev.conndoctor.rules.server.ServerRulesTest.accept;
import static dev.conndoctor.rules.server.ServerRulesTest.assertSilent;
import static dev.conndoctor.rules.server.ServerRulesTest.baota;
import static dev.conndoctor.rules.server.ServerRulesTest.evidence;
import static dev.conndoctor.rules.server.ServerRulesTest.excluded;
import static dev.conndoctor.rules.server.ServerRulesTest.fixes;
import static dev.conndoctor.rules.server.ServerRulesTest.found;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.RuledOut;
import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelFinding;
import dev.conndoctor.evidence.server.PanelKind;
import dev.conndoctor.evidence.server.PanelRule;
import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.evidence.server.ServerEvidence;
import dev.conndoctor.rules.Verdict;
import dev.conndoctor.rules.server.ServerRulesTest.Host;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** panel-firewall on the server: each panel's own list, joined with the firewall read on the host. */
class PanelFirewallRuleTest {

    private static final List<PanelRule> BAOTA_LIST = List.of(accept("21", "FTP服务"), accept("22", "SSH远程管理服务"),
            accept("80", "网站默认端口"), accept("443", "HTTPS"), accept("8888", "WEB面板"),
            accept("39000-40000", "FTP被动端口范围"));

    private static Verdict judge(ServerEvidence e, int port) {
        return new FirewallRules.PanelFirewall().evaluate(new PortEvidence(e, port));
    }

    private static String why(RuledOut r) {
        return r.why().render(Locale.ROOT);
    }

    // ---- Baota / aaPanel

    @Test
    void aPortMissingFromBaotasListOnItsIptablesIsConfirmedWithTheListTheRuleAndThePanelsCommand() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-baota.txt")
                .panel(baota(Optional.of("iptables"), Optional.of(true), BAOTA_LIST)).build();

        Cause cause = found(judge(e, PORT));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(cause.summary().render(Locale.ROOT)).isEqualTo(
                "Baota / aaPanel keeps port 8282 closed: its own firewall list does not let it in.");
        assertThat(evidence(cause))
                .contains("Baota / aaPanel's list of open ports does not have 8282 (it opens 21, 22, 80, 443, 8888, "
                        + "39000-40000; read from /www/server/panel/data/db/firewall.db (firewall_new))")
                .contains("it drives iptables")
                .contains("The firewall read on this host agrees: port 8282 dropped by iptables: policy DROP of the input chain.");
        assertThat(fixes(cause)).contains("Open port 8282 in Baota / aaPanel: Security (安全)")
                .contains("`iptables -I INPUT -p tcp -m state --state NEW -m tcp --dport 8282 -j ACCEPT`");
    }

    @Test
    void aPortInBaotasListIsRuledOutWithItsNote() {
        ServerEvidence e = Host.of(443).listener("0.0.0.0", 443).iptables("iptables-baota.txt")
                .panel(baota(Optional.of("iptables"), Optional.of(true), BAOTA_LIST)).build();

        RuledOut r = excluded(judge(e, 443));

        assertThat(r.id()).isEqualTo(CauseId.PANEL_FIREWALL);
        assertThat(why(r)).isEqualTo("Baota / aaPanel lets port 443 in: 443/tcp accept (HTTPS) "
                + "(read from /www/server/panel/data/db/firewall.db (firewall_new)).");
    }

    @Test
    void aPortInsideARangeOfBaotasListIsRuledOut() {
        ServerEvidence e = Host.of(39500).listener("0.0.0.0", 39500).iptables("iptables-baota.txt")
                .panel(baota(Optional.of("iptables"), Optional.of(true), BAOTA_LIST)).build();

        assertThat(why(excluded(judge(e, 39500)))).contains("39000-40000/tcp accept (FTP被动端口范围)");
    }

    @Test
    void aDropRuleOfBaotasListIsConfirmedAndSaysToRemoveIt() {
        PanelRule drop = new PanelRule(6379, 6379, "tcp", false, "", "Redis", "6379");
        ServerEvidence e = Host.of(6379).listener("0.0.0.0", 6379).iptables("iptables-baota.txt")
                .panel(baota(Optional.of("iptables"), Optional.of(true), List.of(drop, accept("6379", "old")))).build();

        Cause cause = found(judge(e, 6379));

        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("Baota / aaPanel's list drops port 6379: 6379/tcp drop (Redis)");
        assertThat(fixes(cause)).contains("Remove the drop rule from Baota / aaPanel's list: 6379/tcp drop (Redis).");
    }

    @Test
    void aPortBaotaOpensForOneAddressOnlyIsLikely() {
        PanelRule office = new PanelRule(3306, 3306, "tcp", true, "198.51.100.7", "MySQL", "3306");
        ServerEvidence e = Host.of(3306).listener("0.0.0.0", 3306)
                .panel(baota(Optional.of("ufw"), Optional.of(true), List.of(office))).build();

        Cause cause = found(judge(e, 3306));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("only from some addresses: 3306/tcp accept from 198.51.100.7 (MySQL)");
        assertThat(fixes(cause)).contains("`ufw allow 3306/tcp`");
    }

    @Test
    void baotaWhoseFirewallIsOffIsRuledOut() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT)
                .panel(baota(Optional.of("firewalld"), Optional.of(false), BAOTA_LIST)).build();

        assertThat(why(excluded(judge(e, PORT))))
                .isEqualTo("Baota / aaPanel's firewall (firewalld) is off: the panel does not keep port 8282 closed.");
    }

    @Test
    void baotaWithNoFirewallToDriveIsRuledOutAsNotManaging() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT)
                .panel(baota(Optional.empty(), Optional.empty(), BAOTA_LIST)).build();

        assertThat(why(excluded(judge(e, PORT)))).isEqualTo("Baota / aaPanel is installed (/www/server/panel), but no "
                + "firewall it drives is installed here, so it does not decide port 8282.");
    }

    @Test
    void anUnreadableListOnAFirewallThatBlocksIsLikelyAndSaysWhyItWasNotRead() {
        PanelFinding unread = new PanelFinding(PanelKind.BAOTA, "/www/server/panel", Optional.of("iptables"),
                Optional.of(true), false, Optional.empty(),
                Optional.of("/www/server/panel/data/default.db: [SQLITE_NOTADB] File opened that is not a database file"),
                List.of(), List.of(), 0);
        ServerEvidence blocked = Host.of().listener("0.0.0.0", PORT).iptables("iptables-baota.txt").panel(unread).build();
        ServerEvidence open = Host.of().listener("0.0.0.0", PORT).iptables("iptables-rules.txt").panel(unread).build();

        Cause cause = found(judge(blocked, PORT));
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("Baota / aaPanel's list could not be read (/www/server/panel/data/default.db: "
                + "[SQLITE_NOTADB] File opened that is not a database file)");
        assertThat(why(excluded(judge(open, 8285)))).contains("could not be read").contains("lets port 8285 in");
    }

    @Test
    void aPortMissingFromTheListThatTheLiveFirewallLetsInAnywayIsRuledOut() {
        ServerEvidence e = Host.of(8285).listener("0.0.0.0", 8285).iptables("iptables-rules.txt")
                .panel(baota(Optional.of("iptables"), Optional.of(true), BAOTA_LIST)).build();

        assertThat(why(excluded(judge(e, 8285)))).isEqualTo("Port 8285 is not in Baota / aaPanel's list, yet the "
                + "firewall it drives (iptables) lets it in: the panel does not keep it closed.");
    }

    @Test
    void withoutTheFirewallReadThePanelsOwnListDecides() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT)
                .panel(baota(Optional.of("ufw"), Optional.of(true), BAOTA_LIST)).build();

        Cause cause = found(judge(e, PORT));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).doesNotContain("firewall read on this host");
        assertThat(fixes(cause)).contains("`ufw allow 8282/tcp`");
    }

    // ---- 1Panel

    private static PanelFinding onePanel(Optional<String> drives, Optional<Boolean> on) {
        return new PanelFinding(PanelKind.ONE_PANEL, "/opt/1panel", drives, on, false,
                Optional.of("/opt/1panel/db/1Panel.db (firewalls)"), Optional.empty(),
                List.of(accept("22", "SSH"), accept("30000-35000", "game servers")), List.of(), 0);
    }

    @Test
    void aPortMissingFrom1PanelsRulesOnFirewalldIsConfirmedWithItsPageAndCommand() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).firewalld()
                .panel(onePanel(Optional.of("firewalld"), Optional.of(true))).build();

        Cause cause = found(judge(e, PORT));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("1Panel's list of open ports does not have 8282 (it opens 22, 30000-35000");
        assertThat(fixes(cause)).contains("Open port 8282 in 1Panel: Host (主机) > Firewall (防火墙)")
                .contains("`firewall-cmd --zone=public --add-port=8282/tcp --permanent`");
    }

    @Test
    void aPortInA1PanelRangeIsRuledOutAndItsFirewallOffOrMissingToo() {
        assertThat(why(excluded(judge(Host.of(31000).panel(onePanel(Optional.of("ufw"), Optional.of(true))).build(), 31000))))
                .contains("30000-35000/tcp accept (game servers)");
        assertThat(why(excluded(judge(Host.of().panel(onePanel(Optional.of("ufw"), Optional.of(false))).build(), PORT))))
                .contains("1Panel's firewall (ufw) is off");
        assertThat(why(excluded(judge(Host.of().panel(onePanel(Optional.empty(), Optional.empty())).build(), PORT))))
                .contains("1Panel is installed (/opt/1panel), but no firewall it drives is installed here");
    }

    // ---- CSF

    private static PanelFinding csf(boolean testing, boolean on) {
        return new PanelFinding(PanelKind.CSF, "/etc/csf", Optional.of("iptables"), Optional.of(on), testing,
                Optional.of("/etc/csf/csf.conf"), Optional.empty(),
                List.of(new PanelRule(22, 22, "tcp", true, "", "TCP_IN", "22"),
                        new PanelRule(30000, 35000, "tcp", true, "", "TCP_IN", "30000:35000")),
                List.of(new PanelDeny("198.51.100.20", Optional.empty(), "lfd: (PERMBLOCK) ...", true)), 1);
    }

    @Test
    void aPortMissingFromTcpInIsConfirmedAndInTestingModeOnlyLikely() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-csf.txt").panel(csf(false, true)).build();
        Cause cause = found(judge(e, PORT));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("CSF's list of open ports does not have 8282 (it opens 22, 30000:35000; "
                + "read from /etc/csf/csf.conf)");
        assertThat(fixes(cause)).contains("Add 8282 to TCP_IN").contains("`csf -r`");

        Cause testing = found(judge(Host.of().listener("0.0.0.0", PORT).iptables("iptables-csf.txt")
                .panel(csf(true, true)).build(), PORT));
        assertThat(testing.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(testing)).contains("CSF is in TESTING mode");
    }

    @Test
    void aTcpInRangeCoversThePortAndADisabledCsfRulesItselfOut() {
        assertThat(why(excluded(judge(Host.of(31000).iptables("iptables-csf.txt").panel(csf(false, true)).build(), 31000))))
                .contains("CSF lets port 31000 in: 30000:35000/tcp accept (TCP_IN)");
        assertThat(why(excluded(judge(Host.of().panel(csf(false, false)).build(), PORT))))
                .contains("CSF's firewall (iptables) is off");
    }

    // ---- several panels, Docker

    @Test
    void theFirstPanelThatKeepsThePortClosedIsNamedEvenAfterOneThatAllowsIt() {
        PanelFinding allows = baota(Optional.of("iptables"), Optional.of(true), List.of(accept("8282", "app")));
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).panel(allows).panel(csf(false, true)).build();

        assertThat(found(judge(e, PORT)).summary().render(Locale.ROOT)).startsWith("CSF keeps port 8282 closed");
    }

    @Test
    void noPanelSaysNothing() {
        assertSilent(judge(Host.of().listener("0.0.0.0", PORT).iptables("iptables-baota.txt").build(), PORT));
    }
}
