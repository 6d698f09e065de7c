package dev.conndoctor.rules;

import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.FamilyMismatch;
import dev.conndoctor.evidence.LifetimeOutcome;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.ProxyPath;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns evidence into a diagnosis: the outcome, the symptom, and the causes that the rules
 * found, strongest first. The client's face of the {@link RuleEngine}, which the composition root
 * hands the client's rules and their precedence. Pure, like the rules it runs.
 */
public final class Diagnoser {

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

    private final RuleEngine<Evidence> engine;

    public Diagnoser(RuleEngine<Evidence> engine) {
        this.engine = engine;
    }

    public Diagnosis diagnose(Evidence evidence, long elapsedMs) {
        // the name's first address fails on its family while the other family works: clients that dial
        // only the first address (Node before autoSelectFamily, Java preferring IPv6) fail, and the first
        // failing stage of a client that dials in order is that connect, before any protocol
        Optional<ConnectAttempt> firstFamilyFails = evidence.reach().familyMismatch()
                .filter(FamilyMismatch::failingFirst).map(FamilyMismatch::first);
        // a session held after a working exchange (--hold) fails when it breaks before the hold is over
        Optional<Symptom> protocolFailure = evidence.exchange().flatMap(ProtocolOutcome::failure)
                .or(() -> evidence.lifetime().map(LifetimeOutcome::of).flatMap(LifetimeOutcome::failure));
        // connected is not enough: to the wrong machine, or only where the client's proxy does not go
        boolean pathFailed = evidence.expectationMissed() || evidence.proxyFailed() || Proofs.failed(evidence);
        if (evidence.reach().anyConnected() && protocolFailure.isEmpty() && !pathFailed && firstFamilyFails.isEmpty()) {
            return new Diagnosis(evidence.target(), Outcome.OK, Symptom.OK, List.of(), List.of(), warnings(evidence),
                    evidence, elapsedMs);
        }
        RuleEngine.Findings findings = engine.run(evidence);
        Symptom symptom = firstFamilyFails.map(a -> SYMPTOMS.get(a.outcome()))
                .or(() -> protocolFailure)
                .orElseGet(() -> evidence.reach().anyConnected()
                        ? proxySymptom(evidence).orElse(Symptom.OK) : symptom(evidence));
        return new Diagnosis(evidence.target(), Outcome.FAILED, symptom, findings.causes(), findings.ruledOut(),
                warnings(evidence), evidence, elapsedMs);
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
        // the working family comes first, so the connection works; clients that prefer the other family do not
        evidence.reach().familyMismatch().filter(m -> !m.failingFirst()).ifPresent(m ->
                warnings.add(Text.of("warning.address-family-mismatch", m.failingFamily(), m.workingFamily(),
                        Text.of(m.ipv6Fails() ? "clients.prefer-ipv6" : "clients.prefer-ipv4"))));
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
