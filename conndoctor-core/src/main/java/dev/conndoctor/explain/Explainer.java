package dev.conndoctor.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an error message or a whole log and names each distinct error it recognizes. Pure:
 * text in, an {@link Explanation} out. Survives what logs do to messages: timestamps and levels
 * before them, stack frames after, wrapped exceptions ("Caused by:"), quotes, any address.
 */
public final class Explainer {
    /** Lines longer than this are cut before matching: a log line is not a novel. */
    static final int MAX_LINE = 4096;

    private static final Pattern TIMESTAMP = Pattern.compile(
            "^\\[?(\\d{4}[-/]\\d{2}[-/]\\d{2}[T ]\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?(?:Z|[+-]\\d{2}:?\\d{2})?"
                    + "|\\w{3} +\\d{1,2} \\d{2}:\\d{2}:\\d{2}|\\d{2}:\\d{2}:\\d{2}(?:[.,]\\d+)?)\\]?");
    private static final Pattern URL = Pattern.compile("\\b((?:wss?|https?)://[^\\s'\"<>)]+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_PORT = Pattern.compile(
            "(?<![\\w.:/\\[])((?:\\d{1,3}\\.){3}\\d{1,3}|\\[[0-9a-fA-F:.]+\\]|[a-zA-Z0-9][a-zA-Z0-9.-]*\\.[a-zA-Z]{2,})"
                    + ":(\\d{1,5})\\b");
    /** An IPv6 address and a port written without brackets, as Node does: {@code ::1:8109}. */
    private static final Pattern BARE_V6_PORT = Pattern.compile("(?<![\\w:.\\[])([0-9a-fA-F:]*:[0-9a-fA-F:]*):(\\d{1,5})\\b");
    /** Lines that continue the event above them: stack frames and wrapped causes. */
    private static final Pattern CONTINUATION = Pattern.compile("^(?:\\s+|Caused by:|\\.\\.\\. \\d+ more)");
    private static final Pattern ERRORISH = Pattern.compile(
            "error|fail|refused|timed? ?out|unreachable|exception|reset|cannot|can't|unable|denied|invalid|"
                    + "unexpected|hang up|not known|no route|closed",
            Pattern.CASE_INSENSITIVE);

    /** Families of errors and the words that point at them, for texts no entry recognizes. */
    private static final Map<String, Pattern> FAMILIES = new LinkedHashMap<>();

