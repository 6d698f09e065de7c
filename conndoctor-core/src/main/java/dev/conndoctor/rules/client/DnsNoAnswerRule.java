package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.DnsFailure;

/** dns-no-answer: the name exists but has no address record. */
public final class DnsNoAnswerRule extends DnsFailureRule {
    @Override
    public CauseId cause() {
        return CauseId.DNS_NO_ANSWER;
    }

    @Override
    DnsFailure failure() {
        return DnsFailure.NO_ANSWER;
    }

    @Override
    Confidence confidence() {
        return Confidence.CONFIRMED;
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, String host) {
        return cause.fix("fix.dns.add-record", host).fix("fix.dns.check-record", host);
    }
}
