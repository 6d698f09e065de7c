package dev.conndoctor.rules.server;

import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.PortEvidence;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.List;
import java.util.stream.Collectors;

/** The three readings of a port's listeners: none, loopback only, a specific address. One rule each. */
public final class ListenerRules {
    private ListenerRules() {
    }

    static String where(List<Listener> listeners) {
        return listeners.stream().map(l -> l.endpoint() + l.process().map(p -> " (" + p.name() + ", pid " + p.pid() + ")")
                .orElse("")).distinct().collect(Collectors.joining(", "));
    }

    /** server-not-listening, confirmed: no socket listens on the port on any address. */
    public static final class NotListening implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.SERVER_NOT_LISTENING;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            int port = at.port();
            // a port published without a proxy (DNAT), or a container's unpublished one: the container rules say which
            if (!at.listeners().isEmpty() || !at.publications().isEmpty() || !at.unpublished().isEmpty()) {
                return Verdict.silent();
            }
            return Verdict.found(Cause.builder(CauseId.SERVER_NOT_LISTENING, Confidence.CONFIRMED, port)
                    .evidence("evidence.no-listener-here", port)
                    .fix("fix.not-listening.start", port)
                    .build());
        }
    }

    /** bound-to-loopback, confirmed: every listener of the port is on 127.0.0.1 or ::1. */
    public static final class LoopbackOnly implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.BOUND_TO_LOOPBACK;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            int port = at.port();
            List<Listener> listeners = at.listeners();
            // a publisher on loopback (-p 127.0.0.1:P:P) is published-on-loopback, with Docker's fix, not the app's
            if (listeners.isEmpty() || !listeners.stream().allMatch(Listener::loopback) || !at.publications().isEmpty()) {
                return Verdict.silent();
            }
            return Verdict.found(Cause.builder(CauseId.BOUND_TO_LOOPBACK, Confidence.CONFIRMED, port)
                    .evidence("evidence.listens-on-loopback-only", where(listeners), port)
                    .fix("fix.listen-all.workerman", port)
                    .fix("fix.listen-all.others", port)
                    .build());
        }
    }

    /**
     * bound-to-other-address, possible: the port listens on specific addresses only, so clients
     * that dial any other address of this host are refused (fine when clients only use those).
     */
    public static final class SpecificAddress implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.BOUND_TO_OTHER_ADDRESS;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            int port = at.port();
            List<Listener> listeners = at.listeners();
            if (listeners.isEmpty() || listeners.stream().anyMatch(Listener::wildcard)
                    || listeners.stream().allMatch(Listener::loopback)) {
                return Verdict.silent();
            }
            return Verdict.found(Cause.builderWithSummary(CauseId.BOUND_TO_OTHER_ADDRESS, Confidence.POSSIBLE,
                            "cause.bound-to-other-address.server-summary", port, where(listeners))
                    .evidence("evidence.listens-on-specific", where(listeners), port)
                    .fix("fix.other-address.dial", where(listeners))
                    .fix("fix.listen-all.others", port)
                    .build());
        }
    }
}
