package dev.conndoctor.cli;

import dev.conndoctor.cli.render.Style;
import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.listen.BrowserCheck;
import dev.conndoctor.listen.ClientReport;
import dev.conndoctor.listen.ListenProtocol;
import dev.conndoctor.listen.ListenServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conndoctor listen PROTO://ADDR:PORT}: a test server that tells, for every client, what it
 * spoke and whether that matches; with {@code --token} it also answers conndoctor's end-to-end proof.
 */
@Command(name = "listen",
        // its English words for the shared --json: listen prints a JSON line per client, not one document
        resourceBundle = "dev.conndoctor.cli.listenhelp",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"A test server that tells what each client spoke: websocket, http, text or tcp, optionally TLS.",
            "Run it on the server in place of the real one, point the client at it, read one line per client.",
            "Binding to all addresses (0.0.0.0, ::) is explicit and announced. Stops on Ctrl-C, --max-clients or --duration.",
            "Limits for strangers: 5 s from connecting to a whole request, TLS included;",
            "60 s idle or 10 s of a stalled write closes a connection; see --max-lifetime.",
            "The token may come from --token-file FILE or CONNDOCTOR_TOKEN, out of ps.",
            "websocket: a browser at http(s)://HOST:PORT/_conndoctor checks the WebSocket from the browser itself."})
final class ListenCommand implements Callable<Integer> {
    /** From connecting to a whole request (TLS handshake included): no real client needs more, a trickler gets no more. */
    static final Duration HANDSHAKE_DEADLINE = Duration.ofSeconds(5);
    /** A served connection with nothing to read for this long is closed. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);
    /** A write that cannot be handed to the network for this long: the client does not read, it is closed. */
    static final Duration WRITE_TIMEOUT = Duration.ofSeconds(10);

    private static final Pattern ADDRESS = Pattern.compile("^([a-zA-Z]+)://(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|localhost):(\\d{1,5})/?$");

    private final CliContext context;

    @Parameters(paramLabel = "PROTO://ADDR:PORT", descriptionKey = "listen-address",
            description = "Where to listen, e.g. websocket://0.0.0.0:8282, http://127.0.0.1:8080, text://[::]:1234.")
    String address;

    @Option(names = "--tls", arity = "1..2", paramLabel = "CERT KEY|self-signed",
            description = "Serve TLS: PEM certificate and PKCS#8 key files, or self-signed (made at start, valid a week).")
    List<String> tls;

    @Option(names = "--token", paramLabel = "T",
            description = "Answer conndoctor diagnose --token T with a proof (never T itself). Never printed. "
                    + "Other users of this host can read it with ps: prefer --token-file or CONNDOCTOR_TOKEN.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token from FILE (one line, at most 1 KiB; the line end is dropped). "
                    + "Not with --token nor CONNDOCTOR_TOKEN.")
    Path tokenFile;

