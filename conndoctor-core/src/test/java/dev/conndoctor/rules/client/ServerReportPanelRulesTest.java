package dev.conndoctor.rules.client;

import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.config.PanelFacts;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.config.ServerReportReader;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.fixtures.Diagnosers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * panel-firewall on the client: its timeout joined with a server report whose hosting panel keeps
 * the port closed on its own list, or denies this client's own address (CSF's csf.deny).
 */
class ServerReportPanelRulesTest {

    private static final String TARGET = "192.0.2.10:8282";

    /** A report of port 8282 as {@code conndoctor server --json} writes it: the port's panel verdict, the host's panels. */
    private static ServerFacts report(String status, String rules, boolean serverNamedTheCause, String denied) {
        String causes = serverNamedTheCause
                ? "{\"id\":\"panel-firewall\",\"confidence\":\"confirmed\",\"summary\":\"Baota / aaPanel keeps port 8282 "
                + "closed\",\"evidence\":[],\"fixes\":[]}" : "";
        return ServerReportReader.read("{\"schema\":\"conndoctor.server/1\",\"ports\":[{\"port\":8282,"
                + "\"listeners\":[{\"address\":\"0.0.0.0\",\"port\":8282,\"family\":\"tcp\"}],"
                + "\"firewall\":[{\"source\":\"iptables\",\"direction\":\"input\",\"decision\":\"dropped\","
                + "\"policy\":\"DROP\",\"decidedByPolicy\":true,\"rules\":[]}],"
                + "\"panels\":[{\"name\":\"baota\",\"status\":\"" + status + "\",\"rules\":[" + rules + "]}],"
                + "\"causes\":[" + causes + "]}],"
                + "\"host\":{\"panel\":\"baota\",\"panels\":[{\"name\":\"baota\",\"label\":\"Baota / aaPanel\","
                + "\"home\":\"/www/server/panel\",\"drives\":\"ufw\",\"firewallOn\":true,\"testing\":false,"
                + "\"rules\":[],\"denied\":[" + denied + "],\"deniedTotal\":0}]}}").get(0);
    }

    private static Diagnosis diagnose(Evidence evidence) {
        return Diagnosers.client().diagnose(evidence, 3);
    }

    @Test
    void theReportsPanelsAreReadWithTheirFirewallAndDeniedAddresses() {
        PanelFacts panel = report("not-listed", "", true, "{\"source\":\"198.51.100.0/24\",\"port\":null,"
                + "\"comment\":\"lfd: (sshd)\",\"lfd\":true}").panels().get(0);

        assertThat(panel.name()).isEqualTo("baota");
        assertThat(panel.label()).isEqualTo("Baota / aaPanel");
        assertThat(panel.drives()).contains("ufw");
        assertThat(panel.status()).isEqualTo("not-listed");
        assertThat(panel.denied()).extracting(PanelFacts.Denied::source).containsExactly("198.51.100.0/24");
    }

