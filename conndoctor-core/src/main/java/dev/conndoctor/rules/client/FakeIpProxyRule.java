package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.net.AddressClass;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ResolvedAddress;
import java.util.Optional;

/**
 * fake-ip-proxy: the name resolved into 198.18.0.0/15, the benchmarking block that no real server
 * uses and that proxy software in fake-IP mode (Clash, Surge and kin) hands out in place of
 * the real address. Confirmed by the address itself.
 */
public final class FakeIpProxyRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.FAKE_IP_PROXY;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        Optional<ResolvedAddress> fake = evidence.reach().resolution().addresses().stream()
                .filter(a -> a.addressClass() == AddressClass.FAKE_IP).findFirst();
        if (fake.isEmpty() || evidence.target().hostIsLiteral()) {
            return Verdict.silent();
        }
        return Verdict.found(Cause.builder(CauseId.FAKE_IP_PROXY, Confidence.CONFIRMED, evidence.target().host())
                .evidence("evidence.fake-ip", evidence.target().host(), fake.get().text())
                .fix("fix.fake-ip.rule", evidence.target().host())
                .fix("fix.fake-ip.off")
                .build());
    }
}
