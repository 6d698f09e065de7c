package dev.conndoctor.cli;

import dev.conndoctor.cli.render.JsonRenderer;
import dev.conndoctor.cli.render.MarkdownRenderer;
import dev.conndoctor.cli.render.ProgressReporter;
import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.config.CdnCatalog;
import dev.conndoctor.config.ProxyUrl;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code conndoctor diagnose TARGET}: the client side. Probes the target and prints the diagnosis. */
@Command(name = "diagnose",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Diagnose why this machine cannot connect to TARGET.",
            "TARGET is host:port, [v6]:port, or a URL: tcp ws wss http https tls text (e.g. ws://example.com:8282/chat)."})
final class DiagnoseCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "TARGET", descriptionKey = "target", arity = "0..1", description = "What the client dials.")
    String target;

    @Option(names = "--targets", paramLabel = "FILE",
            description = "Diagnose every target of FILE at once (one per line, # starts a comment), instead of TARGET: "
                    + "a summary table, or one JSON document per line with --json; exit 1 if any failed.")
    java.nio.file.Path targetsFile;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Deadline of each probe, e.g. 2s, 500ms, 1.5s (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--insecure", description = "Skip certificate verification in this diagnosis's TLS probes only.")
    boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "Trust the PEM certificates in FILE (instead of the system's) in TLS probes.")
    java.nio.file.Path caCert;

    @Option(names = "--origin", paramLabel = "URL", description = "The Origin header of the WebSocket handshake.")
    String origin;

    @Option(names = "--subprotocol", paramLabel = "NAME", description = "A WebSocket subprotocol to offer (repeatable).")
    List<String> subprotocols = new ArrayList<>();

    List<Integer> scanPorts = List.of();

    /** One range, given once: a method taking one value, since picocli repeats an option of a list type. */
    @Option(names = "--scan-ports", paramLabel = "RANGE", converter = PortRangeConverter.class,
            description = "More ports to try when the target port refuses, e.g. 8000-8100 (at most "
                    + PortRangeConverter.MAX_PORTS + ").")
    void scanPorts(PortRangeConverter.Ports ports) {
        scanPorts = ports.list();
    }

    @Option(names = "--dns", paramLabel = "SERVER",
            description = "A nameserver to ask besides the system resolver (repeatable; default: /etc/resolv.conf's).")
    List<String> dnsServers = new ArrayList<>();

    @Option(names = "--expect-ip", paramLabel = "ADDR", description = "Where the server really is (repeatable).")
    List<String> expectedAddresses = new ArrayList<>();

    @Option(names = "--cdn-ranges", paramLabel = "FILE",
            description = "CDN ranges to add or replace: lines 'PROVIDER CIDR [PORTS]', # starts a comment.")
    java.nio.file.Path cdnRanges;

    @Option(names = "--proxy", paramLabel = "auto|none|URL", defaultValue = "auto",
            description = "auto: the proxy the environment sets for this target; none: direct only; "
                    + "or a proxy URL (http://HOST:PORT, socks5://HOST:PORT) to probe through (default: ${DEFAULT-VALUE}).")
    String proxy;

    @Option(names = "--server-report", paramLabel = "FILE",
            description = "The server's own report (conndoctor server PORT --json > FILE), joined with what this client sees.")
    java.nio.file.Path serverReport;

    @Option(names = "--token", paramLabel = "T",
            description = "Ask a conndoctor listen --token T at the target for the end-to-end proof. Never printed. "
                    + "Other users of this host can read it with ps: prefer --token-file or CONNDOCTOR_TOKEN.")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE",
            description = "Read the token from FILE (one line, at most 1 KiB; the line end is dropped). "
                    + "Not with --token nor CONNDOCTOR_TOKEN.")
    java.nio.file.Path tokenFile;

    @Option(names = "--hold", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "After the connection works, keep it open this long (at most 10m) and report how it ends: "
                    + "who closed it, after how long, how (FIN, reset, close code), the idle timeout it matches. "
                    + "The report comes as soon as it ends.")
    Duration hold;

    @Option(names = "--ping-every", paramLabel = "DURATION", converter = PingEveryConverter.class,
            description = "With --hold: ping a WebSocket (send a text line) this often; 0 for a silent hold, which "
                    + "shows idle timeouts (default: a WebSocket a quarter of the hold, at most 30s; tcp and text silent).")
    Duration pingEvery;

    @Mixin
    ReportOptions report;

    DiagnoseCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        report.format(); // a contradiction between --json and --format is a bad invocation before any probe
        if (targetsFile != null) {
            if (target != null) {
                throw new UsageException("error.targets-and-target");
            }
            checkHeaderOptions();
            List<Target> targets = ManyTargets.read(targetsFile, context.locale(report));
            Options options = options().build();
            return new ManyTargets(context, report).run(targets, options, doctor());
        }
        if (target == null) {
            throw new UsageException("error.missing-parameter", "TARGET");
        }
        Target parsed = Target.parse(target);
        checkHeaderOptions();
        ProgressReporter progress = new ProgressReporter(context.err(), context.terminal().interactive(),
                report.verbose, context.locale(report));
        Options options = options().build();
        Diagnosis diagnosis = doctor().run(parsed, options, progress);
        progress.clear();
        JsonRenderer json = new JsonRenderer(context.locale(report));
        new ReportPrinter(context, report).print(() -> json.render(diagnosis), () -> json.tree(diagnosis),
                () -> new TextRenderer(context.locale(report), context.style(report.noColor)).render(diagnosis),
                () -> new MarkdownRenderer(context.locale(report)).render(diagnosis));
        return diagnosis.ok() ? ExitCode.OK : ExitCode.FAILED;
    }

    /** The options every diagnosis of this command runs with, from its flags. */
    private Options.Builder options() {
        Options.Builder options = Options.builder().timeout(timeout).insecure(insecure).origin(origin)
                .subprotocols(subprotocols).scanPorts(scanPorts)
                .dnsServers(Literals.addresses("--dns", dnsServers))
                .expectedAddresses(Literals.addresses("--expect-ip", expectedAddresses));
        TokenSource.resolve(token, tokenFile, context).ifPresent(options::token);
        holdOptions(hold, pingEvery).ifPresent(options::hold);
        if (serverReport != null) {
            options.serverFacts(Literals.serverReport(serverReport));
        }
        if (cdnRanges != null) {
            options.cdnCatalog(CdnCatalog.embedded().withOverrides(Literals.cdnFile(cdnRanges)));
        }
        switch (proxy.toLowerCase(java.util.Locale.ROOT)) {
            case "auto" -> options.proxy(Options.ProxyChoice.AUTO);
            case "none" -> options.proxy(Options.ProxyChoice.NONE);
            default -> options.proxy(ProxyUrl.parse(proxy).filter(p -> proxy.contains("://")).orElseThrow(() ->
                    new UsageException("error.proxy", proxy)));
        }
        return options;
    }

    /** The doctor of this command: the context's, trusting --cacert's certificates when given. */
    private ConnDoctor doctor() {
        return caCert == null ? context.doctor() : context.doctor().toBuilder().trust(TrustFile.load(caCert)).build();
    }

    /** The hold of {@code --hold} and {@code --ping-every}; a ping interval without a hold is a bad invocation. */
    static java.util.Optional<Options.Hold> holdOptions(Duration hold, Duration pingEvery) {
        if (hold == null) {
            if (pingEvery != null) {
                throw new UsageException("error.ping-every-needs-hold");
            }
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new Options.Hold(hold, java.util.Optional.ofNullable(pingEvery)));
    }

    /** --origin and --subprotocol go on the wire as header values: what the library refuses is a bad invocation. */
    private void checkHeaderOptions() {
        try {
            Options.builder().origin(origin).subprotocols(subprotocols);
        } catch (Options.InvalidOptionException e) {
            throw new UsageException("error.bad-option", e.option(), TerminalText.clean(e.value()),
                    e.problem().render(context.locale(report)));
        }
    }
}
