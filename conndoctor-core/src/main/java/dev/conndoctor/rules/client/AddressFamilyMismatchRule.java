package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.FamilyMismatch;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * address-family-mismatch: the name's addresses reach the port on one family only (the classic:
 * {@code localhost} is ::1 first, the server listens on 127.0.0.1). Confirmed when the failing
 * family comes first in the resolver's order, where every client that dials only the first
 * address fails; possible when it comes later, where only clients that prefer that family fail.
 */
public final class AddressFamilyMismatchRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.ADDRESS_FAMILY_MISMATCH;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<FamilyMismatch> found = evidence.reach().familyMismatch();
        if (found.isEmpty()) {
            return Verdict.silent();
        }
        FamilyMismatch m = found.get();
        String host = evidence.target().host();
        int port = evidence.target().port();
        ConnectAttempt working = m.working().get(0);
        Cause.Builder cause = start(m, host);
        cause.evidence("evidence.family-order", host, evidence.reach().resolution().addresses().stream()
                        .map(ResolvedAddress::text).collect(Collectors.joining(", ")),
                Text.of("order." + m.order().id()));
        m.failed().forEach(a -> cause.evidence("evidence.family-failed", a.endpoint(), m.failingFamily(), a.detail(),
                a.elapsedMs()));
        m.working().forEach(a -> cause.evidence("evidence.family-works", a.endpoint(), m.workingFamily(), a.elapsedMs()));
        // on this machine the socket table says where the server listens instead
        LocalTargets.listenersElsewhere(evidence)
                .filter(l -> m.failed().stream().anyMatch(a -> a.address().equals(l.dialled())))
                .ifPresent(l -> cause.evidence("evidence.listens-elsewhere", LocalTargets.describe(l),
                        Endpoints.text(l.dialled())));
        Text preferring = Text.of(m.ipv6Fails() ? "clients.prefer-ipv6" : "clients.prefer-ipv4");
        if (m.failingFirst()) {
            cause.evidence("evidence.family-first-fails", Endpoints.text(m.first().address()), preferring)
                    .evidence(m.allSilent() ? "evidence.family-fallback-silent" : "evidence.family-fallback-refused",
                            Endpoints.text(working.address()));
        } else {
            cause.evidence("evidence.family-later-fails", Endpoints.text(m.first().address()), m.failingFamily(),
                    preferring);
        }
        // a silent family points at a filter on the way, or an address nobody holds; a refusing one at
        // where the server listens
        if (m.allSilent()) {
            cause.fix(m.ipv6Fails() ? "fix.family-mismatch.firewall-ipv6" : "fix.family-mismatch.firewall-ipv4", port)
                    .fix("fix.family-mismatch.stale-address", Endpoints.text(m.failed().get(0).address()), host);
        } else {
            cause.fix("fix.family-mismatch.listen-both", port);
        }
        cause.fix("fix.family-mismatch.dial", Endpoints.text(working.address()), host)
                .fix(m.ipv6Fails() ? "fix.family-mismatch.client-ipv4" : "fix.family-mismatch.client-ipv6");
        return Verdict.found(cause.build());
    }

    /** The cause with its summary: refused or silent when the failing family comes first, who fails when it comes later. */
    private static Cause.Builder start(FamilyMismatch m, String host) {
        if (!m.failingFirst()) {
            return Cause.builderWithSummary(CauseId.ADDRESS_FAMILY_MISMATCH, Confidence.POSSIBLE,
                    "cause.address-family-mismatch.later.summary", host, m.workingFamily(), m.failingFamily());
        }
        if (m.allSilent()) {
            return Cause.builderWithSummary(CauseId.ADDRESS_FAMILY_MISMATCH, Confidence.CONFIRMED,
                    "cause.address-family-mismatch.silent.summary", host);
        }
        return Cause.builder(CauseId.ADDRESS_FAMILY_MISMATCH, Confidence.CONFIRMED, host);
    }
}
