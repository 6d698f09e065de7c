package dev.conndoctor.cli;

import dev.conndoctor.cli.render.MarkdownRenderer;
import dev.conndoctor.cli.render.ServerJsonRenderer;
import dev.conndoctor.cli.render.ServerTextRenderer;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.ServerReport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conndoctor server [PORT...]}: the server side. Reads this host's listeners, owners,
 * firewalls, the hosting panels' own port lists and limits for the ports, changes nothing, and reports per port.
 */
@Command(name = "server",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"What this host knows about its ports: who listens where, what its firewall and hosting panels (Baota / aaPanel, 1Panel, CSF) do, its limits.",
            "Read-only; run it as root to see every process and firewall rule. No PORT: every listening port.",
            "Its --json report can be fed to a client's diagnosis: diagnose TARGET --server-report FILE."})
final class ServerCommand implements Callable<Integer> {

    private final CliContext context;

    @Parameters(paramLabel = "PORT", descriptionKey = "ports", arity = "0..*",
            description = "Ports to inspect (1 to 65535).")
    List<Integer> ports = new ArrayList<>();

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Deadline of the self-check connections and commands (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    /**
     * Hidden: the lab gives a server namespace a host root with a panel's files in place (its /proc a
     * link to the real one), instead of writing into the machine's own /www or /etc.
     */
    @Option(names = "--host-root", hidden = true, paramLabel = "DIR",
            description = "Read this host's files (/proc, /etc, the panels' data) under DIR instead of /.")
    java.nio.file.Path hostRoot;

    @Mixin
    ReportOptions report;

    ServerCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        report.format();
        for (int port : ports) {
            if (port < 1 || port > 65535) {
                throw new UsageException("error.port-range", port);
            }
        }
        if (ports.size() > 1000) {
            throw new UsageException("error.too-many-ports", ports.size(), 1000);
        }
        if (hostRoot != null && !java.nio.file.Files.isDirectory(hostRoot)) {
            throw new UsageException("error.host-root", hostRoot);
        }
        ConnDoctor doctor = hostRoot == null ? context.doctor() : context.doctor().toBuilder().hostRoot(hostRoot).build();
        ServerReport result = doctor.inspectServer(ports.stream().distinct().toList(), timeout);
        new ReportPrinter(context, report).print(() -> new ServerJsonRenderer(context.locale(report)).render(result),
                () -> new ServerTextRenderer(context.locale(report), context.style(report.noColor)).render(result),
                () -> new MarkdownRenderer(context.locale(report)).render(result));
        return result.problemsFound() ? ExitCode.FAILED : ExitCode.OK;
    }
}
