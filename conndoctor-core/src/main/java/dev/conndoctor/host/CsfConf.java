package dev.conndoctor.host;

import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser of ConfigServer Security &amp; Firewall's files: {@code /etc/csf/csf.conf} ({@code KEY = "value"}
 * lines: {@code TESTING}, {@code TCP_IN}, {@code TCP6_IN} with ranges as {@code 30000:35000}, {@code IPV6})
 * and the address lists {@code csf.allow} / {@code csf.deny}: one address or CIDR a line, or CSF's
 * advanced filter {@code tcp|in|d=PORT|s=ADDRESS}, then {@code # comment}; lfd's blocks are
 * {@code ADDRESS # lfd: REASON - DATE}. csf.pl's own rules: TCP_IN becomes
 * {@code -A INPUT -p tcp -m conntrack --ctstate NEW --dport PORT -j ACCEPT} under an INPUT policy of DROP.
 */
public final class CsfConf {
    private static final Pattern SETTING = Pattern.compile("^\\s*([A-Z0-9_]+)\\s*=\\s*\"([^\"]*)\"");

    private CsfConf() {
    }

    /** The settings of csf.conf, by name. */
    public static Map<String, String> settings(String csfConf) {
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : csfConf.split("\n")) {
            Matcher m = SETTING.matcher(line);
            if (m.find()) {
                settings.put(m.group(1), m.group(2));
            }
        }
        return settings;
    }

    /** Whether TESTING is on (the default of a fresh install): rules are flushed by cron, csf.deny not enforced. */
    public static boolean testing(Map<String, String> settings) {
        return settings.getOrDefault("TESTING", "0").strip().equals("1");
    }

    /** TCP_IN's ports (and TCP6_IN's when IPV6 is on), each an accept rule for every source. */
    public static List<PanelRule> tcpIn(Map<String, String> settings) {
        List<PanelRule> rules = new ArrayList<>();
        addPorts(rules, settings.getOrDefault("TCP_IN", ""), "TCP_IN");
        if (settings.getOrDefault("IPV6", "0").strip().equals("1")) {
            addPorts(rules, settings.getOrDefault("TCP6_IN", ""), "TCP6_IN");
        }
        return rules;
    }

    private static void addPorts(List<PanelRule> rules, String list, String setting) {
        for (String spec : list.replaceAll("\\s", "").split(",")) {
            PanelPorts.range(spec).ifPresent(r -> rules.add(new PanelRule(r[0], r[1], "tcp", true, "", setting, spec)));
        }
    }

    /** One line of csf.allow or csf.deny, read: the address, the one port of an advanced filter, the comment. */
    record Entry(String address, Optional<Integer> port, String comment) {
    }

    /** The entries of csf.allow or csf.deny; {@code Include} lines and outbound or source-port filters are left out. */
    static List<Entry> entries(String list) {
        List<Entry> entries = new ArrayList<>();
        for (String raw : list.split("\n")) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith("Include")) {
                continue;
            }
            int hash = line.indexOf('#');
            String comment = hash < 0 ? "" : line.substring(hash + 1).strip();
            String body = (hash < 0 ? line : line.substring(0, hash)).strip();
            if (!body.contains("|")) {
                if (isAddress(body)) {
                    entries.add(new Entry(body, Optional.empty(), comment));
                }
                continue;
            }
            // advanced filter: tcp/udp|in/out|s/d=port|s/d=ip, fields in any order
            String address = null;
            Optional<Integer> port = Optional.empty();
            boolean inbound = true;
            boolean understood = true;
            for (String field : body.split("\\|")) {
                String f = field.strip();
                if (f.equalsIgnoreCase("out")) {
                    inbound = false;
                } else if (f.startsWith("d=") || f.startsWith("s=")) {
                    String value = f.substring(2);
                    if (isAddress(value)) {
                        address = value;
                    } else if (f.startsWith("d=") && value.matches("\\d{1,5}")) {
                        port = Optional.of(Integer.parseInt(value));
                    } else {
                        understood = false; // several ports, a source port, a uid: not one inbound port
                    }
                }
            }
            if (inbound && understood && address != null) {
                entries.add(new Entry(address, port, comment));
            }
        }
        return entries;
    }

    /** csf.deny's entries: every address lfd or a person denied, on every port or one. */
    public static List<PanelDeny> denied(String csfDeny) {
        return entries(csfDeny).stream()
                .map(e -> new PanelDeny(e.address(), e.port(), e.comment(), e.comment().startsWith("lfd:")))
                .toList();
    }

    /** csf.allow's entries as accept rules for their source: every port, or the filter's one port. */
    public static List<PanelRule> allowed(String csfAllow) {
        return entries(csfAllow).stream()
                .map(e -> new PanelRule(e.port().orElse(1), e.port().orElse(65535), "tcp/udp", true, e.address(),
                        e.comment().isEmpty() ? "csf.allow" : "csf.allow: " + e.comment(),
                        e.port().map(String::valueOf).orElse("1:65535")))
                .toList();
    }

    private static boolean isAddress(String value) {
        return value.matches("\\d{1,3}(\\.\\d{1,3}){3}(/\\d{1,2})?") || value.matches("[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*(/\\d{1,3})?");
    }
}
