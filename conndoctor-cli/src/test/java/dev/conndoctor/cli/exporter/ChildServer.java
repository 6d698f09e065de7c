package dev.conndoctor.cli.exporter;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real server program (Debian's prometheus, prometheus-blackbox-exporter) started by a test
 * as a child process on a loopback port, its output in the test's folder, stopped by
 * {@link #close()} (and by a shutdown hook should the test JVM die first).
 */
final class ChildServer implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread hook;

    private ChildServer(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.hook = new Thread(this::stop, name + "-stop");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Why {@code binary} cannot run here, or empty. */
    static Optional<String> unavailableReason(Path binary, String debianPackage) {
        return Files.isExecutable(binary) ? Optional.empty()
                : Optional.of(binary + " is not installed (apt-get install " + debianPackage + ")");
    }

    /**
     * Starts {@code command} with its output in {@code dir/NAME.log} and waits until 127.0.0.1:{@code port}
     * accepts; fails with the log when it exits or does not listen within {@code within}.
     */
    static ChildServer start(String name, List<String> command, Path dir, int port, Duration within) throws IOException {
        Path log = dir.resolve(name + ".log");
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        ChildServer server = new ChildServer(name, process, log);
        long deadline = System.nanoTime() + within.toNanos();
        while (!accepts(port)) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String why = process.isAlive() ? "did not listen on 127.0.0.1:" + port + " within " + within
                        : "exited with " + process.exitValue();
                server.close();
                throw new IllegalStateException(name + " " + why + ": " + server.log());
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                server.close();
                throw new IllegalStateException("interrupted while " + name + " started", e);
            }
        }
        return server;
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last part of what the program printed, for a failure message. */
    String log() {
        try {
            String text = Files.readString(log);
            return text.length() > 4000 ? text.substring(text.length() - 4000) : text;
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void stop() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook is running
        }
    }

    long pid() {
        return process.pid();
    }

    Process process() {
        return process;
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
