package dev.conndoctor.rules.server;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.rules.ServerDiagnoser;
import dev.conndoctor.PortReport;
import dev.conndoctor.ServerReport;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.ServerEvidence;

import static dev.conndoctor.rules.server.ServerRulesTest.PORT;
import static dev.conndoctor.rules.server.ServerRulesTest.fds;
import static dev.conndoctor.rules.server.ServerRulesTest.process;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.RuledOut;
import dev.conndoctor.firewall.FirewallVerdict;
import dev.conndoctor.rules.server.ServerRulesTest.Host;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server's report per port: every rule run, causes strongest first, the firewall verdicts kept. */
class ServerDiagnoserTest {

    private final ServerDiagnoser diagnoser = Diagnosers.server();

    private PortReport report(ServerEvidence evidence, int port) {
        ServerReport report = diagnoser.diagnose(evidence, 5);
        return report.ports().stream().filter(p -> p.port() == port).findFirst().orElseThrow();
    }

    @Test
    void aPortNobodyListensOnIsServerNotListening() {
        PortReport p = report(Host.of().build(), PORT);

        assertThat(p.causes()).extracting(Cause::id).containsExactly(CauseId.SERVER_NOT_LISTENING);
        assertThat(p.causes().get(0).confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(p.listeners()).isEmpty();
    }

    @Test
    void aLoopbackOnlyPortIsBoundToLoopback() {
        PortReport p = report(Host.of().listener("127.0.0.1", PORT, process(4242, "php")).build(), PORT);

        assertThat(p.causes()).extracting(Cause::id).containsExactly(CauseId.BOUND_TO_LOOPBACK);
        assertThat(p.listeners()).singleElement().satisfies(l -> {
            assertThat(l.endpoint()).isEqualTo("127.0.0.1:8282");
            assertThat(l.process()).map(ProcessInfo::name).contains("php");
        });
    }

    @Test
    void aSpecificAddressIsBoundToOtherAddressPossible() {
        PortReport p = report(Host.of().listener("192.0.2.10", PORT).build(), PORT);

        assertThat(p.causes()).extracting(Cause::id, Cause::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CauseId.BOUND_TO_OTHER_ADDRESS, Confidence.POSSIBLE));
    }

    @Test
    void aWildcardListenerWithAnOpenFirewallHasNoCauseAndTheFirewallRuledOut() {
        ServerReport report = diagnoser.diagnose(Host.of(22).listener("0.0.0.0", 22).iptables("iptables-rules.txt")
                .build(), 5);
        PortReport p = report.ports().get(0);

        assertThat(p.causes()).isEmpty();
        assertThat(p.ruledOut()).extracting(RuledOut::id).contains(CauseId.HOST_FIREWALL);
        assertThat(p.firewall()).singleElement().satisfies(v -> {
            assertThat(v.decision()).isEqualTo(FirewallVerdict.Decision.ACCEPTED);
            assertThat(v.policyDecided()).isTrue();
        });
        assertThat(report.problemsFound()).isFalse();
        assertThat(report.elapsedMs()).isEqualTo(5);
    }

    @Test
    void aBlockedPortIsHostFirewallConfirmedWithTheVerdictKept() {
        PortReport p = report(Host.of().listener("0.0.0.0", PORT).iptables("iptables-rules.txt").build(), PORT);

        assertThat(p.causes()).extracting(Cause::id).containsExactly(CauseId.HOST_FIREWALL);
        assertThat(p.causes().get(0).confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(p.firewall()).singleElement().satisfies(v -> assertThat(v.blocks()).isTrue());
    }

    @Test
    void aPortBlockedForSomeClientsIsHostFirewallLikely() {
        PortReport p = report(Host.of(9000).listener("0.0.0.0", 9000).iptables("iptables-rules.txt").build(), 9000);

        assertThat(p.causes()).extracting(Cause::id, Cause::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CauseId.HOST_FIREWALL, Confidence.LIKELY));
    }

