package dev.conndoctor.rules.client;

import dev.conndoctor.rules.Proofs;

import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;

/**
 * wrong-address: the client dials an IP address that is not where the user says the server is
 * ({@code --expect-ip}), or where the end-to-end proof says another server answered; only possible
 * when a listener answered with another token, which a mistyped {@code --token} also explains.
 */
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
        if (Proofs.answeredWithAnotherToken(evidence)) {
            return Verdict.found(Cause.builderWithSummary(CauseId.WRONG_ADDRESS, Proofs.confidence(evidence),
                            "cause.wrong-address.proof-summary", dialled)
                    .evidence("evidence.proof-wrong", evidence.target().authority())
                    .fix("fix.proof.token")
                    .fix("fix.proof.listener", evidence.target().port())
                    .fix("fix.wrong-address.config")
                    .build());
        }
        if (Proofs.failed(evidence)) {
            return Verdict.found(Cause.builder(CauseId.WRONG_ADDRESS, Proofs.confidence(evidence), dialled)
                    .evidence("evidence.proof-missing", evidence.target().authority())
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
