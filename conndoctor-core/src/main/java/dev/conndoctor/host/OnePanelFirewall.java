package dev.conndoctor.host;

import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads 1Panel's record of the firewall rules made through its Host &gt; Firewall page: the
 * {@code firewalls} table ({@code id, created_at, updated_at, type, port, protocol, address,
 * strategy, description}, its Go model {@code model.Firewall}) of {@code BASE_DIR/1panel/db/1Panel.db}
 * (1Panel v1) or {@code agent.db} (v2), where {@code BASE_DIR} is {@code /usr/local/bin/1pctl}'s.
 * The rules themselves live in firewalld or ufw; the panel keeps a row per rule it wrote.
 */
public final class OnePanelFirewall {
    private OnePanelFirewall() {
    }

    /** {@code BASE_DIR} of {@code /usr/local/bin/1pctl} (the panel's own scripts read it with {@code grep '^BASE_DIR='}). */
    public static Optional<String> baseDir(String onePctl) {
        return onePctl.lines().map(String::strip).filter(l -> l.startsWith("BASE_DIR="))
                .map(l -> l.substring("BASE_DIR=".length()).replace("\"", "").replace("'", "").strip())
                .filter(v -> v.startsWith("/")).findFirst();
    }

    /** The port rules of {@code firewalls} rows ({@code type} "port"; "Anywhere" or empty is every source). */
    public static List<PanelRule> rules(List<Map<String, String>> firewalls) {
        List<PanelRule> rules = new ArrayList<>();
        for (Map<String, String> row : firewalls) {
            if (!row.getOrDefault("type", "").equals("port")) {
                continue;
            }
            String strategy = row.getOrDefault("strategy", "").strip().toLowerCase();
            if (!strategy.equals("accept") && !strategy.equals("drop")) {
                continue;
            }
            String address = row.getOrDefault("address", "").strip();
            for (String spec : row.getOrDefault("port", "").split(",")) {
                PanelPorts.range(spec).ifPresent(r -> rules.add(new PanelRule(r[0], r[1],
                        row.getOrDefault("protocol", "").strip().toLowerCase(), strategy.equals("accept"),
                        address.equalsIgnoreCase("anywhere") ? "" : address, row.getOrDefault("description", ""),
                        spec.strip())));
            }
        }
        return rules;
    }

    /** The addresses its {@code type} "address" rows drop on every port. */
    public static List<PanelDeny> denied(List<Map<String, String>> firewalls) {
        return firewalls.stream()
                .filter(row -> row.getOrDefault("type", "").equals("address")
                        && row.getOrDefault("strategy", "").strip().equalsIgnoreCase("drop")
                        && !row.getOrDefault("address", "").isBlank())
                .map(row -> new PanelDeny(row.get("address").strip(), Optional.empty(),
                        row.getOrDefault("description", ""), false))
                .toList();
    }
}
