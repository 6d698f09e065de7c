package dev.conndoctor.cli;

import dev.conndoctor.cli.render.Style;
import dev.conndoctor.cli.render.TextRenderer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.listen.ClientReport;
import dev.conndoctor.listen.ListenProtocol;
import dev.conndoctor.listen.ListenServer;
import java.io.IOException;
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
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"A test server that tells what each client spoke: websocket, http, text or tcp, optionally TLS.",
            "Run it on the server in place of the real one, point the client at it, read one line per client.",
            "Binding to all addresses (0.0.0.0, ::) is explicit and announced. Stops on Ctrl-C, --max-clients or --duration."})
final class ListenCommand implements Callable<Integer> {
    private static final Pattern ADDRESS = Pattern.compile("^([a-zA-Z]+)://(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|localhost):(\\d{1,5})/?$");

    private final CliContext context;

    @Parameters(paramLabel = "PROTO://ADDR:PORT", descriptionKey = "listen-address",
            description = "Where to listen, e.g. websocket://0.0.0.0:8282, http://127.0.0.1:8080, text://[::]:1234.")
    String address;

    @Option(names = "--tls", arity = "1..2", paramLabel = "CERT KEY|self-signed",
            description = "Serve TLS: PEM certificate and PKCS#8 key files, or self-signed (made at start, valid a week).")
    List<String> tls;

    @Option(names = "--token", paramLabel = "T",
            description = "Answer conndoctor diagnose --token T with a proof (never T itself). Never printed.")
    String token;

    @Option(names = "--max-clients", paramLabel = "N", description = "Stop after N clients.")
    int maxClients;

    @Option(names = "--duration", paramLabel = "D", converter = DurationConverter.class,
            description = "Stop after D (e.g. 5m).")
    Duration duration;

    @Option(names = "--max-connections", paramLabel = "N", defaultValue = "64",
            description = "Connections served at once; more are closed at once (default: ${DEFAULT-VALUE}).")
    int maxConnections;

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
        if (token != null && token.isEmpty()) {
            throw new UsageException("error.empty-token");
        }
        InetAddress bind = InetAddress.getByName(host); // a checked literal: no lookup
        Optional<SSLContext> sslContext = Optional.ofNullable(tls).map(this::tlsContext);
        ListenServer.Config config = new ListenServer.Config(protocol, bind, port, sslContext, Optional.ofNullable(token),
                maxConnections, Duration.ofSeconds(5), Duration.ofSeconds(60), maxClients);

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
                    server.port(), token == null ? "" : cli("listen.with-token")));
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
            try {
                context.out().println(new ObjectMapper().writeValueAsString(node));
            } catch (JsonProcessingException e) {
                throw new java.io.UncheckedIOException(e);
            }
        } else {
            Style style = context.style(report.noColor);
            String what = r.spoke().id() + (r.tls() ? " over TLS" : "") + r.sni().map(s -> " (SNI " + s + ")").orElse("")
                    + r.path().map(p -> " " + p).orElse("");
            String line = cli(r.matches() ? "listen.client-ok" : "listen.client-mismatch", r.at(), r.peer(), what);
            context.out().println(r.matches() ? style.green(line) : style.red(line));
            r.fix().ifPresent(f -> context.out().println("    " + f.render(locale)));
        }
        context.out().flush();
    }

    private String cli(String key, Object... args) {
        return dev.conndoctor.Text.of(key, args).render(TextRenderer.BUNDLE, context.locale(report));
    }
}
