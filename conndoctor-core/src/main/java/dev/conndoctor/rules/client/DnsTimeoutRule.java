package dev.conndoctor.rules.client;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.DnsFailure;

/** dns-timeout: no resolver answered in time (or answered "try again"). */
public final class DnsTimeoutRule extends DnsFailureRule {
    @Override
    public CauseId cause() {
        return CauseId.DNS_TIMEOUT;
    }

    @Override
    DnsFailure failure() {
        return DnsFailure.TIMEOUT;
    }

    @Override
    Confidence confidence() {
        return Confidence.LIKELY;
    }

    @Override
    Cause.Builder fixes(Cause.Builder cause, String host) {
        return cause.fix("fix.dns.check-resolver", host).fix("fix.dns.check-record", host);
    }
}
