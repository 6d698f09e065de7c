package dev.conndoctor.rules;

import dev.conndoctor.rules.client.BoundToLoopbackRule;
import dev.conndoctor.rules.client.BoundToOtherAddressRule;
import dev.conndoctor.rules.client.CdnInFrontRule;
import dev.conndoctor.rules.client.ClosedWithoutReplyRule;
import dev.conndoctor.rules.client.DnsNoAnswerRule;
import dev.conndoctor.rules.client.DnsNxdomainRule;
import dev.conndoctor.rules.client.DnsPointsElsewhereRule;
import dev.conndoctor.rules.client.DnsTimeoutRule;
import dev.conndoctor.rules.client.EphemeralPortsExhaustedRule;
import dev.conndoctor.rules.client.FakeIpProxyRule;
import dev.conndoctor.rules.client.FirewallDropRule;
import dev.conndoctor.rules.client.FirewallRejectRule;
import dev.conndoctor.rules.client.HostDownRule;
import dev.conndoctor.rules.client.HttpNotWebSocketRule;
import dev.conndoctor.rules.client.LocalFirewallRule;
import dev.conndoctor.rules.client.NoReplyRule;
import dev.conndoctor.rules.client.NoRouteRule;
import dev.conndoctor.rules.client.NonHttpReplyRule;
import dev.conndoctor.rules.client.PrivateAddressRule;
import dev.conndoctor.rules.client.ProxyInPathRule;
import dev.conndoctor.rules.client.ProxyStripsUpgradeRule;
import dev.conndoctor.rules.client.ServerNotListeningRule;
import dev.conndoctor.rules.client.ServerReportRules;
import dev.conndoctor.rules.client.ServerSpeaksFirstRule;
import dev.conndoctor.rules.client.TlsExpiredRule;
import dev.conndoctor.rules.client.TlsNameMismatchRule;
import dev.conndoctor.rules.client.TlsNotOfferedRule;
import dev.conndoctor.rules.client.TlsRequiredRule;
import dev.conndoctor.rules.client.TlsUntrustedRule;
import dev.conndoctor.rules.client.TlsVersionMismatchRule;
import dev.conndoctor.rules.client.WebSocketHandshakeInvalidRule;
import dev.conndoctor.rules.client.WebSocketOnlyRule;
import dev.conndoctor.rules.client.WebSocketPathNotFoundRule;
import dev.conndoctor.rules.client.WebSocketRejectedRule;
import dev.conndoctor.rules.client.WrongAddressRule;
import dev.conndoctor.rules.client.WrongPortRule;

import dev.conndoctor.Cause;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Symptom;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.ProxyPath;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns evidence into a diagnosis: the outcome, the symptom, and the causes that the rules
 * found, strongest first. Pure, like the rules it runs.
 */
public final class Diagnoser {

    /**
     * Every rule, most specific first: among causes of equal confidence the earlier rule's
     * cause is the primary one.
     */
    public static final List<Rule> RULES = List.of(
            new DnsNxdomainRule(),
            new DnsNoAnswerRule(),
            new DnsTimeoutRule(),
            new FakeIpProxyRule(),
            new WrongAddressRule(),
            new DnsPointsElsewhereRule(),
            new ProxyInPathRule(),
            new CdnInFrontRule(),
            new TlsNotOfferedRule(),
            new TlsExpiredRule(),
            new TlsNameMismatchRule(),
            new TlsUntrustedRule(),
            new TlsVersionMismatchRule(),
            new TlsRequiredRule(),
            new WebSocketHandshakeInvalidRule(),
            new WebSocketPathNotFoundRule(),
            new WebSocketRejectedRule(),
            new WebSocketOnlyRule(),
            new ServerSpeaksFirstRule(),
            new HttpNotWebSocketRule(),
            new ProxyStripsUpgradeRule(),
            new NonHttpReplyRule(),
            new ClosedWithoutReplyRule(),
            new NoReplyRule(),
            new EphemeralPortsExhaustedRule(),
            new LocalFirewallRule(),
            new ServerReportRules.HostFirewall(),
            new NoRouteRule(),
            new BoundToLoopbackRule(),
            new BoundToOtherAddressRule(),
            new WrongPortRule(),
            new ServerNotListeningRule(),
            new PrivateAddressRule(),
            new FirewallRejectRule(),
            new ServerReportRules.NetworkFirewall(),
            new FirewallDropRule(),
            new HostDownRule());

    /** Which failure shows first when addresses fail differently: the most telling one. */
    private static final List<ConnectOutcome> SYMPTOM_ORDER = List.of(
            ConnectOutcome.ADDRESS_UNAVAILABLE, ConnectOutcome.PERMISSION_DENIED, ConnectOutcome.REFUSED,
            ConnectOutcome.HOST_UNREACHABLE, ConnectOutcome.NET_UNREACHABLE, ConnectOutcome.TIMEOUT,
            ConnectOutcome.OTHER);

