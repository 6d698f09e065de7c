package dev.conndoctor.cli;

import dev.conndoctor.listen.ListenProtocol;
import dev.conndoctor.listen.ListenServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The training run of the launcher's class-data archive (see the {@code conndoctor} script): the
 * commands a user runs first, in one JVM whose loaded classes the JVM lists, to be dumped into the archive.
 * Loopback only, nothing printed, nothing written but the archive the JVM is told to write.
 */
public final class Training {
    private Training() {
    }

    public static void main(String[] args) throws Exception {
        dev.conndoctor.probe.Resolver.preferSystemOrder(); // as Main does, so that the run loads what a user's run loads
        PrintWriter none = new PrintWriter(OutputStream.nullOutputStream(), true);
        Map<String, String> env = Map.of();
        // a listener of our own on loopback, so that a WebSocket diagnosis that works is part of the training
        try (ListenServer server = ListenServer.start(new ListenServer.Config(ListenProtocol.WEBSOCKET,
                InetAddress.getByName("127.0.0.1"), 0, Optional.empty(), Optional.empty(), 8, Duration.ofSeconds(5),
                Duration.ofSeconds(5), 0), report -> { }, Clock.systemUTC())) {
            String ws = "ws://127.0.0.1:" + server.port() + "/";
            for (List<String> command : List.of(
                    List.of("--version"),
                    List.of("--help"),
                    List.of("diagnose", "--help"),
                    List.of("demo"),
                    List.of("demo", "--json"),
                    List.of("diagnose", ws, "--proxy", "none", "--timeout", "2s"),
                    List.of("diagnose", "tcp://127.0.0.1:" + server.port(), "--proxy", "none", "--timeout", "2s", "--json"),
                    List.of("explain", "Error: connect ECONNREFUSED 127.0.0.1:8282"))) {
                Main.run(command.toArray(String[]::new), none, none, InputStream.nullInputStream(), env, Terminal.PLAIN);
            }
        }
        Main.exit(ExitCode.OK); // the probes' threads do not hold the training up
    }
}
