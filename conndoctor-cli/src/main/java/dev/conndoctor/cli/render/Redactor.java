package dev.conndoctor.cli.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.conndoctor.net.AddressLiterals;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces what identifies a person's machines in a report (host names, addresses, tokens, paths,
 * user names) with stable placeholders, so that the report can be pasted into a forum: the same value
 * gets the same placeholder throughout ({@code host-1}, {@code 203.0.113.1}, {@code 2001:db8::1},
 * {@code /path-1}, {@code user-1}, {@code token-1}), and no placeholder is a value the report holds.
 *
 * <p>What stays is what a reader needs to follow the diagnosis and identifies nobody: loopback and
 * unspecified addresses, ports, cause ids, counts and timings, the well-known ranges the evidence names
 * (an address in the fake-IP range 198.18.0.0/15 stays in it, a link-local one link-local), system
 * paths ({@code /proc}, {@code /etc}) and the shape of the evidence: a JSON document keeps every field,
 * array and number, only its strings change.
 *
 * <p>Values are found two ways: by their form (every IPv4 and IPv6 literal, URLs' user info, secrets
 * after {@code token=} or {@code Bearer}, paths, names under a known top-level domain, long opaque
 * strings), and by their place, learned from a report's JSON document (a target's host, DNS names, a
 * certificate's names, the user running conndoctor), so that a name under any domain is replaced
 * everywhere it appears, prose included. A redaction first finds every value of the whole text or
 * document, then hands out placeholders, so that none of them collides with a value found.
 */
public final class Redactor {

    /** Names anyone's report may hold that identify nothing. */
    private static final Set<String> KEPT_NAMES = Set.of("localhost", "localhost.localdomain", "ip6-localhost",
            "ip6-loopback", "host.docker.internal", "gateway.docker.internal");

    /** Where the system keeps its own files: a path under these says how the host works, not whose it is. */
    private static final List<String> SYSTEM_PATHS = List.of("/proc/", "/sys/", "/dev/", "/etc/", "/usr/", "/bin/",
            "/sbin/", "/lib/", "/lib64/", "/run/", "/var/run/", "/var/lib/", "/www/server/", "/opt/1panel/");

    /**
     * The top-level domains a name found by its form alone must end with: the usual generic ones, the
     * ones private networks use, and every two-letter country code. Anything else with dots (a Java class,
     * a sysctl, a file name) is not taken for a host name unless a report names it as one.
     */
    private static final Set<String> TOP_LEVEL = Set.of("com", "net", "org", "info", "biz", "io", "dev", "app",
            "cloud", "xyz", "top", "site", "online", "tech", "store", "shop", "club", "vip", "ltd", "work", "link",
            "live", "pro", "mobi", "name", "asia", "edu", "gov", "mil", "int", "arpa", "lab", "test", "example",
            "invalid", "local", "lan", "internal", "intranet", "corp", "home", "private", "localdomain", "wang",
            "ink", "red", "fun", "icu", "host", "website", "space", "network", "services", "systems", "company");

    /** Endings of files and programs: a dotted word ending so is a file, even where the ending is a country code. */
    private static final Set<String> FILE_ENDINGS = Set.of("sh", "js", "py", "so", "gz", "db", "md", "rs", "pl", "pm",
            "rb", "cc", "cs", "ts", "go", "ps", "mk", "in", "am", "hh", "cf", "el", "ml", "kt", "ko", "jsa", "jar",
            "conf", "txt", "json", "properties", "java", "class", "php", "pem", "key", "crt", "log", "xml", "html",
            "yml", "yaml", "ini", "toml", "service", "socket", "deb", "rpm", "sock", "pid", "lock", "list", "rules",
            "cfg", "tar", "zip", "csv", "sql", "out", "err", "bak", "tmp", "d", "v4", "v6", "ipv4", "ipv6");

    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final String IPV4 = OCTET + "(?:\\." + OCTET + "){3}";
    private static final String HEX = "[0-9A-Fa-f]{0,4}";
    private static final String LABEL = "[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?";

