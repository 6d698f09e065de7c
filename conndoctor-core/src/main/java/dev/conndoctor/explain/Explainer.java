package dev.conndoctor.explain;

import dev.conndoctor.InvalidTargetException;
import dev.conndoctor.Target;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;

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
    // The patterns that read a target are linear: every repetition is possessive over a class
    // that cannot hold what follows it, and a name starts only where a run of name characters
    // starts, so no position of a long line is scanned twice over (a 4 KB line of "-a.a" or
    // "ab:cd:" once cost milliseconds per start, seconds per log).
    private static final Pattern URL = Pattern.compile("\\b((?:wss?|https?)://[^\\s'\"<>)]++)", Pattern.CASE_INSENSITIVE);
    private static final Pattern HOST_PORT = Pattern.compile(
            "(?<![\\w.:/\\[-])((?:\\d{1,3}\\.){3}\\d{1,3}|\\[[0-9a-fA-F:.]++\\]"
                    + "|[a-zA-Z0-9][a-zA-Z0-9.-]{0,252}+(?<=\\.[a-zA-Z]{2,63}))"
                    + ":(\\d{1,5})\\b");
    /** A run of hex digits and colons, as Node writes an IPv6 address and a port: {@code ::1:8109}. */
    private static final Pattern BARE_V6_PORT = Pattern.compile("(?<![\\w:.\\[])[0-9a-fA-F:]++(?!\\w)");
    /** Distinct errors (entry, target, status) listed; past it only a new kind of error is. */
    static final int MAX_DISTINCT = 256;
    /** Distinct targets remembered while reading one log, so that memory stays bounded too. */
    private static final int MAX_KNOWN_TARGETS = 4096;
    /** The longest IPv6 literal (45 characters), a colon and a port. */
    private static final int MAX_V6_PORT = 45 + 6;
    /** Lines that continue the event above them: stack frames and wrapped causes. */
    private static final Pattern CONTINUATION = Pattern.compile("^(?:\\s+|Caused by:|\\.\\.\\. \\d+ more)");
    private static final Gated ERRORISH = Gated.of(
            "error|fail|refused|timed? ?out|unreachable|exception|reset|cannot|can't|unable|denied|invalid|"
                    + "unexpected|hang up|not known|no route|closed",
            Pattern.CASE_INSENSITIVE);

    /**
     * Steps of matching a line may take, per character and at least. The captured and written
     * lines of the fixtures take at most 8 per character; a hostile one is given up at the budget,
     * so no line costs more than about {@code STEPS_PER_CHAR} times its length.
     */
    static final long STEPS_PER_CHAR = 32;
    static final long BASE_STEPS = 1_000;

    /** Families of errors and the words that point at them, for texts no entry recognizes. */
    private static final Map<String, Gated> FAMILIES = new LinkedHashMap<>();

    static {
        FAMILIES.put("refused", Gated.of("refus|ECONNREFUSED|10061", Pattern.CASE_INSENSITIVE));
        FAMILIES.put("timeout", Gated.of("time ?d? ?out|ETIMEDOUT|10060", Pattern.CASE_INSENSITIVE));
        FAMILIES.put("dns", Gated.of("resolv|not known|ENOTFOUND|EAI_AGAIN|NXDOMAIN|getaddrinfo",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("tls", Gated.of("ssl|tls|certificat|handshake_failure|x509|PKIX", Pattern.CASE_INSENSITIVE));
        FAMILIES.put("protocol", Gated.of("websocket|handshake|http|status|response|upgrade",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("unreachable", Gated.of("unreachable|no route|EHOSTUNREACH|ENETUNREACH",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("address-unavailable", Gated.of("assign requested address|EADDRNOTAVAIL|10049",
                Pattern.CASE_INSENSITIVE));
        FAMILIES.put("closed", Gated.of("reset|closed|hang up|EOF|broken pipe", Pattern.CASE_INSENSITIVE));
    }

    private final KnowledgeBase knowledge;

    /** A case-insensitive pattern and the words it cannot match without, tried first. */
    private record Gated(Pattern pattern, RequiredWords words) {
        static Gated of(String regex, int flags) {
            return new Gated(Pattern.compile(regex, flags), RequiredWords.of(regex));
        }

        boolean mayMatch(String lower, long mask) {
            return words.mayMatch(lower, mask);
        }
    }

    /** Whether a line of this mask may hold an error word or the word of a family not yet seen. */
    private static boolean mayName(long mask, boolean errorish, java.util.Set<String> families) {
        if (!errorish && ERRORISH.words().mayMatch(mask)) {
            return true;
        }
        for (Map.Entry<String, Gated> family : FAMILIES.entrySet()) {
            if (!families.contains(family.getKey()) && family.getValue().words().mayMatch(mask)) {
                return true;
            }
        }
        return false;
    }

    /** Every alternative of every entry as its {@link RequiredWords#mask}, and the entry it belongs to. */
    private final long[] masks;
    private final int[] owners;
    /** Entries with no words: tried on every line. */
    private final boolean[] always;
    private final boolean anyAlways;
    /** The fewest distinct characters (bits of a mask) any alternative needs. */
    private final int fewestBits;

    public Explainer(KnowledgeBase knowledge) {
        this.knowledge = knowledge;
        List<KnownMessage> entries = knowledge.entries();
        List<long[]> perEntry = entries.stream().map(e -> e.words().masks()).toList();
        int count = perEntry.stream().mapToInt(m -> m.length).sum();
        this.masks = new long[count];
        this.owners = new int[count];
        this.always = new boolean[entries.size()];
        this.fewestBits = java.util.Arrays.stream(masks.length == 0 ? new long[] {0} : perEntry.stream()
                .flatMapToLong(java.util.Arrays::stream).toArray()).mapToInt(Long::bitCount).min().orElse(0);
        int k = 0;
        for (int e = 0; e < entries.size(); e++) {
            always[e] = perEntry.get(e).length == 0;
            for (long mask : perEntry.get(e)) {
                masks[k] = mask;
                owners[k++] = e;
            }
        }
        this.anyAlways = IntStream.range(0, always.length).anyMatch(e -> always[e]);
    }

    /**
     * The entries a line with {@code lineMask} may match, by one pass over a few hundred longs;
     * null when none may: most lines of a log end here, before any string is made.
     */
    private boolean[] candidates(long lineMask) {
        boolean[] candidates = null;
        if (Long.bitCount(lineMask) < fewestBits) {
            return anyAlways ? always.clone() : null; // a line of so few characters holds no entry's words
        }
        for (int k = 0; k < masks.length; k++) {
            if ((masks[k] & ~lineMask) == 0) {
                if (candidates == null) {
                    candidates = always.clone();
                }
                candidates[owners[k]] = true;
            }
        }
        return candidates == null && anyAlways ? always.clone() : candidates;
    }

    /** Explains {@code text}, an error message or a whole log. */
    public Explanation explain(String text) {
        try {
            return explain(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
    }

    /**
     * Explains what {@code in} holds, read line by line: memory holds one line (cut at
     * {@link #MAX_LINE}) and the distinct errors found, never the whole log.
     */
    public Explanation explain(Reader in) throws IOException {
        Map<String, Builder> found = new LinkedHashMap<>();
        Map<String, Builder> firstOf = new java.util.HashMap<>();
        Lines lines = new Lines(in, MAX_LINE);
        Optional<String> lastTime = Optional.empty();
        java.util.Set<String> seenInThisEvent = new java.util.HashSet<>();
        boolean errorish = false;
        java.util.Set<String> families = new java.util.LinkedHashSet<>();
        // a log repeats its targets: each distinct one is parsed once (a bounded number of them)
        Map<String, Boolean> targets = new java.util.HashMap<>();
        for (String next = lines.next(); next != null; next = lines.next()) {
            String line = next;
            if (line.isEmpty()) {
                seenInThisEvent.clear(); // an empty line ends an event and holds nothing
                continue;
            }
            Optional<String> own = timestamp(line);
            // a line without a time of its own takes the last time seen; a stack frame or a wrapped
            // cause also belongs to the event above it, and does not count it again
            boolean continuation = mayContinue(line.charAt(0)) && CONTINUATION.matcher(line).find();
            Optional<String> time = own.isPresent() ? own : lastTime;
            if (own.isPresent()) {
                lastTime = own;
            }
            if (!continuation) {
                seenInThisEvent.clear();
            }
            long mask = RequiredWords.foldedMask(line);
            String lower = null;
            if (found.isEmpty() && mayName(mask, errorish, families)) {
                // the nearest families only matter while nothing is recognized
                lower = line.toLowerCase(Locale.ROOT);
                errorish = errorish || ERRORISH.mayMatch(lower, mask) && ERRORISH.pattern().matcher(line).find();
                for (Map.Entry<String, Gated> family : FAMILIES.entrySet()) {
                    Gated words = family.getValue();
                    if (!families.contains(family.getKey()) && words.mayMatch(lower, mask)
                            && words.pattern().matcher(line).find()) {
                        families.add(family.getKey());
                    }
                }
            }
            boolean[] candidates = candidates(mask);
            if (candidates == null) {
                continue;
            }
            if (lower == null) {
                lower = line.toLowerCase(Locale.ROOT);
            }
            // a hostile line can make a pattern backtrack; past a budget of steps in proportion to its
            // length the line is given up, so a log costs time in proportion to its size
            Budgeted budgeted = new Budgeted(line, STEPS_PER_CHAR * line.length() + BASE_STEPS);
            List<KnownMessage> entries = knowledge.entries();
            try {
                for (int e = 0; e < entries.size(); e++) {
                    KnownMessage message = entries.get(e);
                    if (!candidates[e] || !message.mayMatch(lower, mask)) {
                        continue;
                    }
                    Matcher m = message.pattern().matcher(budgeted);
                    if (!m.find()) {
                        continue;
                    }
                    Optional<String> target = target(m, budgeted, message, targets);
                    Optional<Integer> status = group(m, "status").filter(s -> s.matches("\\d{3}")).map(Integer::parseInt);
                    String key = message.id() + " " + target.orElse("") + " " + status.map(String::valueOf).orElse("");
                    Builder builder = found.get(key);
                    if (builder == null && found.size() >= MAX_DISTINCT) {
                        // a log of a million distinct targets would keep a million lines: past the cap, an
                        // error already listed for another target counts there, so memory stays bounded
                        builder = firstOf.get(message.id());
                    }
                    if (builder == null) {
                        builder = new Builder(message, line.strip(), target, status);
                        found.put(key, builder);
                        firstOf.putIfAbsent(message.id(), builder);
                    }
                    if (seenInThisEvent.add(message.id())) {
                        builder.seen(time); // one exception and its causes count once
                    }
                    break; // one entry per line: the first, most specific one
                }
            } catch (Budgeted.Exhausted e) {
                // this line is not read any further: what it held is left unrecognized
            }
        }
        List<Explanation.Match> matches = found.values().stream().map(Builder::build).toList();
        List<String> nearest = matches.isEmpty() && errorish ? List.copyOf(families) : List.of();
        return new Explanation(matches, nearest, lines.count());
    }

    /** The first character of a stack frame, a wrapped cause or "... 5 more": a test before the regex. */
    private static boolean mayContinue(char first) {
        return Character.isWhitespace(first) || first == 'C' || first == '.';
    }

    private static Optional<String> timestamp(String line) {
        if (line.length() < 8) {
            return Optional.empty(); // shorter than the shortest form, 00:00:00
        }
        Matcher m = TIMESTAMP.matcher(line.strip());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /**
     * A diagnose target from the match's own groups, else from the first URL or host:port on the
     * line; only one that parses as a target, since it is offered on a command line.
     */
    private static Optional<String> target(Matcher m, CharSequence line, KnownMessage message,
            Map<String, Boolean> known) {
        return candidate(m, line, message).filter(candidate -> {
            Boolean valid = known.get(candidate);
            if (valid == null) {
                valid = isTarget(candidate);
                if (known.size() < MAX_KNOWN_TARGETS) {
                    known.put(candidate, valid);
                }
            }
            return valid;
        });
    }

    private static Optional<String> candidate(Matcher m, CharSequence line, KnownMessage message) {
        Optional<String> url = group(m, "url");
        if (url.isPresent()) {
            return url.map(Explainer::withoutTrailingPunctuation);
        }
        Optional<String> host = group(m, "host");
        Optional<String> port = group(m, "port");
        if (host.isPresent() && port.isPresent()) {
            return Optional.of(withScheme(message, bracketed(host.get()) + ":" + port.get()));
        }
        Matcher u = URL.matcher(line);
        if (u.find()) {
            return Optional.of(withoutTrailingPunctuation(u.group(1)));
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
            String run = v6.group();
            int colon = run.lastIndexOf(':');
            if (run.length() > MAX_V6_PORT || colon < 0) {
                continue;
            }
            String address = run.substring(0, colon);
            String number = run.substring(colon + 1);
            if (number.matches("\\d{1,5}") && dev.conndoctor.net.AddressLiterals.isIpv6(address)) {
                return Optional.of(withScheme(message, "[" + address + "]:" + number));
            }
        }
        return Optional.empty();
    }

    /** A sentence's end is not part of the URL it ends with. */
    private static String withoutTrailingPunctuation(String url) {
        int end = url.length();
        while (end > 0 && ".,;".indexOf(url.charAt(end - 1)) >= 0) {
            end--;
        }
        return url.substring(0, end);
    }

    private static boolean isTarget(String candidate) {
        try {
            Target.parse(candidate);
            return true;
        } catch (InvalidTargetException e) {
            return false;
        }
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
            String next = "conndoctor diagnose " + target.map(ShellWords::quote).orElse(
                    message.defaultScheme().equals("-") ? "HOST:PORT" : message.defaultScheme() + "://HOST:PORT");
            return new Explanation.Match(message, line, target, status, count, first, last, next);
        }
    }
}
