package dev.conndoctor.cli;

import dev.conndoctor.cli.render.JsonRenderer;
import dev.conndoctor.cli.render.MarkdownRenderer;
import dev.conndoctor.cli.render.Style;
import dev.conndoctor.cli.render.TextRenderer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code conndoctor demo}: the first thing a new user runs. Starts its own small servers on
 * loopback, diagnoses a connection to each, and stops them. Nothing but 127.0.0.1 and
 * 127.0.0.2 is ever dialled.
 */
@Command(name = "demo",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Diagnose a few failures staged on loopback: nothing listening, a server bound to another "
                + "address, a working connection.")
final class DemoCommand implements Callable<Integer> {

    /** Loopback answers at once; a short deadline keeps the demo quick if something is odd. */
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final CliContext context;

    @Mixin
    ReportOptions report;

    DemoCommand(CliContext context) {
        this.context = context;
    }

    /** One staged situation: a title and the target to diagnose while its servers run. */
    private record Case(String titleKey, String target) {
    }

    @Override
    public Integer call() throws IOException {
        report.format();
        long start = System.nanoTime();
        List<AutoCloseable> servers = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        try {
            cases.add(new Case("demo.case.not-listening", "127.0.0.1:" + freePort()));
            try {
                ServerSocket other = listen("127.0.0.2", 0);
                servers.add(other);
                if (portFreeOn("127.0.0.1", other.getLocalPort())) {
                    cases.add(new Case("demo.case.other-address", "127.0.0.1:" + other.getLocalPort()));
                }
            } catch (IOException e) {
                // 127.0.0.2 exists on Linux loopback; elsewhere this case cannot be staged
                skipped.add(cli("demo.case.other-address") + ": " + e.getMessage());
            }
            ServerSocket working = listen("127.0.0.1", 0);
            servers.add(working);
            acceptForever(working);
            cases.add(new Case("demo.case.working", "127.0.0.1:" + working.getLocalPort()));

            List<Diagnosis> diagnoses = new ArrayList<>();
            for (Case c : cases) {
                // loopback only: never through a proxy the environment may name
                diagnoses.add(context.doctor().run(Target.parse(c.target()),
                        Options.builder().timeout(TIMEOUT).proxy(Options.ProxyChoice.NONE).build(),
                        dev.conndoctor.DiagnosisListener.NONE));
            }
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            new ReportPrinter(context, report).print(() -> ReportPrinter.write(json(cases, diagnoses, skipped, elapsedMs)),
                    () -> json(cases, diagnoses, skipped, elapsedMs), () -> text(cases, diagnoses, skipped, elapsedMs),
                    () -> markdown(cases, diagnoses, skipped, elapsedMs));
        } finally {
            for (AutoCloseable server : servers) {
                try {
                    server.close();
                } catch (Exception e) {
                    // the demo is over; a server that will not close dies with the JVM
                }
            }
        }
        return ExitCode.OK;
    }

    private String text(List<Case> cases, List<Diagnosis> diagnoses, List<String> skipped, long elapsedMs) {
        TextRenderer renderer = new TextRenderer(context.locale(report), context.style(report.noColor));
        Style style = context.style(report.noColor);
        StringBuilder out = new StringBuilder(cli("demo.intro")).append('\n');
        for (int i = 0; i < cases.size(); i++) {
            out.append('\n').append(style.bold(cli("demo.case", i + 1, cases.size(), cli(cases.get(i).titleKey()))))
                    .append('\n').append(renderer.render(diagnoses.get(i)));
        }
        skipped.forEach(s -> out.append(cli("demo.skipped", s)).append('\n'));
        return out.append('\n').append(cli("demo.done", elapsedMs)).append('\n').toString();
    }

    private String markdown(List<Case> cases, List<Diagnosis> diagnoses, List<String> skipped, long elapsedMs) {
        MarkdownRenderer renderer = new MarkdownRenderer(context.locale(report));
        StringBuilder out = new StringBuilder(cli("demo.intro")).append("\n\n");
        for (int i = 0; i < cases.size(); i++) {
            // the case's title is ours; the diagnosis below it has headings of its own
            out.append("## ").append(cli("demo.case", i + 1, cases.size(), cli(cases.get(i).titleKey()))).append("\n\n")
                    .append(renderer.render(diagnoses.get(i))).append('\n');
        }
        skipped.forEach(s -> out.append(cli("demo.skipped", s)).append("\n\n"));
        return out.append(cli("demo.done", elapsedMs)).append('\n').toString();
    }

    private ObjectNode json(List<Case> cases, List<Diagnosis> diagnoses, List<String> skipped, long elapsedMs) {
        ObjectMapper mapper = new ObjectMapper();
        JsonRenderer renderer = new JsonRenderer(context.locale(report));
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", "conndoctor.demo/1");
        ArrayNode list = root.putArray("cases");
        for (int i = 0; i < cases.size(); i++) {
            list.addObject().put("title", cli(cases.get(i).titleKey())).set("diagnosis", renderer.tree(diagnoses.get(i)));
        }
        ArrayNode skippedNode = root.putArray("skipped");
        skipped.forEach(skippedNode::add);
        root.put("elapsedMs", elapsedMs);
        return root;
    }

    private static ServerSocket listen(String address, int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getByName(address), port));
        return server;
    }

    /** A port nothing listens on right now: the kernel hands one out, we let it go. */
    private static int freePort() throws IOException {
        try (ServerSocket probe = listen("127.0.0.1", 0)) {
            return probe.getLocalPort();
        }
    }

    private static boolean portFreeOn(String address, int port) {
        try (ServerSocket probe = listen(address, port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void acceptForever(ServerSocket server) {
        Thread acceptor = new Thread(() -> {
            while (!server.isClosed()) {
                try {
                    Socket client = server.accept();
                    // a server waits for its client to speak and to leave: one that closes at once is a
                    // forwarder without a backend (forwarder-backend-refused), not the working case shown here
                    Thread holder = new Thread(() -> holdUntilClosed(client), "conndoctor-demo-connection");
                    holder.setDaemon(true);
                    holder.start();
                } catch (IOException e) {
                    // closed at the end of the demo
                }
            }
        }, "conndoctor-demo-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Reads and drops what the client sends until it closes (the demo's clients send nothing and leave at once). */
    private static void holdUntilClosed(Socket client) {
        try (client) {
            client.setSoTimeout(10_000);
            byte[] sink = new byte[1024];
            while (client.getInputStream().read(sink) >= 0) {
                // nothing to answer: the diagnosis only needs the accept
            }
        } catch (IOException e) {
            // the client left, or ten quiet seconds passed
        }
    }

    private String cli(String key, Object... args) {
        return Text.of(key, args).render(TextRenderer.BUNDLE, context.locale(report));
    }
}
