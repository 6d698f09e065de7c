package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.DnsFailure;

/** dns-nxdomain: the resolver says the name does not exist. */
public final class DnsNxdomainRule extends DnsFailureRule {
    @Override
    public CauseId cause() {
        return CauseId.DNS_NXDOMAIN;
    }

    @Override
    DnsFailure failure() {
        return DnsFailure.NXDOMAIN;
    }

    @Override
    Confidence confidence() {
        return Confidence.CONFIRMED;
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, String host) {
        return cause.fix("fix.dns.spelling", host).fix("fix.dns.check-record", host);
    }
}
