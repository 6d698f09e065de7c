package dev.conndoctor.cli;

import dev.conndoctor.cli.exporter.ExporterConfig;
import dev.conndoctor.cli.exporter.ExporterServer;
import dev.conndoctor.cli.exporter.ModuleConfigReader;
import dev.conndoctor.cli.exporter.ProbeModule;
import dev.conndoctor.cli.exporter.SharedCommandRunner;
import dev.conndoctor.cli.exporter.TargetAllowList;
import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Text;
import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.probe.CommandRunner;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.X509ExtendedTrustManager;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code conndoctor exporter}: a Prometheus exporter that answers blackbox_exporter's
 * {@code /probe?target=&module=} with blackbox_exporter's metrics and the cause of a failure
 * ({@code conndoctor_cause}). Loopback by default: exposing it is the operator's choice.
 */
@Command(name = "exporter",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"A Prometheus exporter, drop-in for blackbox_exporter's /probe?target=T&module=M, that names",
            "the cause of a failed probe: conndoctor_cause{cause=\"server-not-listening\",confidence=\"likely\"} 1.",
            "Reads blackbox_exporter's module YAML (tcp, http and websocket probers); without --config the modules are",
            "tcp_connect, http_2xx, websocket and conndoctor (follows the target's scheme). Also /metrics, /-/healthy,",
            "POST /-/reload, /config and / (recent probes). Stop with Ctrl-C."})
final class ExporterCommand implements Callable<Integer> {

    /** A module file larger than this is no configuration a person wrote. */
    static final long MAX_CONFIG_BYTES = 1024 * 1024;
    /** How long one read of the firewall serves every diagnosis that asks for it. */
    static final Duration SHARED_COMMAND_AGE = Duration.ofSeconds(2);

    private static final Pattern ADDRESS = Pattern.compile("^(\\[[0-9a-fA-F:.]+\\]|[0-9.]+|localhost):(\\d{1,5})$");

    private final CliContext context;

    @Option(names = "--listen", paramLabel = "ADDR:PORT", defaultValue = "127.0.0.1:9115",
            description = "Where to serve, an IP address and port; 0.0.0.0:9115 exposes it to the network "
                    + "(default: ${DEFAULT-VALUE}).")
    String listen;

    @Option(names = "--config", paramLabel = "FILE",
            description = "blackbox_exporter's module YAML; a key conndoctor does not honour stops the start, named.")
    Path config;

    @Option(names = "--config-check", description = "Check the --config file, print its modules and exit.")
    boolean configCheck;

    @Option(names = "--allow", paramLabel = "CIDR|HOST", split = ",",
            description = "Probe only targets in these address blocks (10.0.0.0/8) or with these names "
                    + "(db.example.com, *.example.com); repeatable. Default: any target.")
    List<String> allow = new ArrayList<>();

