package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.List;

/** Connection attempts to usual ports of one address, to tell a machine that is up from one that is not. */
public record HostLiveness(InetAddress address, List<ConnectAttempt> attempts) {

    public HostLiveness {
        attempts = List.copyOf(attempts);
    }

    /** Some port answered, with an accept or a reset: a machine is there. */
    public boolean isUp() {
        return attempts.stream().anyMatch(a -> a.outcome().provesHostUp());
    }

    /** No usual port answered: each stayed silent until the deadline or found no machine (ARP). */
    public boolean noneAnswered() {
        return !attempts.isEmpty() && attempts.stream().allMatch(
                a -> a.outcome() == ConnectOutcome.TIMEOUT || a.outcome() == ConnectOutcome.HOST_UNREACHABLE);
    }

    /** The attempts that proved the host up, first ones first. */
    public List<ConnectAttempt> answering() {
        return attempts.stream().filter(a -> a.outcome().provesHostUp()).toList();
    }
}
