package dev.conndoctor.probe;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Silence;
import dev.conndoctor.net.Endpoint;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The connect round of one diagnosis, planned before any socket opens: the main attempts (every
 * resolved address on the target port) and the liveness follow-ups (the usual ports of each
 * remote address) that explain a main attempt's failure. Pure.
 *
 * <p>Both kinds run in one round, so a silent port is diagnosed in about one timeout instead of
 * two, and in a fraction of it when its host answers elsewhere ({@link #judgedEarly}, judged by
 * the {@link Connector}); {@link #enough} lets the round end as soon as what it found settles
 * the diagnosis.
 *
 * @param main one endpoint per resolved address, on the target port, in resolution order
 * @param followUps the liveness ports of each address that is not this machine's own
 * @param rttProbes the same ports of each address that is this machine's: not evidence of
 *                  liveness (this machine is up), only its round trip, so that a silent port
 *                  here is judged as early as on a remote host; dialled only once the target
 *                  port is slow to answer, so that a working local target costs no other port
 */
public record Plan(List<Endpoint> main, List<Endpoint> followUps, List<Endpoint> rttProbes) {

    /** Outcomes after which knowing whether the host is up changes the diagnosis. */
    private static final Set<ConnectOutcome> NEEDS_LIVENESS =
            EnumSet.of(ConnectOutcome.TIMEOUT, ConnectOutcome.HOST_UNREACHABLE, ConnectOutcome.NET_UNREACHABLE,
                    ConnectOutcome.OTHER);

    public Plan {
        main = List.copyOf(main);
        followUps = List.copyOf(followUps);
        rttProbes = List.copyOf(rttProbes);
    }

    /**
     * The round for {@code addresses} on {@code port}. A local address gets no follow-ups: this
     * machine is up, and its own tables (read later) say more than its other ports would.
     */
    public static Plan of(List<ResolvedAddress> addresses, int port, List<Integer> livenessPorts,
                          List<LocalInterface> interfaces) {
        List<Endpoint> main = new ArrayList<>();
        List<Endpoint> followUps = new ArrayList<>();
        List<Endpoint> rttProbes = new ArrayList<>();
        for (ResolvedAddress resolved : addresses) {
            InetAddress address = resolved.address();
            main.add(new Endpoint(address, port));
            List<Endpoint> others = isLocal(address, interfaces) ? rttProbes : followUps;
            for (int other : livenessPorts) {
                if (other != port) {
                    others.add(new Endpoint(address, other));
                }
            }
        }
        return new Plan(main, followUps, rttProbes);
    }

    /** Whether knowing that the host is up changes what {@code outcome} means. */
    public static boolean needsLiveness(ConnectOutcome outcome) {
        return NEEDS_LIVENESS.contains(outcome);
    }

    /** Whether {@code address} is this machine's: a loopback, the wildcard, or an interface's address. */
    public static boolean isLocal(InetAddress address, List<LocalInterface> interfaces) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress()
                || interfaces.stream().anyMatch(i -> i.address().equals(address));
    }

    /** Every endpoint the round dials at once: the main attempts first (the round-trip probes wait, see {@link Connector#round}). */
    public List<Endpoint> all() {
        List<Endpoint> all = new ArrayList<>(main);
        all.addAll(followUps);
        return all;
    }

    /**
     * The main attempts whose silence may be judged before the timeout: those whose host has
     * other ports in the round, so that an answer there can prove it up and give its round trip.
     */
    public Set<Endpoint> judgedEarly() {
        Set<Endpoint> judged = new java.util.LinkedHashSet<>();
        for (Endpoint endpoint : main) {
            if (followUps.stream().anyMatch(f -> f.address().equals(endpoint.address()))
                    || rttProbes.stream().anyMatch(f -> f.address().equals(endpoint.address()))) {
                judged.add(endpoint);
            }
        }
        return judged;
    }

    /** Whether {@code attempt} is one of the main attempts (the ones the user is told about as they end). */
    public boolean isMain(ConnectAttempt attempt) {
        return main.contains(new Endpoint(attempt.address(), attempt.port()));
    }

    /**
     * The round may end once every main attempt is known and, for each address whose attempt
     * needs explaining, its liveness is known too (one answer proves the host up).
     */
    public boolean enough(Map<Endpoint, ConnectAttempt> done) {
        return enough(done, Map.of());
    }

    /**
     * The same, where a main attempt judged silent because its host answered neighbour discovery
     * needs no more liveness: the host is up, and its other ports, unanswered as long, are silent too.
     */
    public boolean enough(Map<Endpoint, ConnectAttempt> done, Map<Endpoint, Silence> silences) {
        for (Endpoint endpoint : main) {
            ConnectAttempt attempt = done.get(endpoint);
            if (attempt == null) {
                return false;
            }
            Silence silence = silences.get(endpoint);
            if (needsLiveness(attempt.outcome()) && (silence == null || !silence.byNeighbour())) {
                boolean settled = true;
                for (Endpoint f : followUps) {
                    if (f.address().equals(endpoint.address())) {
                        ConnectAttempt a = done.get(f);
                        if (a != null && a.outcome().provesHostUp()) {
                            settled = true;
                            break;
                        }
                        settled &= a != null;
                    }
                }
                if (!settled) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The main attempts of a finished round, in plan order. */
    public List<ConnectAttempt> attempts(Map<Endpoint, ConnectAttempt> results) {
        return main.stream().map(results::get).toList();
    }

    /** For each main attempt that needs explaining, what its address's follow-ups found (those that ended). */
    public List<HostLiveness> liveness(Map<Endpoint, ConnectAttempt> results) {
        List<HostLiveness> liveness = new ArrayList<>();
        for (ConnectAttempt attempt : attempts(results)) {
            if (needsLiveness(attempt.outcome())) {
                List<ConnectAttempt> probes = followUps.stream()
                        .filter(e -> e.address().equals(attempt.address()))
                        .map(results::get)
                        .filter(Objects::nonNull)
                        .toList();
                if (!probes.isEmpty()) {
                    liveness.add(new HostLiveness(attempt.address(), probes));
                }
            }
        }
        return liveness;
    }
}
