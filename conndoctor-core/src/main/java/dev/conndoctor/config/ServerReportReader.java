package dev.conndoctor.config;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import java.util.Arrays;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.conndoctor.net.AddressLiterals;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
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
        Map<String, JsonNode> panelsByName = new HashMap<>();
        root.path("host").path("panels").forEach(p -> panelsByName.put(p.path("name").asText(), p));
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
            facts.add(new ServerFacts(port.path("port").asInt(), addresses, blocked, rules, panel, blockedForSome,
                    reportedCauses(port.path("causes")), panels(port.path("panels"), panelsByName)));
        }
        return facts;
    }

    /** The port's panel verdicts, each with the panel's firewall and denied addresses from the report's host part. */
    private static List<PanelFacts> panels(JsonNode verdicts, Map<String, JsonNode> panelsByName) {
        List<PanelFacts> panels = new ArrayList<>();
        for (JsonNode v : verdicts) {
            String name = v.path("name").asText();
            JsonNode host = panelsByName.getOrDefault(name, MissingNode.getInstance());
            List<String> rules = new ArrayList<>();
            v.path("rules").forEach(r -> rules.add(r.asText()));
            List<PanelFacts.Denied> denied = new ArrayList<>();
            for (JsonNode d : host.path("denied")) {
                denied.add(new PanelFacts.Denied(d.path("source").asText(),
                        d.path("port").isInt() ? Optional.of(d.path("port").asInt()) : Optional.empty(),
                        d.path("comment").asText()));
            }
            panels.add(new PanelFacts(name, host.path("label").asText(v.path("label").asText(name)),
                    host.path("drives").isTextual() ? Optional.of(host.path("drives").asText()) : Optional.empty(),
                    v.path("status").asText(), rules, denied));
        }
        return panels;
    }

    /**
     * The report's causes of the catalogue, in the server's words: its summary, evidence and fixes
     * are carried as they were written (they are the server's, not this client's), with their confidence.
     */
    private static List<Cause> reportedCauses(JsonNode causes) {
        List<Cause> result = new ArrayList<>();
        for (JsonNode c : causes) {
            Optional<CauseId> id = Arrays.stream(CauseId.values()).filter(k -> k.id().equals(c.path("id").asText()))
                    .findFirst();
            Optional<Confidence> confidence = Arrays.stream(Confidence.values())
                    .filter(k -> k.id().equals(c.path("confidence").asText())).findFirst();
            if (id.isEmpty() || confidence.isEmpty()) {
                continue; // a cause of a later catalogue, or a malformed one: not this client's to interpret
            }
            Cause.Builder cause = Cause.builderWithSummary(id.get(), confidence.get(), "report.server-said",
                    c.path("summary").asText());
            c.path("evidence").forEach(e -> cause.evidence("report.server-line", e.asText()));
            c.path("fixes").forEach(f -> cause.fix("report.server-line", f.asText()));
            result.add(cause.build());
        }
        return result;
    }
}
