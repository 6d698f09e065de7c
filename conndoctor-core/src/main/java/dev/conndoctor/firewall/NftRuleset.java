package dev.conndoctor.firewall;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parser of {@code nft -j list ruleset}: base chains with hook and policy, user chains, and each
 * rule's expressions reduced to what decides a new TCP connection to a port (l4 protocol,
 * destination ports as values, sets or ranges, conditions, verdict).
 */
public final class NftRuleset {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Tables iptables-nft manages: their rules are read from iptables-save, which prints them plainly. */
    private static final Set<String> IPTABLES_TABLES = Set.of("filter", "nat", "mangle", "raw", "security");
    /** iptables' nat targets, which nft shows as {@code xt} compatibility statements. */
    private static final Set<String> NAT_TARGETS = Set.of("DNAT", "SNAT", "MASQUERADE", "REDIRECT");

    private NftRuleset() {
    }

    /**
     * The chains of the ruleset. With {@code skipIptablesTables}, the ip/ip6 tables that
     * iptables-nft manages are left out (they are read from iptables-save instead).
     */
    public static List<Chain> parse(String json, boolean skipIptablesTables) {
        return parse(json, skipIptablesTables ? Set.of("ip", "ip6") : Set.of());
    }

    /**
     * The chains of the ruleset, without the tables iptables-nft manages in the families
     * ({@code ip}, {@code ip6}) whose rules iptables-save or ip6tables-save printed.
     */
    public static List<Chain> parse(String json, Set<String> iptablesFamilies) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not nft JSON: " + e.getMessage(), e);
        }
        Map<String, JsonNode> sets = new LinkedHashMap<>();
        for (JsonNode item : root.path("nftables")) {
            if (item.has("set")) {
                JsonNode set = item.get("set");
                sets.put(set.path("family").asText() + "/" + set.path("table").asText() + "/" + set.path("name").asText(),
                        set.path("elem"));
            }
        }
        Map<String, JsonNode> chainNodes = new LinkedHashMap<>();
        Map<String, List<FirewallRule>> rules = new LinkedHashMap<>();
        for (JsonNode item : root.path("nftables")) {
            if (item.has("chain")) {
                JsonNode c = item.get("chain");
                if (!skipped(c, iptablesFamilies)) {
                    String key = key(c.path("family").asText(), c.path("table").asText(), c.path("name").asText());
                    chainNodes.put(key, c);
                    rules.putIfAbsent(key, new ArrayList<>());
                }
            } else if (item.has("rule")) {
                JsonNode r = item.get("rule");
                if (!skipped(r, iptablesFamilies)) {
                    String key = key(r.path("family").asText(), r.path("table").asText(), r.path("chain").asText());
                    List<FirewallRule> list = rules.computeIfAbsent(key, k -> new ArrayList<>());
                    list.add(rule(r, list.size() + 1, sets));
                }
            }
        }
        List<Chain> chains = new ArrayList<>();
        for (Map.Entry<String, List<FirewallRule>> e : rules.entrySet()) {
            JsonNode c = chainNodes.get(e.getKey());
            if (c == null) {
                continue;
            }
            String table = c.path("family").asText() + " " + c.path("table").asText();
            boolean filterHook = c.has("hook") && c.path("type").asText("filter").equals("filter");
            chains.add(new Chain("nft", table, c.path("name").asText(),
                    filterHook ? Optional.of(c.path("hook").asText()) : Optional.empty(),
                    filterHook ? Optional.of(c.path("policy").asText("accept").toUpperCase(Locale.ROOT)) : Optional.empty(),
                    e.getValue()));
        }
        return chains;
    }

    private static boolean skipped(JsonNode node, Set<String> iptablesFamilies) {
        return iptablesFamilies.contains(node.path("family").asText())
                && IPTABLES_TABLES.contains(node.path("table").asText());
    }

    private static String key(String family, String table, String chain) {
        return family + "/" + table + "/" + chain;
    }

    private static FirewallRule rule(JsonNode r, int position, Map<String, JsonNode> sets) {
        String protocol = "";
        List<PortRange> ports = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        String target = "";
        Optional<String> rejectWith = Optional.empty();
        boolean onlyEstablished = false;
        List<String> text = new ArrayList<>();
        Optional<String> natTo = Optional.empty();
        for (JsonNode expr : r.path("expr")) {
            if (expr.has("match")) {
                JsonNode m = expr.get("match");
                String op = m.path("op").asText("==");
                JsonNode left = m.path("left");
                JsonNode right = m.path("right");
                String field = left.path("payload").path("field").asText(left.path("meta").path("key").asText(
                        left.path("ct").path("key").asText("")));
                String payloadProtocol = left.path("payload").path("protocol").asText("");
                text.add(payloadProtocol + (payloadProtocol.isEmpty() ? "" : " ") + field + " "
                        + (op.equals("==") ? "" : op + " ") + render(right));
                if (field.equals("dport") && (payloadProtocol.equals("tcp") || payloadProtocol.equals("th"))
                        && (op.equals("==") || op.equals("in"))) {
                    protocol = "tcp";
                    if (right.isTextual() && right.asText().startsWith("@")) {
                        // a named set: its elements are elsewhere in the ruleset
                        JsonNode elements = sets.get(r.path("family").asText() + "/" + r.path("table").asText() + "/"
                                + right.asText().substring(1));
                        if (elements != null) {
                            elements.forEach(element -> addPorts(element, ports, conditions));
                        } else {
                            addPorts(right, ports, conditions);
                        }
                    } else {
                        addPorts(right, ports, conditions);
                    }
                } else if (field.equals("dport") && payloadProtocol.equals("udp")) {
                    protocol = "udp";
                } else if (field.equals("l4proto") || field.equals("protocol") && left.has("meta")) {
                    // a set of protocols ({ icmp, ipv6-icmp }) is about TCP only when it lists tcp
                    String protocols = render(right).toLowerCase(Locale.ROOT);
                    boolean listsTcp = protocols.matches(".*\\btcp\\b.*");
                    if (op.equals("!=")) {
                        conditions.add("l4proto != " + protocols);
                    } else {
                        protocol = right.isValueNode() ? protocols : listsTcp ? "tcp" : "other";
                    }
                } else if (field.equals("state") && left.has("ct")) {
                    // only a rule whose states include new sees the first packet of a connection
                    boolean listsNew = render(right).toLowerCase(Locale.ROOT).matches(".*\\bnew\\b.*");
                    if (op.equals("!=") == listsNew) {
                        onlyEstablished = true;
                    }
                } else {
                    conditions.add(text.get(text.size() - 1).trim());
                }
            } else if (expr.has("accept")) {
                target = "ACCEPT";
            } else if (expr.has("drop")) {
                target = "DROP";
            } else if (expr.has("reject")) {
                target = "REJECT";
                JsonNode reject = expr.get("reject");
                if (reject != null && reject.has("expr")) {
                    rejectWith = Optional.of(reject.path("expr").asText());
                } else if (reject != null && reject.path("type").asText().equals("tcp reset")) {
                    rejectWith = Optional.of("tcp-reset");
                }
            } else if (expr.has("jump") || expr.has("goto")) {
                target = (expr.has("jump") ? expr.get("jump") : expr.get("goto")).path("target").asText();
            } else if (expr.has("return")) {
                target = "RETURN";
            } else if (expr.has("dnat") || expr.has("redirect")) {
                // a published port (netavark, Docker's nftables backend): where it leads is the rule's point
                boolean redirect = expr.has("redirect");
                target = redirect ? "REDIRECT" : "DNAT";
                natTo = Optional.of(natStatement(redirect ? "redirect" : "dnat", expr.get(redirect ? "redirect" : "dnat")));
            } else if (expr.has("xt") && expr.get("xt").path("type").asText().equals("target")
                    && NAT_TARGETS.contains(expr.get("xt").path("name").asText())) {
                // iptables-nft's own DNAT, printed by nft without its destination: iptables-save prints it whole
                target = expr.get("xt").path("name").asText();
            }
        }
        String verdict = natTo.orElse(target.isEmpty() ? "" : target.toLowerCase(Locale.ROOT));
        String shown = String.join(" ", text).trim() + " " + verdict;
        return new FirewallRule(r.path("family").asText() + " " + r.path("table").asText(), r.path("chain").asText(),
                position, protocol, ports, conditions, target, rejectWith, onlyEstablished, shown.trim());
    }

    /**
     * A nat statement as nft prints it ({@code dnat ip to 10.88.0.2:80}, {@code dnat to [fd00::2]:80},
     * {@code redirect to :8080}), for the report and for {@link NatRules}.
     */
    private static String natStatement(String kind, JsonNode nat) {
        StringBuilder sb = new StringBuilder(kind);
        if (nat == null || !nat.isObject()) {
            return sb.toString();
        }
        if (nat.has("family")) {
            sb.append(' ').append(nat.path("family").asText());
        }
        String address = nat.has("addr") ? render(nat.get("addr")) : "";
        String port = nat.has("port") ? render(nat.get("port")) : "";
        if (!address.isEmpty() || !port.isEmpty()) {
            sb.append(" to ").append(address.contains(":") && !port.isEmpty() ? "[" + address + "]" : address);
            if (!port.isEmpty()) {
                sb.append(':').append(port);
            }
        }
        return sb.toString();
    }

    private static void addPorts(JsonNode right, List<PortRange> ports, List<String> conditions) {
        if (right.isInt()) {
            ports.add(new PortRange(right.asInt(), right.asInt()));
        } else if (right.has("set")) {
            for (JsonNode element : right.get("set")) {
                addPorts(element, ports, conditions);
            }
        } else if (right.has("range")) {
            ports.add(new PortRange(right.get("range").get(0).asInt(), right.get("range").get(1).asInt()));
        } else if (right.isTextual() && right.asText().startsWith("@")) {
            // a named set: its members are not in the rule; it limits the rule to some ports
            conditions.add("dport in " + right.asText());
        }
    }

    private static String render(JsonNode node) {
        if (node.isValueNode()) {
            return node.asText();
        }
        if (node.has("set")) {
            List<String> parts = new ArrayList<>();
            node.get("set").forEach(n -> parts.add(render(n)));
            return "{ " + String.join(", ", parts) + " }";
        }
        if (node.has("range")) {
            return render(node.get("range").get(0)) + "-" + render(node.get("range").get(1));
        }
        if (node.has("prefix")) {
            return node.get("prefix").path("addr").asText() + "/" + node.get("prefix").path("len").asText();
        }
        if (node.isArray()) {
            List<String> parts = new ArrayList<>();
            node.forEach(n -> parts.add(render(n)));
            return "{ " + String.join(", ", parts) + " }";
        }
        return node.toString();
    }
}
