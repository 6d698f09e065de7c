package dev.conndoctor.rules.client;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalListeners;
import dev.conndoctor.evidence.SocketEntry;
import java.util.Optional;
import java.util.stream.Collectors;

/** Reading of a refused target on this machine, shared by the rules that compare the dialled address with the listeners. */
final class LocalTargets {
    private LocalTargets() {
    }

    /** The socket table evidence when the port has listeners, yet none of them takes the dialled address. */
    static Optional<LocalListeners> listenersElsewhere(Evidence evidence) {
        return evidence.local().listeners()
                .filter(l -> !l.listeners().isEmpty() && !l.acceptsDialled());
    }

    /** Whether every listener of the port is on a loopback address. */
    static boolean onlyLoopback(LocalListeners listeners) {
        return listeners.listeners().stream().allMatch(l -> l.localAddress().isLoopbackAddress());
    }

    /** The listeners' addresses, e.g. {@code 127.0.0.1:8282, [::1]:8282}. */
    static String describe(LocalListeners listeners) {
        return listeners.listeners().stream().map(SocketEntry::localEndpoint).distinct()
                .collect(Collectors.joining(", "));
    }

    /** The first refused attempt, the symptom every listener-based rule explains. */
    static Optional<ConnectAttempt> refused(Evidence evidence) {
        return evidence.reach().attempts(ConnectOutcome.REFUSED).stream().findFirst();
    }
}
