package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.fixtures.EvidenceBuilder;
import dev.conndoctor.fixtures.Verdicts;


import static dev.conndoctor.fixtures.EvidenceBuilder.ip;
import static dev.conndoctor.fixtures.EvidenceBuilder.probe;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.Verdicts.assertFilled;
import static dev.conndoctor.fixtures.Verdicts.assertSilent;
import static dev.conndoctor.fixtures.Verdicts.evidence;
import static dev.conndoctor.fixtures.Verdicts.excluded;
import static dev.conndoctor.fixtures.Verdicts.fixes;
import static dev.conndoctor.fixtures.Verdicts.found;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Symptom;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.config.ServerReportReader;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Two-sided diagnosis: the client's symptom joined with what the server's own report says of
 * the port ({@code diagnose --server-report}); "likely" from one side becomes confirmed.
 */
class ServerReportRulesTest {

    private static final String TARGET = "192.0.2.10:8282";

    private static ServerFacts listening(String... addresses) {
        return new ServerFacts(8282, Arrays.stream(addresses).map(EvidenceBuilder::ip).toList(), false, List.of(),
                Optional.empty());
    }

    private static ServerFacts notListening() {
        return listening();
    }

    private static ServerFacts blocked(String rule) {
        return new ServerFacts(8282, List.of(ip("0.0.0.0")), true, List.of(rule), Optional.empty());
    }

    private static Diagnosis diagnose(Evidence evidence) {
        return Diagnosers.client().diagnose(evidence, 3);
    }

    // ---- refused + the server's listeners

    @Test
    void refusedWhileTheServerListensOnLoopbackOnlyIsBoundToLoopbackConfirmed() {
        Evidence e = target(TARGET).refused("192.0.2.10", 1).serverFacts(listening("127.0.0.1")).build();

        Cause cause = assertFilled(found(new BoundToLoopbackRule().evaluate(e)));
        assertThat(cause.id()).isEqualTo(CauseId.BOUND_TO_LOOPBACK);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("The server's report: port 8282 listens on 127.0.0.1.");
        assertThat(fixes(cause)).contains("0.0.0.0:8282");

        Diagnosis d = diagnose(e);
        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.BOUND_TO_LOOPBACK);
        assertThat(d.causes().get(0).confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(d.ruledOut()).extracting(RuledOut::id).contains(CauseId.SERVER_NOT_LISTENING);
    }

    @Test
    void bothLoopbackFamiliesCountAsLoopbackOnly() {
        Evidence e = target(TARGET).refused("192.0.2.10", 1).serverFacts(listening("127.0.0.1", "::1")).build();

        assertThat(found(new BoundToLoopbackRule().evaluate(e)).confidence()).isEqualTo(Confidence.CONFIRMED);
    }

    @Test
    void refusedOnLoopbackItselfIsNotBoundToLoopback() {
        Evidence e = target("127.0.0.1:8282").refused("127.0.0.1", 0).serverFacts(listening("127.0.0.1")).build();

        assertSilent(new BoundToLoopbackRule().evaluate(e));
    }

    @Test
    void aServerThatListensEverywhereIsNotBoundToLoopbackAndIsListening() {
        Evidence e = target(TARGET).refused("192.0.2.10", 1).serverFacts(listening("0.0.0.0")).build();

        assertSilent(new BoundToLoopbackRule().evaluate(e));
        RuledOut out = excluded(new ServerNotListeningRule().evaluate(e));
        assertThat(Verdicts.render(out.why())).contains("The server's report shows port 8282 listening on 0.0.0.0");
    }

