package dev.conndoctor.firewall;

import dev.conndoctor.firewall.FirewallVerdict.Decision;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Walks a firewall's chains the way a new TCP connection to a port would: rule by rule, into
 * jumps and back, to the first verdict or the chain's policy. Rules with conditions (a source,
 * an interface, a set) are noted as blocking some clients and the walk goes on, as it would for
 * a client they do not match. Pure.
 */
public final class FirewallEvaluator {
    /** Jumps deeper than this are a loop or a generated maze; the walk stops there. */
    static final int MAX_DEPTH = 16;

    private FirewallEvaluator() {
    }

    /**
     * What the base chains hooked on {@code direction} ("input", "output") of one firewall do to
     * a new connection to {@code port}; empty when it has no such chain. A packet passes every
     * base chain of its hook (iptables: the filter table's; nft: each table's), so the strictest
     * verdict wins.
     */
    public static Optional<FirewallVerdict> evaluate(List<Chain> chains, String direction, int port) {
        return evaluate(chains, direction, port, Optional.empty());
    }

    /**
     * The same, knowing the peer's address: rules whose only conditions are about that address
     * (OUTPUT "-d", INPUT "-s") then apply, or not, instead of blocking "some clients".
     */
    public static Optional<FirewallVerdict> evaluate(List<Chain> chains, String direction, int port,
                                                     Optional<java.net.InetAddress> peer) {
        List<FirewallVerdict> verdicts = new ArrayList<>();
        for (Chain base : chains) {
            boolean hooked = base.hook().filter(h -> h.equals(direction)).isPresent();
            boolean filtering = !base.source().endsWith("tables") || base.table().equals("filter");
            if (hooked && filtering) {
                verdicts.add(evaluateBase(chains, base, direction, port, peer));
            }
        }
        return verdicts.stream().min(java.util.Comparator.comparingInt(FirewallEvaluator::strictness));
    }

    /** What each firewall read ({@code sources}: iptables, ip6tables, nft) does to a connection to or from {@code peer}. */
    public static List<FirewallVerdict> verdicts(List<Chain> chains, List<String> sources, String direction, int port,
                                                 Optional<java.net.InetAddress> peer) {
        List<FirewallVerdict> verdicts = new ArrayList<>();
        for (String source : sources) {
            List<Chain> ofSource = chains.stream().filter(c -> c.source().equals(source)).toList();
            evaluate(ofSource, direction, port, peer).ifPresent(verdicts::add);
        }
        return verdicts;
    }

    /** Lower is stricter: a drop or reject anywhere decides, then a partial block, then an accept. */
    private static int strictness(FirewallVerdict v) {
        return switch (v.decision()) {
            case DROPPED, REJECTED -> 0;
            case SOME_BLOCKED -> 1;
            case ACCEPTED -> 2;
        };
    }

    private static FirewallVerdict evaluateBase(List<Chain> chains, Chain base, String direction, int port,
                                                Optional<java.net.InetAddress> peer) {
        List<FirewallRule> conditionalBlocks = new ArrayList<>();
        Optional<FirewallRule> decider = walk(chains, base, port, conditionalBlocks, 0, peer, direction.equals("output"));
        String policy = base.policy().orElse("ACCEPT").toUpperCase(Locale.ROOT);
        String source = base.source();
        Decision decision = decider.map(r -> decisionOf(r.target())).orElse(decisionOf(policy));
        if (decision == Decision.ACCEPTED && !conditionalBlocks.isEmpty()) {
            return new FirewallVerdict(source, direction, Decision.SOME_BLOCKED, conditionalBlocks, policy, false);
        }
        return decider.map(r -> new FirewallVerdict(source, direction, decision, List.of(r), policy, false))
                .orElseGet(() -> new FirewallVerdict(source, direction, decision, List.of(), policy, true));
    }

    /** The rule that decides, or empty when the chain falls through (RETURN, or its end). */
    private static Optional<FirewallRule> walk(List<Chain> chains, Chain chain, int port,
                                               List<FirewallRule> conditionalBlocks, int depth,
                                               Optional<java.net.InetAddress> peer, boolean peerIsDestination) {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        for (FirewallRule rule : chain.rules()) {
            if (!rule.canMatch(port)) {
                continue;
            }
            String target = rule.target();
            Decision decision = decisionOf(target);
            boolean verdict = isVerdict(target);
            if (rule.conditional()) {
                Optional<Boolean> holds = peer.flatMap(p -> rule.addressConditionsHold(p, peerIsDestination));
                if (holds.filter(h -> !h).isPresent()) {
                    continue; // about another address than the peer's: not this connection's rule
                }
                if (holds.isEmpty()) {
                    if (verdict && decision != Decision.ACCEPTED) {
                        conditionalBlocks.add(rule);
                    } else if (!verdict) {
                        // a conditional jump: what that chain blocks, it blocks for some clients
                        jumpTarget(chains, chain, target).ifPresent(c -> collectBlocks(chains, c, port, conditionalBlocks,
                                depth + 1));
                    }
                    continue; // for the clients it does not match, the walk goes on
                }
                // every condition holds for this peer: the rule applies as if it had none
            }
            if (verdict) {
                return Optional.of(rule);
            }
            if (target.equalsIgnoreCase("RETURN")) {
                return Optional.empty();
            }
            Optional<Chain> jump = jumpTarget(chains, chain, target);
            if (jump.isPresent()) {
                Optional<FirewallRule> inner = walk(chains, jump.get(), port, conditionalBlocks, depth + 1, peer,
                        peerIsDestination);
                if (inner.isPresent()) {
                    return inner;
                }
            }
            // LOG, MARK and other non-terminating targets: the packet goes on
        }
        return Optional.empty();
    }

    private static Optional<Chain> jumpTarget(List<Chain> chains, Chain from, String target) {
        return chains.stream()
                .filter(c -> c.source().equals(from.source()) && c.table().equals(from.table()) && c.name().equals(target))
                .findFirst();
    }

    /** Every DROP or REJECT reachable from {@code chain} for the port: blocks for the clients a conditional jump selects. */
    private static void collectBlocks(List<Chain> chains, Chain chain, int port, List<FirewallRule> blocks, int depth) {
        if (depth > MAX_DEPTH) {
            return;
        }
        for (FirewallRule rule : chain.rules()) {
            if (!rule.canMatch(port)) {
                continue;
            }
            Decision decision = decisionOf(rule.target());
            if (isVerdict(rule.target())) {
                if (decision != Decision.ACCEPTED) {
                    blocks.add(rule);
                }
            } else {
                jumpTarget(chains, chain, rule.target()).ifPresent(c -> collectBlocks(chains, c, port, blocks, depth + 1));
            }
        }
    }

    private static boolean isVerdict(String target) {
        String t = target.toUpperCase(Locale.ROOT);
        return t.equals("ACCEPT") || t.equals("DROP") || t.equals("REJECT");
    }

    private static Decision decisionOf(String target) {
        return switch (target.toUpperCase(Locale.ROOT)) {
            case "DROP" -> Decision.DROPPED;
            case "REJECT" -> Decision.REJECTED;
            default -> Decision.ACCEPTED;
        };
    }
}