    /** Every value found by its form, in the order of preference where two start at the same place. */
    private static final Pattern FORMS = Pattern.compile(String.join("|",
            // user info in a URL: ws://user:secret@host
            "(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?<userinfo>[^\\s/@:\"']+(?::[^\\s/@\"']*)?)@",
            // a secret after its name: token=..., ?access_token=..., password=...
            "(?<![\\w-])(?<secretName>(?i:access_token|refresh_token|id_token|client_secret|api[_-]?key|apikey|token"
                    + "|secret|password|passwd|pwd|auth|sig|signature|sessionid|session|sid|jwt|key))="
                    + "(?<secretValue>[^\\s&\"',;<>)\\]}]+)",
            // a secret after the option that gives it, in a command line a server report shows
            "(?<secretFlag>--(?:token|password|secret|api-key)[ =])(?<flagValue>[^\\s\"';,]+)",
            // an Authorization header's credentials
            "(?<scheme2>\\b(?:Bearer|Basic|Digest) )(?<credentials>(?=[A-Za-z._~+/=-]*\\d)[A-Za-z0-9._~+/=-]{8,})",
            // a JSON web token
            "(?<jwt>\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]*)",
            // a mail address or user@host
            "(?<![\\w.+-])(?<mailUser>[A-Za-z0-9._%+-]+)@(?<mailHost>(?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,})(?![\\w-])",
            // an IPv6 literal, with an IPv4 tail or without, and its zone (validated below)
            "(?<![\\w:.])(?<ipv6>" + HEX + "(?::" + HEX + "){1,6}:" + IPV4 + "(?:%[A-Za-z0-9_.-]+)?"
                    + "|" + HEX + "(?::" + HEX + "){2,7}(?:%[A-Za-z0-9_.-]+)?)(?![\\w:]|\\.\\d)",
            "(?<![\\w.])(?<ipv4>" + IPV4 + ")(?![\\w]|\\.\\d)",
            // an absolute path of two parts or more, or one in a home directory
            // (not the tail of another path or pattern: /proc/*/ns/net is one path, a system one)
            "(?<![\\w.~:/*$}-])(?<path>(?:~|/[\\w.@%+,-]+)(?:/[\\w.@%+,-]+)+/?)",
            // a host name by its form: lowercase labels under a known top-level domain
            "(?<![\\w.@-])(?<name>(?:\\*\\.)?(?:" + LABEL + "\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9])(?![\\w(-]|\\.\\w)",
            // a long opaque string with letters and digits: a key, an id, a hash
            "(?<![\\w+/=-])(?<opaque>(?=[A-Za-z0-9+/_-]*\\d)(?=[A-Za-z0-9+/_-]*[A-Za-z])[A-Za-z0-9+/_-]{32,}={0,2})"
                    + "(?![\\w+/=-])"));

    private enum Kind {
        HOST, IPV4, IPV6, PATH, USER, TOKEN
    }

    /** One value found in a text, and what it is. */
    private record Span(int start, int end, String replacementKey) {
    }

    private final Set<String> knownHosts = new TreeSet<>();
    private final Set<String> knownUsers = new TreeSet<>();
    private final Set<String> knownSecrets = new TreeSet<>();
    /** Every value found so far, in the form it had: no placeholder may be one of them. */
    private final Set<String> originals = new HashSet<>();
    private final Map<String, String> placeholders = new HashMap<>();
    private final Set<String> issued = new HashSet<>();
    private final int[] counters = new int[Kind.values().length];
    private int fakeIp;
    private int linkLocal4;
    private int linkLocal6;

    /** A redactor that knows nothing yet: it finds values by their form only. */
    public Redactor() {
    }

    /** Replaces {@code name} wherever it appears, whatever its top-level domain. */
    public Redactor knowHost(String name) {
        String n = hostKey(name);
        if (n.length() > 1 && !KEPT_NAMES.contains(n) && !AddressLiterals.isIpv4(n) && !AddressLiterals.isIpv6(n)
                && n.chars().anyMatch(Character::isLetter)) {
            knownHosts.add(n);
        }
        return this;
    }

