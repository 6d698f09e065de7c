package dev.conndoctor.config;

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
 * Reads a server's report ({@code conndoctor server --json}, given to {@code diagnose
 * --server-report}) into the facts per port that the client's diagnosis joins with its own.
 */
public final class ServerReportReader {
    private ServerReportReader() {
    }

    /** Reads a {@code conndoctor.server/1} document; throws {@link IllegalArgumentException} naming what is wrong. */
    public static List<ServerFacts> read(String json) {
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
