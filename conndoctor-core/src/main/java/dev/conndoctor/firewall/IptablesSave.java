package dev.conndoctor.firewall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Parser of {@code iptables-save} and {@code ip6tables-save} output (and of files in that
 * format, such as ufw's {@code user.rules}): tables, chains with their policies, and each rule
 * reduced to what decides a new TCP connection to a port.
 */
public final class IptablesSave {
    private IptablesSave() {
    }

    /** The chains of every table, in file order; {@code source} names the tool ("iptables", "ip6tables"). */
    public static List<Chain> parse(String text, String source) {
        Map<String, Map<String, List<FirewallRule>>> rules = new LinkedHashMap<>();
        Map<String, Map<String, Optional<String>>> policies = new LinkedHashMap<>();
        String table = "filter";
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("*")) {
                table = line.substring(1);
            } else if (line.startsWith(":")) {
                String[] f = line.substring(1).split("\\s+");
                String policy = f.length > 1 && !f[1].equals("-") ? f[1] : null;
                policies.computeIfAbsent(table, t -> new LinkedHashMap<>()).put(f[0], Optional.ofNullable(policy));
                rules.computeIfAbsent(table, t -> new LinkedHashMap<>()).computeIfAbsent(f[0], c -> new ArrayList<>());
            } else if (line.startsWith("-A ")) {
                List<String> tokens = tokens(line);
                String chain = tokens.get(1);
                List<FirewallRule> chainRules = rules.computeIfAbsent(table, t -> new LinkedHashMap<>())
                        .computeIfAbsent(chain, c -> new ArrayList<>());
                chainRules.add(rule(table, chain, chainRules.size() + 1, tokens, line));
            }
        }
        List<Chain> chains = new ArrayList<>();
        rules.forEach((t, byChain) -> byChain.forEach((name, list) -> {
            Optional<String> policy = policies.getOrDefault(t, Map.of()).getOrDefault(name, Optional.empty());
            Optional<String> hook = policy.isPresent() ? Optional.of(name.toLowerCase(Locale.ROOT)) : Optional.empty();
            chains.add(new Chain(source, t, name, hook, policy, list));
        }));
        return chains;
    }

    private static FirewallRule rule(String table, String chain, int position, List<String> t, String text) {
        String protocol = "";
        List<PortRange> ports = new ArrayList<>();
        List<String> conditions = new ArrayList<>();
        String target = "";
        Optional<String> rejectWith = Optional.empty();
        boolean onlyEstablished = false;
        for (int i = 2; i < t.size(); i++) {
            String token = t.get(i);
            boolean negated = i > 2 && t.get(i - 1).equals("!");
            String next = i + 1 < t.size() ? t.get(i + 1) : "";
            switch (token) {
                case "-p", "--protocol" -> {
                    protocol = negated ? "" : next.toLowerCase(Locale.ROOT);
                    if (negated) {
                        conditions.add("! -p " + next);
                    }
                    i++;
                }
                case "--dport", "--destination-port", "--dports", "--destination-ports" -> {
                    if (negated) {
                        conditions.add("! " + token + " " + next);
                    } else {
                        for (String part : next.split(",")) {
                            ports.add(PortRange.parse(part));
                        }
                    }
                    i++;
                }
                case "-s", "--source", "-d", "--destination", "-i", "--in-interface", "-o", "--out-interface",
                     "--src-range", "--dst-range", "--sport", "--source-port", "--sports", "--uid-owner" -> {
                    // limits the rule to some packets: it blocks some clients, not every one
                    conditions.add((negated ? "! " : "") + token + " " + next);
                    i++;
                }
                case "--match-set" -> {
                    conditions.add((negated ? "! " : "") + "set " + next + " " + (i + 2 < t.size() ? t.get(i + 2) : ""));
                    i += 2;
                }
                case "--state", "--ctstate" -> {
                    // only a rule whose states include NEW sees the first packet of a connection
                    boolean listsNew = java.util.Arrays.asList(next.toUpperCase(Locale.ROOT).split(",")).contains("NEW");
                    if (negated == listsNew) {
                        onlyEstablished = true;
                    }
                    i++;
                }
                case "--dst-type" -> {
                    // a connection to this host is to a LOCAL address: BROADCAST, MULTICAST and the rest never match it
                    boolean local = next.toUpperCase(Locale.ROOT).equals("LOCAL");
                    if (negated == local) {
                        onlyEstablished = true;
                    }
                    i++;
                }
                case "-j", "--jump", "-g", "--goto" -> {
                    target = next;
                    i++;
                }
                case "--reject-with" -> {
                    rejectWith = Optional.of(next);
                    i++;
                }
                default -> {
                    // -m MODULE and options that do not change which connections match
                }
            }
        }
        return new FirewallRule(table, chain, position, protocol, ports, conditions, target, rejectWith,
                onlyEstablished, text);
    }

    /** Splits a rule line, keeping quoted strings (comments) whole. */
    static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (current.length() > 0) {
                    tokens.add(current.toString());
                    current.setLength(0);
                }
            } else {
                current.append(c);
            }
        }
        if (current.length() > 0) {
            tokens.add(current.toString());
        }
        return tokens;
    }
}