    @Option(names = "--timeout-offset", paramLabel = "DURATION", defaultValue = "0.5s",
            converter = OffsetConverter.class,
            description = "Subtracted from Prometheus's scrape timeout to give the probe's deadline "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration timeoutOffset;

    @Option(names = "--max-concurrent", paramLabel = "N", defaultValue = "64",
            description = "Probes run at once, 1 to 4096 (default: ${DEFAULT-VALUE}).")
    int maxConcurrent;

    @Option(names = "--max-queued", paramLabel = "N", defaultValue = "1024",
            description = "Probes waiting for a free slot, 0 to 65536; beyond them a probe is answered 503 "
                    + "(default: ${DEFAULT-VALUE}).")
    int maxQueued;

    @Option(names = "--history", paramLabel = "N", defaultValue = "100",
            description = "Recent probes shown on the / page, 0 to 10000 (default: ${DEFAULT-VALUE}).")
    int history;

    /** A duration as --timeout accepts it, or 0 for no offset. */
    static final class OffsetConverter implements picocli.CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            return value.trim().equals("0") ? Duration.ZERO : new DurationConverter().convert(value);
        }
    }

    ExporterCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        InetSocketAddress address = listenAddress();
        if (maxConcurrent < 1 || maxConcurrent > 4096 || maxQueued < 0 || maxQueued > 65536 || history < 0
                || history > 10_000) {
            throw new UsageException("error.exporter-limits", String.valueOf(maxConcurrent), String.valueOf(maxQueued),
                    String.valueOf(history));
        }
        TargetAllowList allowed;
        try {
            allowed = allow.isEmpty() ? TargetAllowList.everything() : TargetAllowList.parse(allow);
        } catch (IllegalArgumentException e) {
            throw new UsageException("error.exporter-allow", e.getMessage());
        }
        ExporterServer.ConfigFiles files = new ExporterServer.ConfigFiles() {
            @Override
            public String read(Path file) {
                return BoundedFiles.text("--config", file, MAX_CONFIG_BYTES);
            }

            @Override
            public X509ExtendedTrustManager trust(Path caFile) {
                return TrustFile.load(caFile);
            }
        };
        if (configCheck) {
            return check(files);
        }
        ExporterServer.Settings settings = new ExporterServer.Settings(address, timeoutOffset, maxConcurrent,
                maxQueued, history, allowed, Optional.ofNullable(config));
        // every probe of a burst that reads this machine's firewall reads the same rules: once will do
        ConnDoctor doctor = context.doctor().toBuilder()
                .commands(new SharedCommandRunner(CommandRunner.SYSTEM, SHARED_COMMAND_AGE)).build();
        ExporterServer server;
        try {
            server = ExporterServer.start(settings, doctor, files, Clock.systemUTC());
        } catch (ModuleConfigReader.ConfigException e) {
            return configProblem(e);
        } catch (BindException e) {
            throw new UsageException("error.bind", listen, e.getMessage());
        }
        try (server) {
            InetSocketAddress bound = server.address();
            String where = (bound.getAddress().getHostAddress().indexOf(':') >= 0
                    ? "[" + bound.getAddress().getHostAddress() + "]" : bound.getAddress().getHostAddress())
                    + ":" + bound.getPort();
            context.err().println(say("exporter.started", where, String.join(", ", server.config().modules().keySet())));
            if (!bound.getAddress().isLoopbackAddress()) {
                context.err().println(say(allowed.allowsEverything() ? "exporter.exposed-any" : "exporter.exposed",
                        where, allowed.toString()));
            }
            context.err().flush();
            Thread hook = new Thread(server::close, "conndoctor-exporter-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                server.awaitStop();
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

    /** {@code --config-check}: the file read as the server would read it, its modules listed; no doctor, no socket. */
    private int check(ExporterServer.ConfigFiles files) {
        ExporterConfig checked;
        try {
            checked = config == null ? ExporterConfig.builtIn() : ModuleConfigReader.read(files.read(config));
        } catch (ModuleConfigReader.ConfigException e) {
            return configProblem(e);
        }
        for (ProbeModule module : checked.modules().values()) {
            module.tlsSettings().caFile().ifPresent(files::trust);
            context.out().println(module.name() + "\t" + module.prober().id()
                    + module.timeout().map(t -> "\ttimeout " + t.toMillis() + "ms").orElse(""));
        }
        context.out().flush();
        return ExitCode.OK;
    }

    /** Every key and value the file gets wrong, on one line: the operator fixes them all at once. */
    private int configProblem(ModuleConfigReader.ConfigException e) {
        context.err().println("conndoctor: " + TerminalText.clean(say("error.exporter-config",
                config == null ? "" : config.toString(), e.getMessage())));
        context.err().flush();
        return ExitCode.USAGE;
    }

    private InetSocketAddress listenAddress() {
        Matcher m = ADDRESS.matcher(listen.trim());
        if (!m.matches()) {
            throw new UsageException("error.exporter-listen", listen);
        }
        String host = m.group(1).replace("[", "").replace("]", "");
        if (host.equals("localhost")) {
            host = "127.0.0.1";
        }
        int port = Integer.parseInt(m.group(2));
        if (!AddressLiterals.isIpv4(host) && !AddressLiterals.isIpv6(host) || port > 65535) {
            throw new UsageException("error.exporter-listen", listen);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port); // a checked literal: no look-up
        } catch (java.net.UnknownHostException e) {
            throw new UsageException("error.exporter-listen", listen);
        }
    }

    private String say(String key, Object... args) {
        return TerminalText.render(Text.of(key, args), TextRenderer.BUNDLE, context.locale());
    }
}
