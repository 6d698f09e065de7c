package dev.conndoctor.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.net.AddressLiterals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a server's report ({@code conndoctor server --json}) says about one port, as the client's
 * diagnosis needs it: where it listens, whether its own firewall blocks it and by which rules.
 *
 * @param listenAddresses empty: nothing listens on the port
 * @param blockedForSome the firewall blocks the port for some clients only (a source or interface condition)
 */
public record ServerFacts(int port, List<InetAddress> listenAddresses, boolean blocked, List<String> blockingRules,
                          Optional<String> panel, boolean blockedForSome) {

    public ServerFacts {
        listenAddresses = List.copyOf(listenAddresses);
        blockingRules = List.copyOf(blockingRules);
    }

    /** Facts without a partial block. */
    public ServerFacts(int port, List<InetAddress> listenAddresses, boolean blocked, List<String> blockingRules,
                       Optional<String> panel) {
        this(port, listenAddresses, blocked, blockingRules, panel, false);
    }

    public boolean listening() {
        return !listenAddresses.isEmpty();
    }

    public boolean loopbackOnly() {
        return listening() && listenAddresses.stream().allMatch(InetAddress::isLoopbackAddress);
    }

    /** Whether a connection to {@code dialled} would find a listener (a wildcard takes every address). */
    public boolean listensFor(InetAddress dialled) {
        return listenAddresses.stream().anyMatch(a -> a.isAnyLocalAddress() || a.equals(dialled));
    }

    /** Reads a {@code conndoctor.server/1} document; throws {@link IllegalArgumentException} naming what is wrong. */
    public static List<ServerFacts> fromReport(String json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        if (root == null || !"conndoctor.server/1".equals(root.path("schema").asText())) {
            throw new IllegalArgumentException("not a conndoctor server report (schema conndoctor.server/1)");
        }
        Optional<String> panel = root.path("host").has("panel")
                ? Optional.of(root.path("host").path("panel").asText()) : Optional.empty();
        List<ServerFacts> facts = new ArrayList<>();
        for (JsonNode port : root.path("ports")) {
            List<InetAddress> addresses = new ArrayList<>();
            for (JsonNode listener : port.path("listeners")) {
                String address = listener.path("address").asText();
                if (AddressLiterals.isIpv4(address) || AddressLiterals.isIpv6(address)) {
                    try {
                        addresses.add(InetAddress.getByName(address)); // a checked literal: no lookup
                    } catch (UnknownHostException e) {
                        // cannot happen for a checked literal
                    }
                }
            }
            boolean blocked = false;
            boolean blockedForSome = false;
            List<String> rules = new ArrayList<>();
            for (JsonNode verdict : port.path("firewall")) {
                String decision = verdict.path("decision").asText();
                boolean some = decision.equals("some-blocked");
                blockedForSome |= some;
                if (decision.equals("dropped") || decision.equals("rejected") || some) {
                    blocked |= !some;
                    String source = verdict.path("source").asText();
                    if (verdict.path("decidedByPolicy").asBoolean()) {
                        rules.add(source + ": policy " + verdict.path("policy").asText());
                    }
                    verdict.path("rules").forEach(r -> rules.add(source + ": " + r.path("rule").asText()));
                }
            }
            facts.add(new ServerFacts(port.path("port").asInt(), addresses, blocked, rules, panel, blockedForSome));
        }
        return facts;
    }
}
