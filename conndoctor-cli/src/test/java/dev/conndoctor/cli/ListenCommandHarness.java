package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code conndoctor listen} run in-process on a thread of its own (it blocks until it stops),
 * with its stdout and stderr readable while it runs. Binds 127.0.0.1 only.
 */
final class ListenCommandHarness {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();

    private ListenCommandHarness() {
    }

    /** Starts {@code conndoctor ARGS} on its own thread; it must be a listen that ends by itself. */
    static ListenCommandHarness start(String... args) {
        return start(CliRun.NO_ENVIRONMENT, args);
    }

    /** {@link #start(String...)} with {@code env} as the command's environment. */
    static ListenCommandHarness start(java.util.Map<String, String> env, String... args) {
        assertThat(String.join(" ", args)).as("listen tests bind 127.0.0.1 only").doesNotContain("0.0.0.0", "[::]");
        assertThat(List.of(args)).as("a listen that stops by itself").containsAnyOf("--max-clients", "--duration");
        ListenCommandHarness run = new ListenCommandHarness();
        Thread thread = new Thread(() -> {
            try {
                run.exit.complete(Cli.run(args, new PrintWriter(run.out, true), new PrintWriter(run.err, true),
                        InputStream.nullInputStream(), env, Terminal.PLAIN, ConnDoctor.system()));
            } catch (Throwable t) {
                run.exit.completeExceptionally(t);
            }
        }, "listen-under-test");
        thread.setDaemon(true);
        thread.start();
        return run;
    }

    /** Waits for the "listening:" announcement on stderr (or an early exit) and returns stderr. */
    String awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); // a self-signed key takes a moment
        while (System.nanoTime() < deadline) {
            if (err.toString().contains("listening: ")) {
                return err.toString();
            }
            if (exit.isDone()) {
                throw new AssertionError("listen ended (exit " + exit.join() + ") before it listened; stderr: " + err
                        + "; stdout: " + out);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no 'listening:' line within 30 s; stderr: " + err);
    }

    /** The exit code, once the command ended within {@code limit}. */
    int awaitExit(Duration limit) throws Exception {
        try {
            return exit.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("listen did not stop within " + limit + "; stderr: " + err + "; stdout: " + out);
        }
    }

    /** Waits until stdout holds {@code lines} non-empty lines. */
    List<String> awaitLines(int lines, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            List<String> now = out.toString().lines().filter(l -> !l.isBlank()).toList();
            if (now.size() >= lines) {
                return now;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("wanted " + lines + " lines on stdout within " + limit + ", have: " + out);
    }

    /** A port that was free a moment ago on 127.0.0.1. */
    static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return probe.getLocalPort();
        }
    }
}