    @Test
    void aPanelAndABlockedPortPutThePanelFirstAndKeepTheRule() {
        PortReport p = report(Host.of().listener("0.0.0.0", PORT).iptables("iptables-rules.txt").panel().build(), PORT);

        assertThat(p.causes()).extracting(Cause::id).containsExactly(CauseId.PANEL_FIREWALL, CauseId.HOST_FIREWALL);
        assertThat(p.causes()).allSatisfy(c -> assertThat(c.confidence()).isEqualTo(Confidence.CONFIRMED));
    }

    @Test
    void aPanelOnAHostThatLetsThePortInIsRuledOut() {
        PortReport p = report(Host.of(22).listener("0.0.0.0", 22).iptables("iptables-rules.txt").panel().build(), 22);

        assertThat(p.causes()).isEmpty();
        assertThat(p.ruledOut()).extracting(RuledOut::id).contains(CauseId.PANEL_FIREWALL, CauseId.HOST_FIREWALL);
    }

    @Test
    void aFullAcceptQueueIsConfirmedAndAnOverflowCounterAloneIsPossible() {
        PortReport full = report(Host.of().listener("0.0.0.0", PORT, 2, 1, Optional.empty()).overflows(4, 4).build(), PORT);
        PortReport counted = report(Host.of().listener("0.0.0.0", PORT, 0, 1, Optional.empty()).overflows(4, 4).build(),
                PORT);

        assertThat(full.causes()).extracting(Cause::id, Cause::confidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CauseId.ACCEPT_BACKLOG_OVERFLOW, Confidence.CONFIRMED));
        assertThat(counted.causes()).extracting(Cause::id, Cause::confidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CauseId.ACCEPT_BACKLOG_OVERFLOW, Confidence.POSSIBLE));
    }

    @Test
    void descriptorsAtTheLimitAreConfirmedAndAtNinetyPercentLikely() {
        assertThat(report(Host.of().listener("0.0.0.0", PORT, fds(9, "java", 4096, 4096)).build(), PORT).causes())
                .extracting(Cause::id, Cause::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CauseId.FD_LIMIT, Confidence.CONFIRMED));
        assertThat(report(Host.of().listener("0.0.0.0", PORT, fds(9, "java", 3687, 4096)).build(), PORT).causes())
                .extracting(Cause::id, Cause::confidence)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(CauseId.FD_LIMIT, Confidence.LIKELY));
    }

    @Test
    void causesAreSortedStrongestFirst() {
        // a specific address (possible) whose process has used up its descriptors (confirmed)
        PortReport p = report(Host.of().listener("192.0.2.10", PORT, fds(9, "java", 1024, 1024)).build(), PORT);

        assertThat(p.causes()).extracting(Cause::id)
                .containsExactly(CauseId.FD_LIMIT, CauseId.BOUND_TO_OTHER_ADDRESS);
    }

    @Test
    void everyInspectedPortGetsItsOwnReportInOrder() {
        ServerReport report = diagnoser.diagnose(Host.of(8282, 22, 9000).listener("0.0.0.0", 22)
                .listener("127.0.0.1", 9000).build(), 1);

        assertThat(report.ports()).extracting(PortReport::port).containsExactly(8282, 22, 9000);
        assertThat(report.ports().get(0).causes()).extracting(Cause::id).containsExactly(CauseId.SERVER_NOT_LISTENING);
        assertThat(report.ports().get(1).causes()).isEmpty();
        assertThat(report.ports().get(2).causes()).extracting(Cause::id).containsExactly(CauseId.BOUND_TO_LOOPBACK);
        assertThat(report.problemsFound()).isTrue();
        assertThat(report.evidence().ports()).containsExactly(8282, 22, 9000);
    }

    @Test
    void noPortsIsAnEmptyReportWithoutProblems() {
        ServerReport report = diagnoser.diagnose(new ServerEvidence(java.util.List.of(), java.util.List.of(),
                Optional.empty(), java.util.List.of(), java.util.List.of(), Optional.empty(), false, Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, java.util.Map.of(), java.util.List.of(),
                java.util.List.of()), 0);

        assertThat(report.ports()).isEmpty();
        assertThat(report.problemsFound()).isFalse();
    }
}