    @Test
    void aTimeoutWithAReportWhosePanelDoesNotListThePortIsPanelFirewallConfirmedAndFirst() {
        Evidence e = target(TARGET).timedOut("192.0.2.10").serverFacts(report("not-listed", "", true, "")).build();

        Cause cause = assertFilled(found(new ServerReportRules.PanelFirewall().evaluate(e)));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("The server's report: port 8282 is not in Baota / aaPanel's list of open "
                + "ports, and the firewall it drives (ufw) is on.");
        assertThat(fixes(cause)).contains("Security (安全)").contains("`ufw allow 8282/tcp`");

        Diagnosis d = diagnose(e);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.PANEL_FIREWALL);
        assertThat(d.causes()).extracting(Cause::id).contains(CauseId.HOST_FIREWALL);
    }

    @Test
    void aDropRuleOfThePanelIsConfirmedAndOneForSomeAddressesLikely() {
        Evidence dropped = target(TARGET).timedOut("192.0.2.10")
                .serverFacts(report("dropped", "\"8282/tcp drop (block it)\"", true, "")).build();
        Evidence some = target(TARGET).timedOut("192.0.2.10")
                .serverFacts(report("allowed-for-some", "\"8282/tcp accept from 198.51.100.7 (office)\"", true, "")).build();

        Cause drop = found(new ServerReportRules.PanelFirewall().evaluate(dropped));
        assertThat(drop.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(drop)).contains("Baota / aaPanel's list drops port 8282 (8282/tcp drop (block it))");
        Cause forSome = found(new ServerReportRules.PanelFirewall().evaluate(some));
        assertThat(forSome.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(forSome)).contains("only from some addresses (8282/tcp accept from 198.51.100.7 (office))");
    }

    @Test
    void aPanelTheServerDidNotBlameOrThatAllowsThePortSaysNothing() {
        // the server saw the live firewall let the port in: its panel list alone is not the cause
        assertSilent(new ServerReportRules.PanelFirewall().evaluate(target(TARGET).timedOut("192.0.2.10")
                .serverFacts(report("not-listed", "", false, "")).build()));
        assertSilent(new ServerReportRules.PanelFirewall().evaluate(target(TARGET).timedOut("192.0.2.10")
                .serverFacts(report("allowed", "\"8282/tcp accept\"", false, "")).build()));
    }

    @Test
    void aClientThatConnectedOrHasNoReportHearsNothingOfThePanel() {
        assertSilent(new ServerReportRules.PanelFirewall().evaluate(target(TARGET).connected("192.0.2.10", 1)
                .serverFacts(report("not-listed", "", true, "")).build()));
        assertSilent(new ServerReportRules.PanelFirewall().evaluate(target(TARGET).timedOut("192.0.2.10").build()));
    }

    @Test
    void aClientWhoseOwnAddressTheServersCsfDeniesIsConfirmedWithLfdsReasonAndTheUnblockCommand() {
        String denied = "{\"source\":\"198.51.100.20\",\"port\":null,\"comment\":\"lfd: (PERMBLOCK) 198.51.100.20 has "
                + "had more than 4 temp blocks in the last 86400 secs - Sun Mar  2 11:02:44 2025\",\"lfd\":true}";
        String csfReport = "{\"schema\":\"conndoctor.server/1\",\"ports\":[{\"port\":8282,"
                + "\"listeners\":[{\"address\":\"0.0.0.0\",\"port\":8282,\"family\":\"tcp\"}],\"firewall\":[],"
                + "\"panels\":[{\"name\":\"csf\",\"status\":\"allowed\",\"rules\":[\"8282/tcp accept (TCP_IN)\"]}],"
                + "\"causes\":[]}],\"host\":{\"panels\":[{\"name\":\"csf\",\"label\":\"CSF\",\"home\":\"/etc/csf\","
                + "\"drives\":\"iptables\",\"firewallOn\":true,\"testing\":false,\"rules\":[],\"denied\":[" + denied
                + "],\"deniedTotal\":1}]}}";
        Evidence e = target(TARGET).timedOut("192.0.2.10").routingTable().localInterface("eth0", "198.51.100.20", 24)
                .serverFacts(ServerReportReader.read(csfReport).get(0)).build();

        Cause cause = found(new ServerReportRules.PanelFirewall().evaluate(e));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("The server's report: CSF denies this client's address 198.51.100.20 "
                + "outright (lfd: (PERMBLOCK) 198.51.100.20 has had more than 4 temp blocks");
        assertThat(fixes(cause)).contains("`csf -dr 198.51.100.20`").contains("/etc/csf/csf.ignore");
        assertThat(diagnose(e).causes().get(0).id()).isEqualTo(CauseId.PANEL_FIREWALL);

        Evidence other = target(TARGET).timedOut("192.0.2.10").routingTable().localInterface("eth0", "198.51.100.21", 24)
                .serverFacts(ServerReportReader.read(csfReport).get(0)).build();
        assertSilent(new ServerReportRules.PanelFirewall().evaluate(other));
    }

    @Test
    void aReportOfAnOlderConndoctorWithoutPanelsStillReads() {
        ServerFacts facts = ServerReportReader.read("{\"schema\":\"conndoctor.server/1\",\"ports\":[{\"port\":8282,"
                + "\"listeners\":[],\"firewall\":[],\"causes\":[]}],\"host\":{\"panel\":\"baota\"}}").get(0);

        assertThat(facts.panel()).contains("baota");
        assertThat(facts.panels()).isEqualTo(List.of());
    }
}
