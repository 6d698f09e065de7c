package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real nginx, started as a child process in the foreground ({@code daemon off;
 * master_process off;}) with a generated configuration under a directory of the test's own
 * (prefix, pid, logs, temp paths, document root), listening on loopback ports only, and stopped
 * by {@link #close()}, which a test runs even when it fails (try-with-resources).
 *
 * <pre>{@code
 * int port = NginxServer.freeLoopbackPort();
 * try (NginxServer nginx = NginxServer.start(dir, """
 *         server {
 *             listen 127.0.0.1:%d;
 *             location / { root %s; }
 *         }""".formatted(port, NginxServer.documentRoot(dir)), port)) {
 *     ...
 * }
 * }</pre>
 *
 * Tests check {@link #unavailableReason()} first and skip with that reason where nginx is not
 * installed ({@code apt-get install nginx-light}).
 */
public final class NginxServer implements AutoCloseable {

    /** Where Debian's nginx packages put the binary. */
    public static final Path BINARY = Path.of("/usr/sbin/nginx");
    /** The page of the document root that {@link #documentRoot(Path)} writes. */
    public static final String INDEX_HTML = "<!DOCTYPE html>\n<html><head><title>Welcome to nginx!</title></head>"
            + "<body><h1>Welcome to nginx!</h1><p>conndoctor testkit static page.</p></body></html>\n";

    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private final Process process;
    private final Path dir;
    private final List<Integer> ports;
    private final Thread shutdownHook;

    private NginxServer(Process process, Path dir, List<Integer> ports) {
        this.process = process;
        this.dir = dir;
        this.ports = List.copyOf(ports);
        this.shutdownHook = new Thread(this::stop, "nginx-stop-" + process.pid());
    }

    /** Why nginx cannot run here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(BINARY)) {
            return Optional.of(BINARY + " is not installed (apt-get install nginx-light), so the nginx tests cannot run");
        }
        return Optional.empty();
    }

    /** A port of 127.0.0.1 that was free a moment ago (the usual small race of port 0 is accepted). */
    public static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code dir/html/index.html} ({@link #INDEX_HTML}) and returns {@code dir/html}, for a {@code root}. */
    public static Path documentRoot(Path dir) {
        try {
            Path html = Files.createDirectories(dir.toAbsolutePath().resolve("html"));
            Files.writeString(html.resolve("index.html"), INDEX_HTML, StandardCharsets.UTF_8);
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code dir/nginx.conf} with {@code servers} inside its {@code http} block, starts
     * nginx on it and waits until every one of {@code ports} accepts on 127.0.0.1.
     *
     * @throws IllegalStateException when nginx exits or does not listen in time (with its log)
     */
    public static NginxServer start(Path dir, String servers, int... ports) throws IOException {
        if (unavailableReason().isPresent()) {
            throw new IllegalStateException(unavailableReason().get());
        }
        Path prefix = dir.toAbsolutePath();
        Path logs = Files.createDirectories(prefix.resolve("logs"));
        Path temp = Files.createDirectories(prefix.resolve("tmp"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config(prefix, logs, temp, servers), StandardCharsets.UTF_8);
        Process process = new ProcessBuilder(BINARY.toString(), "-p", prefix + "/", "-c", conf.toString(),
                "-e", logs.resolve("error.log").toString())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .redirectOutput(logs.resolve("stdout.log").toFile())
                .redirectError(logs.resolve("stderr.log").toFile())
                .start();
        List<Integer> portList = new ArrayList<>();
        for (int port : ports) {
            portList.add(port);
        }
        NginxServer nginx = new NginxServer(process, prefix, portList);
        Runtime.getRuntime().addShutdownHook(nginx.shutdownHook);
        try {
            nginx.awaitListening();
        } catch (RuntimeException e) {
            nginx.close();
            throw e;
        }
        return nginx;
    }

    private static String config(Path prefix, Path logs, Path temp, String servers) {
        return """
                # generated by conndoctor's testkit: one foreground process, everything under %1$s
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %2$s/error.log info;
                events {
                    worker_connections 64;
                }
                http {
                    access_log %2$s/access.log;
                    client_body_temp_path %3$s/body;
                    proxy_temp_path %3$s/proxy;
                    fastcgi_temp_path %3$s/fastcgi;
                    uwsgi_temp_path %3$s/uwsgi;
                    scgi_temp_path %3$s/scgi;
                    default_type text/html;
                %4$s
                }
                """.formatted(prefix, logs, temp, servers.indent(4).stripTrailing());
    }

    private void awaitListening() {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        for (int port : ports) {
            while (!accepts(port)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("nginx exited with " + process.exitValue() + ": " + log());
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("nginx did not listen on 127.0.0.1:" + port + " within "
                            + READY_WITHIN.toSeconds() + " s: " + log());
                }
                sleep(20);
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The error log and stderr, for failure messages. */
    public String log() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("error.log", "stderr.log")) {
            Path file = dir.resolve("logs").resolve(name);
            try {
                if (Files.exists(file)) {
                    text.append('[').append(name).append("] ").append(Files.readString(file).strip()).append('\n');
                }
            } catch (IOException e) {
                text.append('[').append(name).append("] unreadable: ").append(e.getMessage()).append('\n');
            }
        }
        return text.toString().strip();
    }

    /** The generated configuration's directory (prefix, logs, pid). */
    public Path directory() {
        return dir;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Stops this nginx (SIGTERM, then SIGKILL if it lingers); idempotent. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down and this is the hook running
        }
        stop();
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for nginx", e);
        }
    }

    @Override
    public String toString() {
        return "nginx pid " + process.pid() + " on 127.0.0.1:" + ports + " (" + dir + ")";
    }
}
