package dev.conndoctor.host;

import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelRule;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the port rules of Baota (BT Panel) and aaPanel from the rows of their own SQLite tables.
 * The panel keeps two lists, both in {@code /www/server/panel/data/default.db} or, since the
 * databases were split, {@code /www/server/panel/data/db/firewall.db}:
 * <ul>
 * <li>{@code firewall_new} ({@code id, protocol, ports, types, address, brief, addtime, domain, sid, chain}),
 *     the Security page's port rules: {@code types} is "accept" or "drop", {@code address} empty for
 *     every source, {@code ports} one port or a range with "-" or ":";</li>
 * <li>{@code firewall} ({@code id, port, ps, addtime}), the older list: {@code port} holds a port, a
 *     range, or an address the panel blocks, {@code ps} the note.</li>
 * </ul>
 * Their columns are those of the panel's {@code config/databases.json} and {@code class/firewalls.py}.
 */
public final class BaotaFirewall {
    private BaotaFirewall() {
    }

    /** The rules of {@code firewall_new} rows. */
    public static List<PanelRule> rules(List<Map<String, String>> firewallNew) {
        List<PanelRule> rules = new ArrayList<>();
        for (Map<String, String> row : firewallNew) {
            String types = row.getOrDefault("types", "").strip().toLowerCase();
            if (!types.equals("accept") && !types.equals("drop")) {
                continue; // a rule of another kind (the older table's protocols, a forward): not a port verdict
            }
            String protocol = row.getOrDefault("protocol", "").strip().toLowerCase();
            for (String spec : row.getOrDefault("ports", "").split(",")) {
                Optional<int[]> range = PanelPorts.range(spec);
                range.ifPresent(r -> rules.add(new PanelRule(r[0], r[1], protocol, types.equals("accept"),
                        row.getOrDefault("address", "").strip(), row.getOrDefault("brief", ""), spec.strip())));
            }
        }
        return rules;
    }

    /**
     * The rules of the older {@code firewall} table: each port or range is an accept rule for every
     * source and TCP (the panel opened both protocols, or TCP alone for its well-known ports).
     */
    public static List<PanelRule> legacyRules(List<Map<String, String>> firewall) {
        List<PanelRule> rules = new ArrayList<>();
        for (Map<String, String> row : firewall) {
            String spec = row.getOrDefault("port", "").strip();
            PanelPorts.range(spec).ifPresent(r -> rules.add(new PanelRule(r[0], r[1], "tcp", true, "",
                    row.getOrDefault("ps", ""), spec)));
        }
        return rules;
    }

    /** The addresses of {@code firewall_ip} rows ({@code types} "drop"): blocked on every port. */
    public static List<PanelDeny> denied(List<Map<String, String>> firewallIp) {
        return firewallIp.stream()
                .filter(row -> row.getOrDefault("types", "").strip().equalsIgnoreCase("drop")
                        && !row.getOrDefault("address", "").isBlank())
                .map(row -> new PanelDeny(row.get("address").strip(), Optional.empty(), row.getOrDefault("brief", ""),
                        false))
                .toList();
    }

    /** The addresses the older {@code firewall} table blocks (AddDropAddress keeps them in its {@code port} column). */
    public static List<PanelDeny> legacyDenied(List<Map<String, String>> firewall) {
        List<PanelDeny> denied = new ArrayList<>();
        for (Map<String, String> row : firewall) {
            String value = row.getOrDefault("port", "").strip();
            if (value.matches("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?")) {
                denied.add(new PanelDeny(value, Optional.empty(), row.getOrDefault("ps", ""), false));
            }
        }
        return denied;
    }
}
