package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.fixtures.EvidenceBuilder;
import dev.conndoctor.fixtures.Verdicts;

import dev.conndoctor.rules.Diagnoser;
import dev.conndoctor.rules.Precedence;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.Verdict;

import static dev.conndoctor.fixtures.EvidenceBuilder.listening;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Symptom;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsFailure;
import dev.conndoctor.evidence.Evidence;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

class DiagnoserTest {

    private final Evidence refusedRemote = target("192.0.2.10:8282").refused("192.0.2.10", 2).build();

    // --- ordering and merging, with fake rules

    @Test
    void causesAreOrderedByConfidenceThenByPrecedence() {
        // the rules come in the opposite order of the precedence: their order does not matter
        Diagnoser diagnoser = diagnoser(Precedence.builder().then(CauseId.FIREWALL_REJECT)
                        .then(CauseId.SERVER_NOT_LISTENING).then(CauseId.BOUND_TO_LOOPBACK).then(CauseId.NO_ROUTE)
                        .then(CauseId.HOST_DOWN).build(),
                new FakeRule(found(CauseId.HOST_DOWN, Confidence.LIKELY)),
                new FakeRule(found(CauseId.NO_ROUTE, Confidence.CONFIRMED)),
                new FakeRule(found(CauseId.BOUND_TO_LOOPBACK, Confidence.POSSIBLE)),
                new FakeRule(found(CauseId.SERVER_NOT_LISTENING, Confidence.LIKELY)),
                new FakeRule(found(CauseId.FIREWALL_REJECT, Confidence.POSSIBLE)));

        Diagnosis d = diagnoser.diagnose(refusedRemote, 5);

        assertThat(d.causes()).extracting(Cause::id).containsExactly(
                CauseId.NO_ROUTE, CauseId.SERVER_NOT_LISTENING, CauseId.HOST_DOWN,
                CauseId.FIREWALL_REJECT, CauseId.BOUND_TO_LOOPBACK);
        assertThat(d.primaryCause()).map(Cause::id).contains(CauseId.NO_ROUTE);
    }

    @Test
    void causesFoundAndCausesRuledOutAreKeptApart() {
        Diagnoser diagnoser = diagnoser(Precedence.builder().then(CauseId.PRIVATE_ADDRESS).then(CauseId.HOST_DOWN).build(),
                new FakeRule(Verdict.ruledOut(CauseId.PRIVATE_ADDRESS, "ruled-out.private-reachable", "192.0.2.10")),
                new FakeRule(found(CauseId.HOST_DOWN, Confidence.LIKELY)));

        Diagnosis d = diagnoser.diagnose(refusedRemote, 5);

        assertThat(d.causes()).extracting(Cause::id).containsExactly(CauseId.HOST_DOWN);
        assertThat(d.ruledOut()).extracting(RuledOut::id).containsExactly(CauseId.PRIVATE_ADDRESS);
    }

