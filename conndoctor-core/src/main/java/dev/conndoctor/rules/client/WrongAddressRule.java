package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Proofs;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;

/** wrong-address: the client dials an IP address that is not where the user says the server is ({@code --expect-ip}). */
public final class WrongAddressRule implements Rule<Evidence> {

    @Override
    public CauseId cause() {
        return CauseId.WRONG_ADDRESS;
    }

    @Override
    public Verdict evaluate(Evidence evidence) {
        if (!evidence.target().hostIsLiteral() || !evidence.expectationMissed() && !Proofs.failed(evidence)) {
            return Verdict.silent();
        }
        String dialled = evidence.reach().resolution().addresses().get(0).text();
        if (Proofs.failed(evidence)) {
            return Verdict.found(Cause.builder(CauseId.WRONG_ADDRESS, Confidence.CONFIRMED, dialled)
                    .evidence(evidence.proof().get().answered() ? "evidence.proof-wrong" : "evidence.proof-missing",
                            evidence.target().authority())
                    .fix("fix.proof.listener", evidence.target().port())
                    .fix("fix.wrong-address.config")
                    .build());
        }
        return Verdict.found(Cause.builder(CauseId.WRONG_ADDRESS, Confidence.CONFIRMED, dialled)
                .evidence("evidence.dialled-not-expected", dialled,
                        DnsPointsElsewhereRule.text(evidence.path().expectedAddresses()))
                .fix("fix.wrong-address.dial", DnsPointsElsewhereRule.text(evidence.path().expectedAddresses()))
                .fix("fix.wrong-address.config")
                .build());
    }
}
