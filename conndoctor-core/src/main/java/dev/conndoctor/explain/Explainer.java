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
    private static final Pattern URL = Pattern.compile("\\b((?:wss?|https?)://[^\\s'\"<>)}“”]++)", Pattern.CASE_INSENSITIVE);
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
    private static final Pattern CONTINUATION = Pattern.compile("^(?:\\s+|Caused by\\b|\\.\\.\\. \\d+ more)");
    /** The lines that open or chain a Python traceback: the traceback is one event with its exception lines. */
    private static final Pattern PYTHON_CHAIN = Pattern.compile(
            "Traceback \\(most recent call last\\):|During handling of the above exception|The above exception was the direct cause");
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
     *
     * <p>An event is a line and the lines that continue it: stack frames, {@code Caused by:},
     * a Node error's properties and {@code [cause]}, a Python traceback with its chained
     * tracebacks. One event is one error: of the lines of an event that match, a client's own
     * form beats the operating system's words, which beat the general reader, and among equals the
     * later line wins, because a wrapped exception's cause (Java, Node) and a traceback's last
     * line (Python) are the most telling.
     */
    public Explanation explain(Reader in) throws IOException {
        State state = new State();
        Lines lines = new Lines(in, MAX_LINE);
        for (String next = lines.next(); next != null; next = lines.next()) {
            state.line(next);
        }
        state.endEvent();
        state.flush();
        List<Explanation.Match> matches = state.found.values().stream().map(Builder::build).toList();
        List<String> nearest = matches.isEmpty() && state.errorish ? List.copyOf(state.families) : List.of();
        return new Explanation(matches, nearest, lines.count());
    }

    /** What reading one text has gathered so far. */
    private final class State {
        final Map<String, Builder> found = new LinkedHashMap<>();
        final Map<String, Builder> firstOf = new java.util.HashMap<>();
        Optional<String> lastTime = Optional.empty();
        boolean errorish;
        final java.util.Set<String> families = new java.util.LinkedHashSet<>();
        // a log repeats its targets: each distinct one is parsed once (a bounded number of them)
        final Map<String, Boolean> targets = new java.util.HashMap<>();
        /** The best match of the event being read, not yet counted. */
        Candidate event;
        /** The first target any matching line of the event named, for a winner that names none. */
        Optional<String> eventTarget = Optional.empty();
        boolean blankSeen;
        /** The last event's match, held back in case the next event says the same failure again. */
        Candidate held;
        /** Inside a Python traceback whose exception line has not come yet. */
        boolean inTraceback;

        void line(String line) {
            if (line.isEmpty()) {
                blankSeen = true; // an empty line ends an event, unless a continuation follows it
                return;
            }
            Optional<String> own = timestamp(line);
            boolean continuation = continues(line);
            if (!continuation || blankSeen && !continuesAcrossBlank(line)) {
                endEvent();
                if (blankSeen) {
                    flush(); // an empty line between two errors keeps them apart
                }
            }
            blankSeen = false;
            Optional<String> time = own.isPresent() ? own : lastTime;
            if (own.isPresent()) {
                lastTime = own;
            }
            match(line, time, own.isPresent());
        }

        /** Whether {@code line} belongs to the event above it. */
        private boolean continues(String line) {
            char first = line.charAt(0);
            if (PYTHON_CHAIN.matcher(line).lookingAt()) {
                inTraceback = line.startsWith("Traceback");
                return true;
            }
            if (mayContinue(first) && CONTINUATION.matcher(line).find()) {
                return true;
            }
            if (inTraceback) {
                inTraceback = false; // the exception line that ends a traceback is part of it
                return true;
            }
            return false;
        }

        /** After an empty line only an indented line, a wrapped cause or a chained traceback continues. */
        private boolean continuesAcrossBlank(String line) {
            return Character.isWhitespace(line.charAt(0)) || line.startsWith("Caused by")
                    || PYTHON_CHAIN.matcher(line).lookingAt();
        }

        /**
         * Ends the event being read. Its match is held back one event: a client that says one
         * failure in two lines without a time of their own ("... is not trusted." then "... has
         * expired.") gives two adjacent events of one symptom, which are one error, the more telling.
         */
        void endEvent() {
            if (event == null) {
                flush(); // a line that matched nothing lies between this event and the held one
            } else {
                Candidate c = event.target().isPresent() || event.message().symptom() == dev.conndoctor.Symptom.DNS_FAILED
                        ? event : event.withTarget(eventTarget);
                if (held != null && !held.ownTime() && !c.ownTime() && held.message().symptom() == c.message().symptom()
                        && !held.message().id().equals(c.message().id())) {
                    held = c.rank() >= held.rank() ? c.completedBy(held) : held.completedBy(c);
                } else {
                    flush();
                    held = c;
                }
            }
            event = null;
            eventTarget = Optional.empty();
            inTraceback = false;
        }

        private void match(String line, Optional<String> time, boolean ownTime) {
            long mask = RequiredWords.foldedMask(line);
            String lower = null;
            if (found.isEmpty() && event == null && mayName(mask, errorish, families)) {
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
                return;
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
                    if (eventTarget.isEmpty()) {
                        eventTarget = target;
                    }
                    Candidate c = new Candidate(message, line, target, status, time, ownTime);
                    if (event == null || c.rank() >= event.rank()) {
                        event = c; // among equals the later line: the cause, the traceback's last word
                    }
                    break; // one entry per line: the first, most specific one
                }
            } catch (Budgeted.Exhausted e) {
                // this line is not read any further: what it held is left unrecognized
            }
        }

        void flush() {
            if (held != null) {
                commit(held);
                held = null;
            }
        }

        private void commit(Candidate c) {
            Optional<String> target = c.target();
            String key = c.message().id() + " " + target.orElse("") + " " + c.status().map(String::valueOf).orElse("");
            Builder builder = found.get(key);
            if (builder == null && found.size() >= MAX_DISTINCT) {
                // a log of a million distinct targets would keep a million lines: past the cap, an
                // error already listed for another target counts there, so memory stays bounded
                builder = firstOf.get(c.message().id());
            }
            if (builder == null) {
                builder = new Builder(c.message(), c.line().strip(), target, c.status());
                found.put(key, builder);
                firstOf.putIfAbsent(c.message().id(), builder);
            }
            builder.seen(c.time()); // one event, however many lines it has, counts once
        }
    }

    /** A line's match, waiting for the end of its event. */
    private record Candidate(KnownMessage message, String line, Optional<String> target, Optional<Integer> status,
                             Optional<String> time, boolean ownTime) {
        Candidate withTarget(Optional<String> t) {
            return new Candidate(message, line, t, status, time, ownTime);
        }

        /** This match, with the target and status it lacks taken from {@code other}, its twin. */
        Candidate completedBy(Candidate other) {
            return new Candidate(message, line, target.isPresent() ? target : other.target,
                    status.isPresent() ? status : other.status, time, ownTime);
        }

        /** A client's own form over the operating system's words over the general reader. */
        int rank() {
            return message.general() ? 0 : message.client().equals("any") ? 1 : 2;
        }
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
        Optional<String> shaped = shaped(line.toString(), message);
        if (shaped.isPresent()) {
            return shaped;
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

    /**
     * A shape clients print a host and port in, other than {@code host:port} and URLs. Groups:
     * {@code host} (or {@code name}, preferred: the name that was dialled, before its address),
     * {@code port} (else the shape's default port), {@code scheme} (else the entry's).
     */
    private record Shape(String word, Pattern pattern, String defaultPort) {
        /** A shape that a line without {@code word} (lower case) cannot hold. */
        static Shape of(String word, String regex) {
            return new Shape(word, Pattern.compile(regex, Pattern.CASE_INSENSITIVE), null);
        }
    }

    private static final String NAME = "[a-zA-Z0-9][a-zA-Z0-9.-]{0,252}+";
    private static final String IP = "(?:\\d{1,3}\\.){3}\\d{1,3}|[0-9a-fA-F]*+:[0-9a-fA-F:.]++";
    private static final List<Shape> SHAPES = List.of(
            // Go: read tcp LOCAL->REMOTE: the remote end is the target
            Shape.of("->", "->(?<host>(?:\\d{1,3}\\.){3}\\d{1,3}|\\[[0-9a-fA-F:.%\\w]{2,60}+\\]):(?<port>\\d{1,5})\\b"),
            // Python's urllib3: HTTPConnectionPool(host='h', port=80), HTTPSConnection(host='h', port=443)
            Shape.of("connection", "(?<scheme>https?)Connection(?:Pool)?\\(host='(?<host>[^'\\s]{1,253})', port=(?<port>\\d{1,5})\\)"),
            // asyncio, aiohttp: Connect call failed ('127.0.0.1', 9109)
            Shape.of("('", "\\('(?<host>" + IP + "|" + NAME + ")', (?<port>\\d{1,5})\\)"),
            // Android, OkHttp: failed to connect to /10.0.2.2 (port 8008), to name/1.2.3.4 (port 80)
            Shape.of(" (port ", "(?:(?<![\\w.-])(?<name>" + NAME + ")/|(?<![\\w.])/)(?<host>" + IP + ") \\(port (?<port>\\d{1,5})\\)"),
            // Java's InetSocketAddress: name/1.2.3.4:8080, /1.2.3.4:8080 (OkHttp, Netty)
            Shape.of("/", "(?:(?<![\\w.-])(?<name>[a-zA-Z][a-zA-Z0-9.-]{0,252}+)/|(?<![\\w.:])/)(?<host>(?:\\d{1,3}\\.){3}\\d{1,3}):(?<port>\\d{1,5})\\b"),
            // libpq: server at "h" (addr), port 5432 / on host "h" and accepting TCP/IP connections on port 5432
            Shape.of(" port ", "(?:server at|on host) \"(?<host>[^\"\\s]{1,253})\"(?: \\([^)]{0,64}\\))?(?:,| and accepting\\s+TCP/IP connections on) port (?<port>\\d{1,5})"),
            // ssh, nc, curl, Ruby: connect to host h port 22, to h port 80, for "h" port 9109
            Shape.of(" port ", "(?:\\bhost|\\bto|\\bfor) \"?(?<host>" + NAME + "|" + IP + ")\"? port (?<port>\\d{1,5})\\b"));
    /** MySQL and MariaDB name the host only: Can't connect to MySQL server on 'h' (111); the port is MySQL's. */
    private static final Shape MYSQL = new Shape("server on '", Pattern.compile(
            "connect to (?:local )?(?:MySQL )?server on '(?<host>[^'\\s]{1,253})'",
            Pattern.CASE_INSENSITIVE), "3306");
    private static final List<Shape> ALL_SHAPES = java.util.stream.Stream.concat(SHAPES.stream(), java.util.stream.Stream.of(MYSQL))
            .toList();

    /**
     * The target of the first {@link Shape} found on the line. The shapes are read with a budget of
     * their own: a line that exhausts it keeps its match and goes without a target.
     */
    private static Optional<String> shaped(String text, KnownMessage message) {
        String lower = text.toLowerCase(Locale.ROOT);
        Budgeted line = new Budgeted(text, STEPS_PER_CHAR * text.length() + BASE_STEPS);
        try {
            for (Shape shape : ALL_SHAPES) {
                if (!lower.contains(shape.word())) {
                    continue;
                }
                Matcher s = shape.pattern().matcher(line);
                if (s.find()) {
                    // a group a shape lacks is absent
                    String host = group(s, "name").filter(g -> !g.isEmpty()).orElseGet(() -> s.group("host"));
                    String port = group(s, "port").filter(g -> !g.isEmpty()).orElse(shape.defaultPort());
                    Optional<String> scheme = group(s, "scheme").map(g -> g.toLowerCase(Locale.ROOT));
                    String authority = bracketed(host) + ":" + port;
                    return Optional.of(scheme.map(g -> g + "://" + authority).orElseGet(() -> withScheme(message, authority)));
                }
            }
        } catch (Budgeted.Exhausted e) {
            // a hostile line: no target rather than unbounded time
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

    /** Refused by {@code ::1}: most often localhost's first address, and the server on 127.0.0.1 only. */
    private static final Pattern IPV6_LOOPBACK = Pattern.compile("(?<![\\w:.])(?:\\[::1\\]|::1|0:0:0:0:0:0:0:1)(?::\\d{1,5})?(?![\\w:.])");

    /**
     * The causes of a match, most likely first: the entry's, except that a refusal by {@code ::1}
     * names {@code address-family-mismatch} first. Since Node 17 (and wherever getaddrinfo puts
     * IPv6 first) {@code localhost} is {@code ::1} first, and a server listening on 127.0.0.1 only
     * refuses it while IPv4 clients work: that is the likeliest reading of such a refusal.
     */
    static List<dev.conndoctor.CauseId> causes(KnownMessage message, Optional<String> target, String line,
            Optional<Integer> status) {
        List<dev.conndoctor.CauseId> causes = message.byStatus() ? StatusCauses.of(status) : message.causes();
        boolean byIpv6Loopback = target.map(t -> t.contains("[::1]")).orElse(false)
                || IPV6_LOOPBACK.matcher(line).find();
        if (message.symptom() != dev.conndoctor.Symptom.REFUSED || !byIpv6Loopback) {
            return causes;
        }
        List<dev.conndoctor.CauseId> reordered = new java.util.ArrayList<>();
        reordered.add(dev.conndoctor.CauseId.ADDRESS_FAMILY_MISMATCH);
        causes.stream().filter(c -> c != dev.conndoctor.CauseId.ADDRESS_FAMILY_MISMATCH).forEach(reordered::add);
        return List.copyOf(reordered);
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
            List<dev.conndoctor.CauseId> causes = causes(message, target, line, status);
            String next = "conndoctor diagnose " + target.map(ShellWords::quote).orElse(
                    message.defaultScheme().equals("-") ? "HOST:PORT" : message.defaultScheme() + "://HOST:PORT");
            return new Explanation.Match(message, line, target, status, count, first, last, next, causes);
        }
    }
}