    @Test
    void oneCauseIsDecidedByOneRuleOnly() {
        // two rules for one cause would need their order to say which one's finding stands
        assertThatThrownBy(() -> diagnoser(Precedence.builder().then(CauseId.HOST_DOWN).build(),
                new FakeRule(Verdict.ruledOut(CauseId.HOST_DOWN, "ruled-out.host-answered", "192.0.2.10:22", "refused")),
                new FakeRule(found(CauseId.HOST_DOWN, Confidence.LIKELY))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host-down");
    }

    @Test
    void silentRulesLeaveNoTrace() {
        Diagnosis d = diagnoser(Precedence.builder().then(CauseId.HOST_DOWN).build(),
                new FakeRule(CauseId.HOST_DOWN, Verdict.silent())).diagnose(refusedRemote, 5);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.causes()).isEmpty();
        assertThat(d.ruledOut()).isEmpty();
        assertThat(d.primaryCause()).isEmpty();
    }

    @Test
    void everyRuleSeesTheSameEvidence() {
        RecordingRule first = new RecordingRule(CauseId.HOST_DOWN);
        RecordingRule second = new RecordingRule(CauseId.NO_ROUTE);

        diagnoser(Precedence.builder().then(CauseId.HOST_DOWN).then(CauseId.NO_ROUTE).build(), first, second)
                .diagnose(refusedRemote, 5);

        assertThat(first.seen).containsExactly(refusedRemote);
        assertThat(second.seen).containsExactly(refusedRemote);
    }

    @Test
    void diagnosisKeepsTargetEvidenceAndElapsedTime() {
        Diagnosis d = Diagnosers.client().diagnose(refusedRemote, 42);

        assertThat(d.target()).isEqualTo(refusedRemote.target());
        assertThat(d.evidence()).isSameAs(refusedRemote);
        assertThat(d.elapsedMs()).isEqualTo(42);
        assertThat(d.ok()).isFalse();
    }

    // --- the symptom

    @Test
    void refusedIsTheSymptomOfARefusedPort() {
        assertThat(symptom(target("192.0.2.10:8282").refused("192.0.2.10", 1))).isEqualTo(Symptom.REFUSED);
    }

    @Test
    void timeoutIsTheSymptomOfASilentPort() {
        assertThat(symptom(target("192.0.2.10:8282").timedOut("192.0.2.10"))).isEqualTo(Symptom.TIMEOUT);
    }

    @Test
    void refusalShowsBeforeATimeoutOfAnotherAddress() {
        assertThat(symptom(target("example.com:8282")
                .timedOut("2001:db8::10")
                .refused("192.0.2.10", 1))).isEqualTo(Symptom.REFUSED);
    }

    @Test
    void addressUnavailableShowsBeforeEverythingElse() {
        assertThat(symptom(target("example.com:8282")
                .refused("192.0.2.11", 1)
                .attempt("192.0.2.10", ConnectOutcome.PERMISSION_DENIED, 0, "Operation not permitted")
                .attempt("192.0.2.12", ConnectOutcome.ADDRESS_UNAVAILABLE, 0, "Cannot assign requested address")))
                .isEqualTo(Symptom.ADDRESS_UNAVAILABLE);
    }

    @Test
    void permissionDeniedIsBlockedLocallyAndShowsBeforeARefusal() {
        assertThat(symptom(target("example.com:8282")
                .refused("192.0.2.11", 1)
                .attempt("192.0.2.10", ConnectOutcome.PERMISSION_DENIED, 0, "Operation not permitted")))
                .isEqualTo(Symptom.BLOCKED_LOCALLY);
    }

    @Test
    void unreachableShowsBeforeATimeout() {
        assertThat(symptom(target("example.com:8282")
                .timedOut("192.0.2.10")
                .attempt("2001:db8::10", ConnectOutcome.NET_UNREACHABLE, 0, "Network is unreachable")))
                .isEqualTo(Symptom.UNREACHABLE);
        assertThat(symptom(target("example.com:8282")
                .timedOut("192.0.2.10")
                .attempt("192.0.2.11", ConnectOutcome.HOST_UNREACHABLE, 3050, "No route to host")))
                .isEqualTo(Symptom.UNREACHABLE);
    }

    @Test
    void unknownFailureIsUnreachable() {
        assertThat(symptom(target("192.0.2.10:8282")
                .attempt("192.0.2.10", ConnectOutcome.OTHER, 0, "Protocol not available")))
                .isEqualTo(Symptom.UNREACHABLE);
    }

    @Test
    void failedResolutionIsTheDnsFailedSymptom() {
        Diagnosis d = Diagnosers.client().diagnose(target("nosuch.example:8282")
                .dnsFailed(DnsFailure.NXDOMAIN, "nosuch.example: Name or service not known", 12).build(), 13);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.DNS_FAILED);
        assertThat(d.symptom().id()).isEqualTo("dns-failed");
        assertThat(d.causes()).extracting(Cause::id).containsExactly(CauseId.DNS_NXDOMAIN);
    }

    @Test
    void unclassifiedResolverFailureIsDnsFailedWithoutACause() {
        Diagnosis d = Diagnosers.client().diagnose(target("odd.example:8282")
                .dnsFailed(DnsFailure.OTHER, "odd.example: something odd", 12).build(), 13);

        assertThat(d.symptom()).isEqualTo(Symptom.DNS_FAILED);
        assertThat(d.causes()).isEmpty();
    }

    // --- one address works