    private static final Map<ConnectOutcome, Symptom> SYMPTOMS = Map.of(
            ConnectOutcome.ADDRESS_UNAVAILABLE, Symptom.ADDRESS_UNAVAILABLE,
            ConnectOutcome.PERMISSION_DENIED, Symptom.BLOCKED_LOCALLY,
            ConnectOutcome.REFUSED, Symptom.REFUSED,
            ConnectOutcome.HOST_UNREACHABLE, Symptom.UNREACHABLE,
            ConnectOutcome.NET_UNREACHABLE, Symptom.UNREACHABLE,
            ConnectOutcome.TIMEOUT, Symptom.TIMEOUT,
            ConnectOutcome.OTHER, Symptom.UNREACHABLE);

    private final List<Rule> rules;

    public Diagnoser() {
        this(RULES);
    }

    public Diagnoser(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public Diagnosis diagnose(Evidence evidence, long elapsedMs) {
        Optional<Symptom> protocolFailure = evidence.exchange().flatMap(ProtocolOutcome::failure);
        // connected is not enough: to the wrong machine, or only where the client's proxy does not go
        boolean pathFailed = evidence.expectationMissed() || evidence.proxyFailed() || Proofs.failed(evidence);
        if (evidence.reach().anyConnected() && protocolFailure.isEmpty() && !pathFailed) {
            return new Diagnosis(evidence.target(), Outcome.OK, Symptom.OK, List.of(), List.of(), warnings(evidence),
                    evidence, elapsedMs);
        }
        List<Cause> causes = new ArrayList<>();
        List<RuledOut> ruledOut = new ArrayList<>();
        for (Rule rule : rules) {
            Verdict verdict = rule.evaluate(evidence);
            if (verdict instanceof Verdict.Found found) {
                causes.add(found.cause());
            } else if (verdict instanceof Verdict.Excluded excluded) {
                ruledOut.add(excluded.ruledOut());
            }
        }
        // the sort is stable, so rule order breaks ties of confidence
        causes.sort(Comparator.comparing(Cause::confidence));
        Set<?> found = causes.stream().map(Cause::id).collect(Collectors.toSet());
        ruledOut.removeIf(r -> found.contains(r.id()));
        Symptom symptom = protocolFailure.orElseGet(() -> evidence.reach().anyConnected()
                ? proxySymptom(evidence).orElse(Symptom.OK) : symptom(evidence));
        return new Diagnosis(evidence.target(), Outcome.FAILED, symptom, causes, ruledOut, warnings(evidence), evidence,
                elapsedMs);
    }

    /**
     * The direct path works but the client's proxy fails: the client sees the proxy's failure.
     * A wrong machine reached directly keeps the symptom "ok": every stage worked, to the wrong place.
     */
    private static Optional<Symptom> proxySymptom(Evidence evidence) {
        return evidence.path().proxy().flatMap(ProxyPath::attempt).filter(a -> !a.opened()).map(a -> switch (a.result()) {
            case PROXY_UNREACHABLE -> Symptom.REFUSED;
            case PROXY_SILENT -> Symptom.NO_REPLY;
            default -> Symptom.HANDSHAKE_FAILED;
        });
    }

    /** Problems beside the verdict: addresses that failed while another worked, a WebSocket that did not pong. */
    private static List<Text> warnings(Evidence evidence) {
        List<Text> warnings = new ArrayList<>();
        evidence.proof().filter(p -> p.verified() && !p.seenAsLocal())
                .ifPresent(p -> warnings.add(Text.of("warning.seen-as", p.seenAs().orElse("?"))));
        evidence.path().cdn().stream().findFirst().ifPresent(s -> warnings.add(Text.of("warning.cdn", s.provider(), s.what())));
        evidence.reach().resolution().addresses().stream()
                .filter(a -> a.addressClass() == dev.conndoctor.net.AddressClass.FAKE_IP).findFirst()
                .ifPresent(a -> warnings.add(Text.of("warning.fake-ip", a.text())));
        evidence.path().proxy().ifPresent(p -> p.decision().bypassedBy().ifPresent(entry ->
                warnings.add(Text.of("warning.proxy-bypassed", p.decision().configured().get().text(), entry))));
        if (evidence.reach().anyConnected()) {
            evidence.reach().failedAttempts().forEach(a ->
                    warnings.add(Text.of("warning.address-failed", a.endpoint(), a.outcome().id(), a.elapsedMs())));
        }
        evidence.exchange().flatMap(ProtocolExchange::pingAnswered).filter(answered -> !answered)
                .ifPresent(x -> warnings.add(Text.of("warning.no-pong")));
        evidence.exchange().flatMap(ProtocolExchange::tls).filter(t -> t.insecure())
                .ifPresent(t -> warnings.add(Text.of("warning.insecure")));
        return warnings;
    }

    private static Symptom symptom(Evidence evidence) {
        if (!evidence.reach().resolution().succeeded()) {
            return Symptom.DNS_FAILED;
        }
        Set<ConnectOutcome> seen = evidence.reach().attempts().stream().map(ConnectAttempt::outcome).collect(Collectors.toSet());
        return SYMPTOM_ORDER.stream().filter(seen::contains).findFirst().map(SYMPTOMS::get).orElse(Symptom.UNREACHABLE);
    }
}