    static {
        FAMILIES.put("refused", Pattern.compile("refus|ECONNREFUSED|10061", Pattern.CASE_INSENSITIVE));
        FAMILIES.put("timeout", Pattern.compile("time ?d? ?out|ETIMEDOUT|10060", Pattern.CASE_INSENSITIVE));
        FAMILIES.put("dns", Pattern.compile("resolv|not known|ENOTFOUND|EAI_AGAIN|NXDOMAIN|getaddrinfo",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("tls", Pattern.compile("ssl|tls|certificat|handshake_failure|x509|PKIX", Pattern.CASE_INSENSITIVE));
        FAMILIES.put("protocol", Pattern.compile("websocket|handshake|http|status|response|upgrade",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("unreachable", Pattern.compile("unreachable|no route|EHOSTUNREACH|ENETUNREACH",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("address-unavailable", Pattern.compile("assign requested address|EADDRNOTAVAIL|10049",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("closed", Pattern.compile("reset|closed|hang up|EOF|broken pipe", Pattern.CASE_INSENSITIVE));
    }

    private final KnowledgeBase knowledge;

    public Explainer(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
    }

    public Explanation explain(String text) {
        Map<String, Builder> found = new LinkedHashMap<>();
        String[] lines = text.split("\\r?\\n");
        Optional<String> lastTime = Optional.empty();
        java.util.Set<String> seenInThisEvent = new java.util.HashSet<>();
        for (String raw : lines) {
            String line = raw.length() > MAX_LINE ? raw.substring(0, MAX_LINE) : raw;
            Optional<String> own = timestamp(line);
            // a line without a time of its own takes the last time seen; a stack frame or a wrapped
            // cause also belongs to the event above it, and does not count it again
            boolean continuation = CONTINUATION.matcher(line).find();
            Optional<String> time = own.isPresent() ? own : lastTime;
            if (own.isPresent()) {
                lastTime = own;
            }
            if (!continuation) {
                seenInThisEvent.clear();
            }
            for (KnownMessage message : knowledge.entries()) {
                Matcher m = message.pattern().matcher(line);
                if (!m.find()) {
                    continue;
                }
                Optional<String> target = target(m, line, message);
                Optional<Integer> status = group(m, "status").filter(s -> s.matches("\\d{3}")).map(Integer::parseInt);
                String key = message.id() + " " + target.orElse("") + " " + status.map(String::valueOf).orElse("");
                Builder builder = found.computeIfAbsent(key, k -> new Builder(message, line.strip(), target, status));
                if (seenInThisEvent.add(message.id())) {
                    builder.seen(time); // one exception and its causes count once
                }
                break; // one entry per line: the first, most specific one
            }
        }
        List<Explanation.Match> matches = found.values().stream().map(Builder::build).toList();
        List<String> nearest = matches.isEmpty() ? nearestFamilies(text) : List.of();
        return new Explanation(matches, nearest, lines.length);
    }

    /** The families a text points at by its words, when it looks like an error at all. */
    private static List<String> nearestFamilies(String text) {
        if (!ERRORISH.matcher(text).find()) {
            return List.of();
        }
        List<String> families = new ArrayList<>();
        FAMILIES.forEach((family, words) -> {
            if (words.matcher(text).find()) {
                families.add(family);
            }
        });
        return families;
    }

    private static Optional<String> timestamp(String line) {
        Matcher m = TIMESTAMP.matcher(line.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** A diagnose target from the match's own groups, else from the first URL or host:port on the line. */
    private static Optional<String> target(Matcher m, String line, KnownMessage message) {
        Optional<String> url = group(m, "url");
        if (url.isPresent()) {
            return url.map(u -> u.replaceAll("[.,;]+$", ""));
        }
        Optional<String> host = group(m, "host");
        Optional<String> port = group(m, "port");
        if (host.isPresent() && port.isPresent()) {
            return Optional.of(withScheme(message, bracketed(host.get()) + ":" + port.get()));
        }
        Matcher u = URL.matcher(line);
        if (u.find()) {
            return Optional.of(u.group(1).replaceAll("[.,;]+$", ""));
        }
        if (message.symptom() == dev.conndoctor.Symptom.DNS_FAILED) {
            return Optional.empty(); // a host:port in a DNS error is the resolver's ("lookup x on 127.0.0.53:53")
        }
        Matcher hp = HOST_PORT.matcher(line);
        if (hp.find()) {
            return Optional.of(withScheme(message, hp.group(1) + ":" + hp.group(2)));
        }
        Matcher v6 = BARE_V6_PORT.matcher(line);
        while (v6.find()) {
            if (dev.conndoctor.net.AddressLiterals.isIpv6(v6.group(1))) {
                return Optional.of(withScheme(message, "[" + v6.group(1) + "]:" + v6.group(2)));
            }
        }
        return Optional.empty();
    }

    private static String bracketed(String host) {
        return host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static String withScheme(KnownMessage message, String authority) {
        return message.defaultScheme().equals("-") ? authority : message.defaultScheme() + "://" + authority;
    }

    private static Optional<String> group(Matcher m, String name) {
        try {
            return Optional.ofNullable(m.group(name));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the pattern has no such group
        }
    }

    /** Collects the occurrences of one distinct error. */
    private static final class Builder {
        private final KnownMessage message;
        private final String line;
        private final Optional<String> target;
        private final Optional<Integer> status;
        private int count;
        private Optional<String> first = Optional.empty();
        private Optional<String> last = Optional.empty();

        Builder(KnownMessage message, String line, Optional<String> target, Optional<Integer> status) {
            this.message = message;
            this.line = line;
            this.target = target;
            this.status = status;
        }

        Builder seen(Optional<String> time) {
            count++;
            if (first.isEmpty()) {
                first = time;
            }
            if (time.isPresent()) {
                last = time;
            }
            return this;
        }

        Explanation.Match build() {
            String next = "conndoctor diagnose " + target.orElse(
                    message.defaultScheme().equals("-") ? "HOST:PORT" : message.defaultScheme() + "://HOST:PORT");
            return new Explanation.Match(message, line, target, status, count, first, last, next);
        }
    }
}