    /** Replaces the user name {@code name} wherever it stands as a word (root, shared by every host, stays). */
    public Redactor knowUser(String name) {
        if (name != null && name.length() >= 2 && !name.equals("root") && name.matches("[A-Za-z0-9._-]+")) {
            knownUsers.add(name);
        }
        return this;
    }

    /** Replaces {@code secret} wherever it appears. */
    public Redactor knowSecret(String secret) {
        if (secret != null && secret.length() >= 4) {
            knownSecrets.add(secret);
        }
        return this;
    }

    /** Learns the user running conndoctor and the token it holds from the environment it runs in. */
    public Redactor knowEnvironment(Map<String, String> env) {
        for (String variable : List.of("USER", "LOGNAME", "SUDO_USER", "USERNAME")) {
            knowUser(env.get(variable));
        }
        String home = env.get("HOME");
        if (home != null && home.lastIndexOf('/') >= 0) {
            knowUser(home.substring(home.lastIndexOf('/') + 1));
        }
        knowSecret(env.get("CONNDOCTOR_TOKEN"));
        return this;
    }

    /**
     * Learns the host names a report's JSON document names by their place: a target's host, a DNS name
     * and the names its records point to, a certificate's names, the server name sent.
     */
    public Redactor learn(JsonNode report) {
        learn(report, "");
        return this;
    }