    @Test
    void refusedWhileNothingListensIsServerNotListeningConfirmed() {
        Evidence e = target(TARGET).refused("192.0.2.10", 1).serverFacts(notListening()).build();

        Cause cause = assertFilled(found(new ServerNotListeningRule().evaluate(e)));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("The server's report: nothing listens on port 8282.");
        assertSilent(new BoundToLoopbackRule().evaluate(e));

        Diagnosis d = diagnose(e);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.SERVER_NOT_LISTENING);
        assertThat(d.causes().get(0).confidence()).isEqualTo(Confidence.CONFIRMED);
    }

    @Test
    void withoutAReportRefusedStaysLikely() {
        Diagnosis d = diagnose(target(TARGET).refused("192.0.2.10", 1).build());

        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.SERVER_NOT_LISTENING);
        assertThat(d.causes().get(0).confidence()).isEqualTo(Confidence.LIKELY);
    }

    // ---- timeout + the server's firewall

    @Test
    void aTimeoutWhileTheServerListensAndItsFirewallIsCleanIsNetworkFirewallLikely() {
        Evidence e = target(TARGET).timeoutMs(2000).timedOut("192.0.2.10")
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 1))
                .serverFacts(listening("0.0.0.0")).build();

        Cause cause = assertFilled(found(new ServerReportRules.NetworkFirewall().evaluate(e)));
        assertThat(cause.id()).isEqualTo(CauseId.NETWORK_FIREWALL);
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("192.0.2.10:8282")
                .contains("The server's report: it listens on port 8282 (0.0.0.0) and its own firewall lets the port in.");
        assertThat(fixes(cause)).contains("security group");

        Diagnosis d = diagnose(e);
        assertThat(d.symptom()).isEqualTo(Symptom.TIMEOUT);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.NETWORK_FIREWALL);
        assertThat(d.causes().get(0).confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(d.causes()).extracting(Cause::id).contains(CauseId.FIREWALL_DROP);
    }

    @Test
    void aSilenceJudgedEarlyWhileTheServerListensIsNetworkFirewallAndSaysHowItWasJudged() {
        Evidence e = target(TARGET).timeoutMs(3000).silentEarly("192.0.2.10", 3, 150, 22, 1060)
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 1))
                .serverFacts(listening("0.0.0.0")).build();

        Cause cause = found(new ServerReportRules.NetworkFirewall().evaluate(e));
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("192.0.2.10:8282 stayed silent to 3 connections")
                .doesNotContain("did not answer within");
        assertThat(diagnose(e).symptom()).isEqualTo(Symptom.TIMEOUT);
    }

    @Test
    void aTimeoutWhileTheServerListensOnLoopbackOnlyIsNotNetworkFirewall() {
        Evidence e = target(TARGET).timedOut("192.0.2.10").serverFacts(listening("127.0.0.1")).build();

        assertSilent(new ServerReportRules.NetworkFirewall().evaluate(e));
    }

    @Test
    void aTimeoutWhileNothingListensIsNotNetworkFirewall() {
        assertSilent(new ServerReportRules.NetworkFirewall().evaluate(
                target(TARGET).timedOut("192.0.2.10").serverFacts(notListening()).build()));
    }

    @Test
    void aRefusalIsNotNetworkFirewall() {
        assertSilent(new ServerReportRules.NetworkFirewall().evaluate(
                target(TARGET).refused("192.0.2.10", 1).serverFacts(listening("0.0.0.0")).build()));
    }

    @Test
    void aTimeoutWhileTheServersFirewallBlocksIsHostFirewallConfirmedWithTheRule() {
        Evidence e = target(TARGET).timeoutMs(2000).timedOut("192.0.2.10")
                .liveness("192.0.2.10", probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 1))
                .serverFacts(blocked("iptables: -A INPUT -p tcp -m tcp --dport 8282 -j DROP")).build();

        Cause cause = assertFilled(found(new ServerReportRules.HostFirewall().evaluate(e)));
        assertThat(cause.id()).isEqualTo(CauseId.HOST_FIREWALL);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).isEqualTo(
                "The server's report: its firewall blocks port 8282: iptables: -A INPUT -p tcp -m tcp --dport 8282 -j DROP.");
        assertThat(fixes(cause)).contains("sudo ufw allow 8282/tcp");
        assertSilent(new ServerReportRules.NetworkFirewall().evaluate(e));

        Diagnosis d = diagnose(e);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.HOST_FIREWALL);
        assertThat(d.causes().get(0).confidence()).isEqualTo(Confidence.CONFIRMED);
    }

    @Test
    void aRejectThatLooksLikeARefusalIsHostFirewallWhenTheReportShowsTheRule() {
        Evidence e = target(TARGET).refused("192.0.2.10", 1)
                .serverFacts(blocked("iptables: -A INPUT -p tcp -m tcp --dport 8282 -j REJECT --reject-with tcp-reset"))
                .build();

        Diagnosis d = diagnose(e);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.HOST_FIREWALL);
        assertThat(d.causes().get(0).confidence()).isEqualTo(Confidence.CONFIRMED);
    }

    @Test
    void aBlockedPortOnAHostWithAPanelSaysToOpenItInThePanel() {
        ServerFacts facts = new ServerFacts(8282, List.of(ip("0.0.0.0")), true, List.of("iptables: policy DROP"),
                Optional.of("baota"));
        Cause cause = found(new ServerReportRules.HostFirewall().evaluate(
                target(TARGET).timedOut("192.0.2.10").serverFacts(facts).build()));

        assertThat(fixes(cause)).contains("Baota / aaPanel").contains("open port 8282");
        assertThat(evidence(cause)).contains("iptables: policy DROP");
    }

    @Test
    void aTimeoutWhileTheServersFirewallDropsSomeClientsIsNotNetworkFirewall() {
        String report = "{\"schema\":\"conndoctor.server/1\",\"ports\":[{\"port\":8282,"
                + "\"listeners\":[{\"address\":\"::\",\"port\":8282,\"family\":\"tcp6\"}],"
                + "\"firewall\":[{\"source\":\"iptables\",\"direction\":\"input\",\"decision\":\"some-blocked\","
                + "\"policy\":\"ACCEPT\",\"decidedByPolicy\":false,\"rules\":[{\"table\":\"filter\",\"chain\":\"INPUT\","
                + "\"position\":1,\"rule\":\"-A INPUT -s 198.51.100.0/24 -p tcp -m tcp --dport 8282 -j DROP\"}]}]}]}";
        Evidence e = target(TARGET).timedOut("192.0.2.10").serverFacts(ServerReportReader.read(report).get(0)).build();

        Diagnosis d = diagnose(e);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.NETWORK_FIREWALL);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.HOST_FIREWALL);
    }

    @Test
    void aWorkingConnectionIgnoresTheReport() {
        Diagnosis d = diagnose(target(TARGET).connected("192.0.2.10", 1)
                .serverFacts(blocked("iptables: -A INPUT -p tcp -m tcp --dport 8282 -j DROP")).build());

        assertThat(d.ok()).isTrue();
        assertThat(d.causes()).isEmpty();
    }

    @Test
    void withoutAReportTheServerSideRulesSayNothing() {
        Evidence e = target(TARGET).timedOut("192.0.2.10").build();

        assertSilent(new ServerReportRules.HostFirewall().evaluate(e));
        assertSilent(new ServerReportRules.NetworkFirewall().evaluate(e));
    }

    // ---- the facts themselves

    @Test
    void factsKnowWildcardsAndLoopback() {
        assertThat(listening("0.0.0.0").listensFor(ip("192.0.2.10"))).isTrue();
        assertThat(listening("::").listensFor(ip("192.0.2.10"))).isTrue();
        assertThat(listening("192.0.2.11").listensFor(ip("192.0.2.10"))).isFalse();
        assertThat(listening("127.0.0.1", "::1").loopbackOnly()).isTrue();
        assertThat(listening("127.0.0.1", "0.0.0.0").loopbackOnly()).isFalse();
        assertThat(notListening().listening()).isFalse();
        assertThat(notListening().loopbackOnly()).isFalse();
    }
}
