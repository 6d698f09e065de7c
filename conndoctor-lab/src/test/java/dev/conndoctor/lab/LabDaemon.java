package dev.conndoctor.lab;

import dev.conndoctor.lab.Lab.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a distribution's server program (dnsmasq, nginx, tinyproxy) in the foreground inside a
 * lab host, as a {@link LabProcess} that the lab stops at {@link Lab#reset()}: ready once its TCP
 * socket listens, whatever the program prints.
 *
 * <p>These programs print no line a test can wait for, so a small shell wrapper starts the
 * program, polls {@code ss} in the namespace until the address and port listen, then prints
 * {@code ready PID}; on SIGTERM it passes the signal on and waits for the program to exit, so
 * that {@link LabProcess#close()} stops the program itself, not just the wrapper.
 */
final class LabDaemon {

    /** Where the generated configurations and document roots go: the lab module's target directory. */
    static Path workDirectory(String name) {
        Path dir = Lab.locateRepoRoot().resolve("conndoctor-lab/target/lab-path").resolve(name);
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Path write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final String WRAPPER = """
            "$@" 2>&1 &
            pid=$!
            trap 'kill -TERM "$pid" 2>/dev/null; wait "$pid"; exit 0' TERM INT HUP
            i=0
            while [ "$i" -lt 200 ]; do
              if [ -n "$(ss -Hltn src %s)" ]; then
                echo "ready $pid"
                wait "$pid"
                exit $?
              fi
              if ! kill -0 "$pid" 2>/dev/null; then
                wait "$pid"
                echo "exited with $? before listening on %s"
                exit 1
              fi
              sleep 0.05
              i=$((i + 1))
            done
            echo "not listening on %s after 10 s"
            kill -TERM "$pid"
            wait "$pid"
            exit 1
            """;

    private LabDaemon() {
    }

    /**
     * Starts {@code command} in the host's namespace and returns once {@code address:port}
     * listens (TCP) there, within about 10 s.
     */
    static LabProcess start(Lab lab, Host host, String address, int port, List<String> command) {
        String endpoint = address + ":" + port;
        List<String> wrapped = new ArrayList<>(List.of("sh", "-c", WRAPPER.formatted(endpoint, endpoint, endpoint),
                "lab-daemon"));
        wrapped.addAll(command);
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        full.addAll(wrapped);
        return lab.start(host, "ready ", Duration.ofSeconds(15), full);
    }
}