    @Test
    void oneAddressConnectingMakesTheOutcomeOkWithAWarningForTheOther() {
        Evidence evidence = target("example.com:8282")
                .timeoutMs(3000)
                .timedOut("192.0.2.11")
                .connected("192.0.2.10", 2)
                .build();

        Diagnosis d = Diagnosers.client().diagnose(evidence, 3001);

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.ok()).isTrue();
        assertThat(d.symptom()).isEqualTo(Symptom.OK);
        assertThat(d.causes()).isEmpty();
        assertThat(d.ruledOut()).isEmpty();
        assertThat(d.warnings()).singleElement()
                .satisfies(w -> assertThat(Verdicts.render(w))
                        .contains(evidence.reach().attempts().get(0).endpoint() + " failed (timeout, 3000 ms)")
                        .contains("while another address works"));
    }

    @Test
    void theFirstAddressFailingOnItsFamilyWhileTheOtherFamilyWorksIsFailedWithTheFirstAttemptsSymptom() {
        // localhost is ::1 first, the server listens on 127.0.0.1: a client that dials only ::1 is refused
        Evidence evidence = target("ws://localhost:8282/")
                .refused("::1", 0)
                .connected("127.0.0.1", 1)
                .exchange(dev.conndoctor.fixtures.ExchangeBuilder.to("ws://127.0.0.1:8282/")
                        .answer(dev.conndoctor.fixtures.Answers.WEBSOCKET_101).pingAnswered(true).build())
                .build();

        Diagnosis d = Diagnosers.client().diagnose(evidence, 5);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(d.primaryCause()).get().extracting(Cause::id, Cause::confidence)
                .containsExactly(CauseId.ADDRESS_FAMILY_MISMATCH, Confidence.CONFIRMED);
        // a server listens on this port, and not on loopback only: the other family reached it
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.SERVER_NOT_LISTENING,
                CauseId.BOUND_TO_LOOPBACK, CauseId.BOUND_TO_OTHER_ADDRESS, CauseId.WRONG_PORT);
        assertThat(d.warnings()).map(Verdicts::render).anySatisfy(w -> assertThat(w).contains("[::1]:8282 failed (refused"));
    }

    @Test
    void aSilentFirstFamilyIsTheTimeoutSymptomEvenWhenTheOtherFamilyAnswersTheProtocol() {
        Diagnosis d = Diagnosers.client().diagnose(target("example.com:8282")
                .timedOut("2001:db8::10")
                .connected("192.0.2.10", 2)
                .build(), 3001);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.TIMEOUT);
        assertThat(d.primaryCause().map(Cause::id)).contains(CauseId.ADDRESS_FAMILY_MISMATCH);
    }

    @Test
    void aFailingFamilyThatComesLaterLeavesTheOutcomeOkWithTheMismatchAsAWarning() {
        Evidence evidence = target("example.com:8282")
                .connected("192.0.2.10", 1)
                .refused("2001:db8::10", 1)
                .build();

        Diagnosis d = Diagnosers.client().diagnose(evidence, 3);

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.symptom()).isEqualTo(Symptom.OK);
        assertThat(d.causes()).isEmpty();
        assertThat(d.warnings()).map(Verdicts::render)
                .anySatisfy(w -> assertThat(w).contains("[2001:db8::10]:8282 failed (refused"))
                .anySatisfy(w -> assertThat(w).contains("Every IPv6 address of the name fails while IPv4 works")
                        .contains("-Djava.net.preferIPv6Addresses=true"));
    }

    @Test
    void inJavasIpv4FirstOrderARefusedIpv6BesideAWorkingIpv4IsOk() {
        Diagnosis d = Diagnosers.client().diagnose(target("localhost:8282")
                .order(dev.conndoctor.evidence.AddressOrder.IPV4_FIRST)
                .connected("127.0.0.1", 1)
                .refused("::1", 0)
                .build(), 3);

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
    }

    @Test
    void everyAddressConnectingIsOkWithoutWarnings() {
        Diagnosis d = Diagnosers.client().diagnose(target("example.com:8282")
                .connected("192.0.2.10", 1)
                .connected("2001:db8::10", 1)
                .build(), 2);

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void rulesAreNotAskedWhenTheConnectionWorks() {
        RecordingRule rule = new RecordingRule(CauseId.HOST_DOWN);

        diagnoser(Precedence.builder().then(CauseId.HOST_DOWN).build(), rule).diagnose(target("192.0.2.10:8282").connected("192.0.2.10", 1).build(), 2);

        assertThat(rule.seen).isEmpty();
    }

    // --- the real rules together

    @Test
    void refusedRemotePortPutsServerNotListeningFirst() {
        Diagnosis d = Diagnosers.client().diagnose(refusedRemote, 3);

        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(d.causes()).extracting(Cause::id, Cause::confidence).containsExactly(
                org.assertj.core.groups.Tuple.tuple(CauseId.SERVER_NOT_LISTENING, Confidence.LIKELY),
                org.assertj.core.groups.Tuple.tuple(CauseId.BOUND_TO_LOOPBACK, Confidence.POSSIBLE),
                org.assertj.core.groups.Tuple.tuple(CauseId.FIREWALL_REJECT, Confidence.POSSIBLE));
    }

    @Test
    void refusedLocalPortWithoutListenerIsConfirmedAndLoopbackIsRuledOut() {
        Diagnosis d = Diagnosers.client().diagnose(target("127.0.0.1:8282")
                .refused("127.0.0.1", 0).localListeners("127.0.0.1").build(), 1);

        assertThat(d.causes()).extracting(Cause::id).containsExactly(CauseId.SERVER_NOT_LISTENING);
        assertThat(d.primaryCause()).map(Cause::confidence).contains(Confidence.CONFIRMED);
        assertThat(d.ruledOut()).extracting(RuledOut::id).containsExactly(CauseId.BOUND_TO_LOOPBACK);
    }

    @Test
    void loopbackOnlyListenerIsThePrimaryCauseAndNotListeningIsRuledOut() {
        Diagnosis d = Diagnosers.client().diagnose(target("192.0.2.20:8282")
                .refused("192.0.2.20", 0)
                .localListeners("192.0.2.20", listening("127.0.0.1", 8282)).build(), 1);

        assertThat(d.causes()).extracting(Cause::id).containsExactly(CauseId.BOUND_TO_LOOPBACK);
        assertThat(d.ruledOut()).extracting(RuledOut::id).containsExactly(CauseId.SERVER_NOT_LISTENING);
        assertThat(Verdicts.render(d.ruledOut().get(0).why())).contains("127.0.0.1:8282");
    }

    @Test
    void silentPortOfALiveHostIsAFirewallDropAndHostDownIsRuledOut() {
        Diagnosis d = Diagnosers.client().diagnose(target("192.0.2.10:8282")
                .timedOut("192.0.2.10")
                .liveness("192.0.2.10", EvidenceBuilder.probe("192.0.2.10", 22, ConnectOutcome.REFUSED, 3))
                .routingTable()
                .build(), 3000);

        assertThat(d.symptom()).isEqualTo(Symptom.TIMEOUT);
        assertThat(d.causes()).extracting(Cause::id).containsExactly(CauseId.FIREWALL_DROP);
        assertThat(d.ruledOut()).extracting(RuledOut::id).containsExactly(CauseId.HOST_DOWN);
    }

    @Test
    void defaultRulesIncludeEveryConnectionRuleAndThePrecedenceRanksTheirCausesInOrder() {
        List<CauseId> connection = List.of(CauseId.DNS_NXDOMAIN, CauseId.DNS_NO_ANSWER, CauseId.DNS_TIMEOUT,
                CauseId.EPHEMERAL_PORTS_EXHAUSTED, CauseId.LOCAL_FIREWALL, CauseId.NO_ROUTE,
                CauseId.BOUND_TO_LOOPBACK, CauseId.BOUND_TO_OTHER_ADDRESS, CauseId.SERVER_NOT_LISTENING,
                CauseId.PRIVATE_ADDRESS, CauseId.FIREWALL_REJECT, CauseId.FIREWALL_DROP, CauseId.HOST_DOWN);

        assertThat(ClientRules.all()).extracting(Rule::cause).containsAll(connection);
        // more specific first: the loopback rules before not-listening, reject before drop before host-down
        assertThat(connection.stream().sorted(Comparator.comparing(ClientRules.precedence()::rank)).toList())
                .containsExactlyElementsOf(connection);
    }

    private static Symptom symptom(EvidenceBuilder evidence) {
        return Diagnosers.client().diagnose(evidence.build(), 1).symptom();
    }

    private static Verdict found(CauseId id, Confidence confidence) {
        return Verdict.found(Cause.builder(id, confidence, "x").build());
    }

    @SafeVarargs
    private static Diagnoser diagnoser(Precedence precedence, Rule<Evidence>... rules) {
        return new Diagnoser(new RuleEngine<>(List.of(rules), precedence));
    }

    /** A rule that always returns the same verdict. */
    private record FakeRule(CauseId cause, Verdict verdict) implements Rule<Evidence> {
        FakeRule(Verdict verdict) {
            this(verdict instanceof Verdict.Found f ? f.cause().id() : ((Verdict.Excluded) verdict).ruledOut().id(),
                    verdict);
        }

        @Override
        public Verdict evaluate(Evidence evidence) {
            return verdict;
        }
    }

    /** A rule that says nothing and remembers what it was shown. */
    private static final class RecordingRule implements Rule<Evidence> {
        final List<Evidence> seen = new ArrayList<>();
        private final CauseId cause;

        RecordingRule(CauseId cause) {
            this.cause = cause;
        }

        @Override
        public CauseId cause() {
            return cause;
        }

        @Override
        public Verdict evaluate(Evidence evidence) {
            seen.add(evidence);
            return Verdict.silent();
        }
    }
}
