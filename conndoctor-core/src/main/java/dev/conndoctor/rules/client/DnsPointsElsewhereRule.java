package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Proofs;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ResolvedAddress;
import java.net.InetAddress;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * dns-points-elsewhere: the name leads to another machine than the server. Confirmed when it
 * resolves away from {@code --expect-ip}; likely when this machine's hosts file overrides what
 * DNS says, or when the nameservers disagree.
 */
public final class DnsPointsElsewhereRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.DNS_POINTS_ELSEWHERE;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        if (evidence.target().hostIsLiteral() || !evidence.reach().resolution().succeeded()) {
            return Verdict.silent();
        }
        String name = evidence.target().host();
        String resolved = text(evidence.reach().resolution().addresses().stream().map(ResolvedAddress::address).toList());
        if (Proofs.answeredWithAnotherToken(evidence)) {
            return Verdict.found(fixes(Cause.builderWithSummary(CauseId.DNS_POINTS_ELSEWHERE, Proofs.confidence(evidence),
                            "cause.dns-points-elsewhere.proof-summary", name)
                    .evidence("evidence.proof-wrong", evidence.target().authority())
                    .evidence("evidence.name-resolved", name, resolved)
                    .fix("fix.proof.token"), name)
                    .fix("fix.proof.listener", evidence.target().port())
                    .build());
        }
        if (Proofs.failed(evidence)) {
            return Verdict.found(fixes(Cause.builder(CauseId.DNS_POINTS_ELSEWHERE, Proofs.confidence(evidence), name)
                    .evidence("evidence.proof-missing", evidence.target().authority())
                    .evidence("evidence.name-resolved", name, resolved), name)
                    .fix("fix.proof.listener", evidence.target().port())
                    .build());
        }
        if (evidence.expectationMissed()) {
            return Verdict.found(fixes(Cause.builder(CauseId.DNS_POINTS_ELSEWHERE, Confidence.CONFIRMED, name)
                    .evidence("evidence.resolves-away", name, resolved, text(evidence.path().expectedAddresses())), name)
                    .build());
        }
        Optional<DnsEvidence> dns = evidence.path().dns();
        boolean allExpected = !evidence.path().expectedAddresses().isEmpty() && evidence.reach().resolution().addresses().stream()
                .allMatch(a -> evidence.path().expectedAddresses().contains(a.address()));
        if (dns.isEmpty() || allExpected) {
            return Verdict.silent(); // the client reaches where the user says the server is
        }
        Set<InetAddress> fromDns = new LinkedHashSet<>();
        dns.get().nameservers().forEach(server -> fromDns.addAll(dns.get().addressesFrom(server)));
        List<InetAddress> hosts = dns.get().hostsFile();
        if (!hosts.isEmpty() && !fromDns.isEmpty() && !fromDns.containsAll(hosts)) {
            return Verdict.found(fixes(Cause.builder(CauseId.DNS_POINTS_ELSEWHERE, Confidence.LIKELY, name)
                    .evidence("evidence.hosts-override", name, text(hosts), text(fromDns)), name)
                    .fix("fix.dns.hosts-entry", name)
                    .build());
        }
        // compare question by question, among the servers that answered it: a timeout is no disagreement
        List<String> answering = dns.get().nameservers().stream()
                .filter(s -> !dns.get().addressesFrom(s).isEmpty()).toList();
        boolean disagree = false;
        for (String type : List.of("A", "AAAA")) {
            Set<Set<InetAddress>> distinct = dns.get().answers().stream()
                    .filter(a -> a.type().equals(type) && a.answered() && !a.addresses().isEmpty())
                    .map(a -> Set.copyOf(a.addresses())).collect(Collectors.toSet());
            disagree |= distinct.size() > 1;
        }
        if (disagree && evidence.path().cdn().isEmpty()) {
            // a CDN answers differently per resolver on purpose; without one a disagreement is a stale record
            Cause.Builder cause = Cause.builder(CauseId.DNS_POINTS_ELSEWHERE, Confidence.LIKELY, name);
            for (String server : answering) {
                cause.evidence("evidence.resolver-answer", server, name, text(dns.get().addressesFrom(server)));
            }
            return Verdict.found(fixes(cause, name).build());
        }
        return Verdict.silent();
    }

    private static Cause.Builder fixes(Cause.Builder cause, String name) {
        return cause.fix("fix.dns.point-record", name).fix("fix.dns.check-record", name).fix("fix.dns.ttl");
    }

    static String text(Collection<InetAddress> addresses) {
        return addresses.stream().map(Endpoints::text).collect(Collectors.joining(", "));
    }
}
