package dev.conndoctor.probe.classify;

import dev.conndoctor.evidence.DnsFailure;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Names the failure behind a resolver's {@link UnknownHostException} from its message, which
 * on Linux carries the C library's {@code gai_strerror} text after the host name.
 */
public final class DnsFailureClassifier {
    private DnsFailureClassifier() {
    }

    public static DnsFailure classify(UnknownHostException e) {
        String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
        // glibc EAI_NONAME, musl's wording of it, and Windows' WSAHOST_NOT_FOUND
        if (message.contains("name or service not known") || message.contains("name does not resolve")
                || message.contains("no such host is known")) {
            return DnsFailure.NXDOMAIN;
        }
        // glibc EAI_NODATA: the name exists, without an address of the family asked for
        if (message.contains("no address associated with hostname")) {
            return DnsFailure.NO_ANSWER;
        }
        // glibc and musl EAI_AGAIN: no resolver answered, or one answered SERVFAIL
        if (message.contains("temporary failure in name resolution") || message.contains("try again")) {
            return DnsFailure.TIMEOUT;
        }
        return DnsFailure.OTHER;
    }
}