    private void learn(JsonNode node, String field) {
        if (node.isObject()) {
            JsonNode type = node.get("type");
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getKey().equals("data") && f.getValue().isTextual() && type != null
                        && type.asText().matches("CNAME|NS|PTR|MX|SRV|DNAME")) {
                    // the name a record points to is its last word (MX and SRV put numbers first)
                    String[] words = f.getValue().asText().trim().split("\\s+");
                    knowHost(words[words.length - 1]);
                } else {
                    learn(f.getValue(), f.getKey());
                }
            }
        } else if (node.isArray()) {
            node.forEach(element -> learn(element, field));
        } else if (node.isTextual()) {
            String value = node.asText();
            switch (field) {
                case "host", "sni", "seenAs", "name" -> {
                    // "name" is a DNS name under "dns"; elsewhere (a tool, a panel) it holds no dot
                    if (!field.equals("name") || value.indexOf('.') > 0) {
                        knowHost(value);
                    }
                }
                case "subjectAltNames" -> knowHost(value.replaceFirst("^(?i)(DNS|IP):", ""));
                case "subject", "issuer" -> {
                    Matcher cn = Pattern.compile("(?i)\\bCN=([^,]+)").matcher(value);
                    while (cn.find()) {
                        if (cn.group(1).indexOf('.') > 0) {
                            knowHost(cn.group(1).trim());
                        }
                    }
                }
                default -> {
                }
            }
        }
    }

    /** {@code text} with every value replaced; the same value gets the same placeholder as before. */
    public String redact(String text) {
        List<Span> spans = scan(text);
        return apply(text, spans);
    }

    /**
     * A copy of {@code document} with every string redacted, and nothing else changed: the same fields,
     * arrays, numbers and booleans. Every string is read before the first placeholder is given.
     */
    public JsonNode redact(JsonNode document) {
        List<String> texts = new ArrayList<>();
        collect(document, texts);
        Map<String, List<Span>> scanned = new HashMap<>();
        for (String t : texts) {
            scanned.computeIfAbsent(t, this::scan);
        }
        return copy(document, scanned);
    }

    private static void collect(JsonNode node, List<String> texts) {
        if (node.isTextual()) {
            texts.add(node.asText());
        }
        node.forEach(child -> collect(child, texts));
    }

    private JsonNode copy(JsonNode node, Map<String, List<Span>> scanned) {
        if (node.isTextual()) {
            return TextNode.valueOf(apply(node.asText(), scanned.get(node.asText())));
        }
        if (node.isObject()) {
            ObjectNode copy = ((ObjectNode) node).objectNode();
            node.fields().forEachRemaining(f -> copy.set(f.getKey(), copy(f.getValue(), scanned)));
            return copy;
        }
        if (node.isArray()) {
            ArrayNode copy = ((ArrayNode) node).arrayNode();
            node.forEach(element -> copy.add(copy(element, scanned)));
            return copy;
        }
        return node.deepCopy();
    }

    /** The values of {@code text}, each with the key of its placeholder; their originals are remembered. */
    private List<Span> scan(String text) {
        List<Span> spans = new ArrayList<>();
        Pattern known = knownPattern();
        Matcher forms = FORMS.matcher(text);
        Matcher literal = known == null ? null : known.matcher(text);
        int at = 0;
        // each matcher is asked again only once the scan has passed what it found last
        boolean formFound = forms.find();
        boolean literalFound = literal != null && literal.find();
        while (formFound || literalFound) {
            if (formFound && forms.start() < at) {
                formFound = forms.find(at);
                continue;
            }
            if (literalFound && literal.start() < at) {
                literalFound = literal.find(at);
                continue;
            }
            // a value the report named wins over a form found at the same place (a name under any domain)
            if (literalFound && (!formFound || literal.start() <= forms.start())) {
                String value = literal.group();
                spans.add(span(literal.start(), literal.end(), kindOfKnown(value), value));
                at = literal.end();
                literalFound = literal.find();
            } else {
                spans.addAll(form(forms));
                at = Math.max(forms.end(), forms.start() + 1);
                formFound = at <= text.length() && forms.find(at);
            }
        }
        return spans;
    }

    /** The spans one match of {@link #FORMS} holds (user info and mail addresses hold two parts). */
    private List<Span> form(Matcher m) {
        List<Span> spans = new ArrayList<>();
        if (m.group("userinfo") != null) {
            String info = m.group("userinfo");
            int colon = info.indexOf(':');
            int start = m.start("userinfo");
            spans.add(span(start, start + (colon < 0 ? info.length() : colon), Kind.USER,
                    colon < 0 ? info : info.substring(0, colon)));
            if (colon >= 0 && colon + 1 < info.length()) {
                spans.add(span(start + colon + 1, m.end("userinfo"), Kind.TOKEN, info.substring(colon + 1)));
            }
        } else if (m.group("secretValue") != null) {
            spans.add(span(m.start("secretValue"), m.end("secretValue"), Kind.TOKEN, m.group("secretValue")));
        } else if (m.group("flagValue") != null) {
            spans.add(span(m.start("flagValue"), m.end("flagValue"), Kind.TOKEN, m.group("flagValue")));
        } else if (m.group("credentials") != null) {
            spans.add(span(m.start("credentials"), m.end("credentials"), Kind.TOKEN, m.group("credentials")));
        } else if (m.group("jwt") != null) {
            spans.add(span(m.start("jwt"), m.end("jwt"), Kind.TOKEN, m.group("jwt")));
        } else if (m.group("mailUser") != null) {
            spans.add(span(m.start("mailUser"), m.end("mailUser"), Kind.USER, m.group("mailUser")));
            spans.add(span(m.start("mailHost"), m.end("mailHost"), Kind.HOST, m.group("mailHost")));
        } else if (m.group("ipv6") != null) {
            String value = m.group("ipv6");
            if (AddressLiterals.isIpv6(value)) {
                spans.add(span(m.start("ipv6"), m.end("ipv6"), Kind.IPV6, value));
            }
        } else if (m.group("ipv4") != null) {
            spans.add(span(m.start("ipv4"), m.end("ipv4"), Kind.IPV4, m.group("ipv4")));
        } else if (m.group("path") != null) {
            String value = m.group("path");
            if (!systemPath(value)) {
                spans.add(span(m.start("path"), m.end("path"), Kind.PATH, value));
            }
        } else if (m.group("name") != null) {
            String value = m.group("name");
            if (looksLikeAHost(value)) {
                spans.add(span(m.start("name"), m.end("name"), Kind.HOST, value));
            }
        } else if (m.group("opaque") != null) {
            spans.add(span(m.start("opaque"), m.end("opaque"), Kind.TOKEN, m.group("opaque")));
        }
        return spans;
    }

    private Span span(int start, int end, Kind kind, String value) {
        originals.add(value);
        originals.add(value.toLowerCase(Locale.ROOT));
        if (value.indexOf('%') > 0) {
            originals.add(value.substring(0, value.indexOf('%')).toLowerCase(Locale.ROOT)); // an address without its zone
        }
        String key = switch (kind) {
            case HOST -> hostKey(value);
            case IPV4, IPV6 -> canonical(value);
            default -> value;
        };
        return new Span(start, end, kind.name() + " " + key);
    }

    private String apply(String text, List<Span> spans) {
        if (spans.isEmpty()) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int at = 0;
        for (Span s : spans) {
            out.append(text, at, s.start()).append(placeholder(s.replacementKey(), text.substring(s.start(), s.end())));
            at = s.end();
        }
        return out.append(text, at, text.length()).toString();
    }

    /** The placeholder of a value, the same every time it is asked for. */
    private String placeholder(String key, String original) {
        String known = placeholders.get(key);
        if (known != null) {
            return original.startsWith("*.") && !known.startsWith("*.") ? "*." + known : known;
        }
        Kind kind = Kind.valueOf(key.substring(0, key.indexOf(' ')));
        String value = key.substring(key.indexOf(' ') + 1);
        String placeholder = switch (kind) {
            case IPV4 -> ipv4Placeholder(value);
            case IPV6 -> ipv6Placeholder(value, original);
            case HOST -> fresh(kind, "host-%d");
            case PATH -> fresh(kind, "/path-%d");
            case USER -> fresh(kind, "user-%d");
            case TOKEN -> fresh(kind, "token-%d");
        };
        placeholders.put(key, placeholder);
        return original.startsWith("*.") ? "*." + placeholder : placeholder;
    }

    /** The next placeholder of a kind that is neither given out already nor a value of the report. */
    private String fresh(Kind kind, String format) {
        String candidate;
        do {
            candidate = String.format(Locale.ROOT, format, ++counters[kind.ordinal()]);
        } while (!usable(candidate));
        issued.add(candidate);
        return candidate;
    }

    private boolean usable(String candidate) {
        return !issued.contains(candidate) && !originals.contains(candidate);
    }

    private String ipv4Placeholder(String address) {
        if (address.startsWith("127.") || address.equals("0.0.0.0") || address.equals("255.255.255.255")
                || address.equals("198.18.0.0") || address.equals("169.254.169.254")) {
            return address;
        }
        String[] o = address.split("\\.");
        int a = Integer.parseInt(o[0]);
        int b = Integer.parseInt(o[1]);
        if (a == 198 && (b == 18 || b == 19)) {
            // the fake-IP range is evidence (fake-ip-proxy): its addresses stay in it
            return next(() -> "198.18.0." + ++fakeIp, 254);
        }
        if (a == 169 && b == 254) {
            return next(() -> "169.254.0." + ++linkLocal4, 254);
        }
        int n = counters[Kind.IPV4.ordinal()];
        String[] ranges = {"203.0.113.", "198.51.100.", "192.0.2."};
        while (n < ranges.length * 254) {
            String candidate = ranges[n / 254] + (n % 254 + 1);
            n++;
            if (usable(candidate)) {
                counters[Kind.IPV4.ordinal()] = n;
                issued.add(candidate);
                return candidate;
            }
        }
        counters[Kind.IPV4.ordinal()] = n;
        return fresh(Kind.TOKEN, "address-%d");
    }

    private String ipv6Placeholder(String canonical, String original) {
        String zone = original.indexOf('%') >= 0 ? original.substring(original.indexOf('%')) : "";
        if (canonical.equals("0:0:0:0:0:0:0:1") || canonical.equals("0:0:0:0:0:0:0:0")) {
            return original;
        }
        if (canonical.startsWith("v4 ")) {
            // an IPv4 address written as IPv6 (::ffff:192.0.2.1) keeps its form and the address's placeholder
            return "::ffff:" + placeholder("IPV4 " + canonical.substring(3), canonical.substring(3));
        }
        if (canonical.startsWith("fe8") || canonical.startsWith("fe9") || canonical.startsWith("fea")
                || canonical.startsWith("feb")) {
            return next(() -> String.format(Locale.ROOT, "fe80::%x", ++linkLocal6), 0xffff) + zone;
        }
        return next(() -> String.format(Locale.ROOT, "2001:db8::%x", ++counters[Kind.IPV6.ordinal()]), 0xffff) + zone;
    }

    private String next(java.util.function.Supplier<String> candidates, int limit) {
        for (int i = 0; i < limit; i++) {
            String candidate = candidates.get();
            if (usable(candidate)) {
                issued.add(candidate);
                return candidate;
            }
        }
        return fresh(Kind.TOKEN, "address-%d");
    }

    /** An address in one form whatever the way it was written (2001:DB8:0::1 and 2001:db8::1 alike). */
    private static String canonical(String address) {
        String bare = address.indexOf('%') >= 0 ? address.substring(0, address.indexOf('%')) : address;
        try {
            // a literal: never a lookup
            InetAddress parsed = InetAddress.getByName(bare.indexOf(':') >= 0 ? "[" + bare + "]" : bare);
            if (bare.indexOf(':') >= 0 && parsed instanceof java.net.Inet4Address v4) {
                return "v4 " + v4.getHostAddress();
            }
            return parsed.getHostAddress();
        } catch (UnknownHostException e) {
            return bare.toLowerCase(Locale.ROOT);
        }
    }

    private static String hostKey(String name) {
        String n = name.toLowerCase(Locale.ROOT).trim();
        if (n.startsWith("*.")) {
            n = n.substring(2);
        }
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    private Kind kindOfKnown(String value) {
        if (knownSecrets.contains(value)) {
            return Kind.TOKEN;
        }
        return knownHosts.contains(hostKey(value)) ? Kind.HOST : Kind.USER;
    }

    /** One pattern for every value learned, the longest first, each only where it stands alone. */
    private Pattern knownPattern() {
        List<String> hosts = new ArrayList<>(knownHosts);
        List<String> words = new ArrayList<>(knownUsers);
        if (hosts.isEmpty() && words.isEmpty() && knownSecrets.isEmpty()) {
            return null;
        }
        Comparator<String> longestFirst = Comparator.comparingInt(String::length).reversed();
        hosts.sort(longestFirst);
        words.sort(longestFirst);
        List<String> secrets = new ArrayList<>(knownSecrets);
        secrets.sort(longestFirst);
        List<String> parts = new ArrayList<>();
        if (!secrets.isEmpty()) {
            parts.add(alternatives(secrets));
        }
        if (!hosts.isEmpty()) {
            // a name stands alone: not inside a longer name (a.example.com is not example.com)
            parts.add("(?<![\\w.-])(?i:" + alternatives(hosts) + ")(?![\\w-]|\\.\\w)");
        }
        if (!words.isEmpty()) {
            parts.add("(?<![\\w.-])(?:" + alternatives(words) + ")(?![\\w-])");
        }
        return Pattern.compile(String.join("|", parts));
    }

    private static String alternatives(List<String> values) {
        StringBuilder sb = new StringBuilder("(?:");
        for (int i = 0; i < values.size(); i++) {
            sb.append(i == 0 ? "" : "|").append(Pattern.quote(values.get(i)));
        }
        return sb.append(')').toString();
    }

    private static boolean systemPath(String path) {
        for (String prefix : SYSTEM_PATHS) {
            if (path.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private static boolean looksLikeAHost(String name) {
        String n = hostKey(name);
        if (KEPT_NAMES.contains(n) || n.endsWith(".localhost")) {
            return false;
        }
        String last = n.substring(n.lastIndexOf('.') + 1);
        if (FILE_ENDINGS.contains(last)) {
            return false;
        }
        return TOP_LEVEL.contains(last) || last.length() == 2 && last.chars().allMatch(Character::isLetter);
    }
}