    @Option(names = "--max-clients", paramLabel = "N", description = "Stop after N clients.")
    int maxClients;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop after D (e.g. 5m).")
    Duration duration;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "64",
            description = "Connections served at once; more are closed at once, or take the place of the slowest "
                    + "one still handshaking (default: ${DEFAULT-VALUE}).")
    int maxConnections;

    @Option(names = "--max-per-address", paramLabel = "N", defaultValue = "16",
            description = "Connections served at once from one client address (an IPv6 /64 counts as one); "
                    + "raise it for a load test from one machine (default: ${DEFAULT-VALUE}).")
    int maxPerAddress;

    @Option(names = "--max-lifetime", paramLabel = "D", converter = LifetimeConverter.class, defaultValue = "10m",
            description = "The longest a connection is served, 1s to 24h, e.g. 1h for a long diagnose --hold "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration maxLifetime;

    /** A connection's lifetime: whole seconds, minutes or hours, 1 s to 24 h (a --hold may last longer than a probe). */
    static final class LifetimeConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        private static final Pattern FORM = Pattern.compile("(\\d{1,6})(s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher m = FORM.matcher(value.trim());
            if (!m.matches()) {
                throw new picocli.CommandLine.TypeConversionException(
                        "'" + value + "' is not a lifetime: write it like 90s, 10m or 2h");
            }
            long amount = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
            if (d.compareTo(Duration.ofSeconds(1)) < 0 || d.compareTo(Duration.ofHours(24)) > 0) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is out of range: 1s to 24h");
            }
            return d;
        }
    }

    @Mixin
    ReportOptions report;

    ListenCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        Matcher m = ADDRESS.matcher(address);
        if (!m.matches()) {
            throw new UsageException("error.listen-address", address);
        }
        ListenProtocol protocol = ListenProtocol.fromScheme(m.group(1))
                .orElseThrow(() -> new UsageException("error.listen-scheme", m.group(1)));
        String host = m.group(2).replace("[", "").replace("]", "");
        if (host.equals("localhost")) {
            host = "127.0.0.1";
        }
        if (!AddressLiterals.isIpv4(host) && !AddressLiterals.isIpv6(host)) {
            throw new UsageException("error.listen-address", address);
        }
        int port = Integer.parseInt(m.group(3));
        if (port > 65535 || maxConnections < 1 || maxConnections > 4096 || maxClients < 0) {
            throw new UsageException("error.listen-limits", port, maxConnections, maxClients);
        }
        if (maxPerAddress < 1 || maxPerAddress > 4096) {
            throw new UsageException("error.listen-peer-limits", String.valueOf(maxPerAddress));
        }
        Optional<String> secret = TokenSource.resolve(token, tokenFile, context);
        InetAddress bind = InetAddress.getByName(host); // a checked literal: no lookup
        Optional<SSLContext> sslContext = Optional.ofNullable(tls).map(this::tlsContext);
        ListenServer.Config config = new ListenServer.Config(protocol, bind, port, sslContext, secret,
                maxConnections, HANDSHAKE_DEADLINE, IDLE_TIMEOUT, maxClients,
                new ListenServer.Limits(maxPerAddress, maxLifetime, WRITE_TIMEOUT));

        Locale locale = context.locale(report);
        ListenServer started;
        try {
            started = ListenServer.start(config, r -> printClient(r, locale), Clock.systemUTC());
        } catch (java.net.BindException e) {
            throw new UsageException("error.bind", address, e.getMessage());
        }
        try (ListenServer server = started) {
            context.err().println(cli(bind.isAnyLocalAddress() ? "listen.started-all" : "listen.started",
                    protocol.id() + (sslContext.isPresent() ? "+tls" : ""), host.indexOf(':') >= 0 ? "[" + host + "]" : host,
                    server.port(), secret.isEmpty() ? "" : cli("listen.with-token")));
            context.err().flush();
            Thread hook = new Thread(server::close, "conndoctor-listen-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                server.awaitStop(duration == null ? Duration.ofDays(3650) : duration);
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is shutting down (Ctrl-C): the hook is running, as it should
                }
            }
        }
        return ExitCode.OK;
    }

    private SSLContext tlsContext(List<String> values) {
        if (values.size() == 1 && values.get(0).equals("self-signed")) {
            return TlsMaterial.selfSigned("DNS:localhost,IP:127.0.0.1,IP:::1");
        }
        if (values.size() != 2) {
            throw new UsageException("error.listen-tls");
        }
        return TlsMaterial.fromPem(java.nio.file.Path.of(values.get(0)), java.nio.file.Path.of(values.get(1)));
    }

    private void printClient(ClientReport r, Locale locale) {
        if (report.json) {
            ObjectNode node = new ObjectMapper().createObjectNode();
            node.put("time", r.at().toString()).put("peer", r.peer()).put("spoke", r.spoke().id()).put("tls", r.tls())
                    .put("matches", r.matches());
            r.sni().ifPresent(s -> node.put("sni", s));
            r.path().ifPresent(p -> node.put("path", p));
            node.put("preview", r.preview());
            r.fix().ifPresent(f -> node.put("fix", f.render(locale)));
            node.put("proof", r.proofGiven());
            r.browser().ifPresent(b -> browserJson(node.putObject("browser"), b, locale));
            try {
                context.out().println(new ObjectMapper().writeValueAsString(node));
            } catch (JsonProcessingException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else if (r.browser().isPresent()) {
            printBrowser(r, r.browser().get(), locale);
        } else {
            Style style = context.style(report.noColor);
            // the path and the server name are the client's own bytes: cleaned, as every text from outside
            String what = r.spoke().id() + (r.tls() ? " over TLS" : "")
                    + r.sni().map(s -> " (SNI " + TerminalText.clean(s) + ")").orElse("")
                    + r.path().map(p -> " " + TerminalText.clean(p)).orElse("");
            String line = TerminalText.render(dev.conndoctor.Text.of(r.matches() ? "listen.client-ok"
                    : "listen.client-mismatch", r.at(), r.peer(), what), TextRenderer.BUNDLE, locale);
            context.out().println(r.matches() ? style.green(line) : style.red(line));
            r.fix().ifPresent(f -> context.out().println("    " + TerminalText.render(f, locale)));
        }
        context.out().flush();
    }

    /** A browser check's line: the page taken, or the page's report with one line per WebSocket and the fix. */
    private void printBrowser(ClientReport r, BrowserCheck b, Locale locale) {
        Style style = context.style(report.noColor);
        if (b.stage() == BrowserCheck.Stage.PAGE) {
            context.out().println(TerminalText.render(dev.conndoctor.Text.of("listen.browser-page", r.at(), r.peer(),
                    r.path().orElse("/") + (r.tls() ? " over TLS" : "")), TextRenderer.BUNDLE, locale));
            return;
        }
        // the page's origin and the browser's name come from the browser: cleaned like every text from outside
        String line = TerminalText.render(dev.conndoctor.Text.of(b.works() ? "listen.browser-works" : "listen.browser-fails",
                r.at(), r.peer(), b.browser(), b.pageOrigin(), b.cause().map(c -> " (" + c.id() + ")").orElse("")),
                TextRenderer.BUNDLE, locale);
        context.out().println(b.works() ? style.green(line) : style.red(line));
        for (BrowserCheck.Attempt a : b.attempts()) {
            context.out().println("    " + TerminalText.render(a.summary(), locale));
        }
        r.fix().ifPresent(f -> context.out().println("    " + TerminalText.render(
                // the fix is the library's text: rendered from its bundle, then set in the CLI's line
                dev.conndoctor.Text.of("listen.browser-fix", TerminalText.render(f, locale)), TextRenderer.BUNDLE, locale)));
    }

    private static void browserJson(ObjectNode node, BrowserCheck b, Locale locale) {
        node.put("stage", b.stage().id()).put("check", b.check());
        if (b.stage() == BrowserCheck.Stage.PAGE) {
            return;
        }
        node.put("page", b.pageOrigin()).put("browser", b.browser()).put("userAgent", b.userAgent())
                .put("works", b.works()).put("elapsedMs", b.elapsedMs());
        b.cause().ifPresent(c -> node.put("cause", c.id()));
        com.fasterxml.jackson.databind.node.ArrayNode attempts = node.putArray("attempts");
        for (BrowserCheck.Attempt a : b.attempts()) {
            ObjectNode n = attempts.addObject().put("url", a.url()).put("scheme", a.scheme()).put("opened", a.opened())
                    .put("echoed", a.echoed());
            if (a.closeCode().isPresent()) {
                n.put("closeCode", a.closeCode().getAsInt());
            }
            a.threw().ifPresent(t -> n.put("threw", t));
            n.put("arrival", a.arrival().id());
            a.arrivedFrom().ifPresent(f -> n.put("arrivedFrom", f));
            n.put("ms", a.ms()).put("works", a.works());
            a.cause().ifPresent(c -> n.put("cause", c.id()));
            n.put("summary", a.summary().render(locale));
        }
    }

    private String cli(String key, Object... args) {
        return dev.conndoctor.Text.of(key, args).render(TextRenderer.BUNDLE, context.locale(report));
    }
}
