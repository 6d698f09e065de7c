package dev.conndoctor.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A background process inside a lab namespace (a test server, a connection holder), started
 * and considered ready once it prints its ready line; {@link #close()} stops it.
 */
public final class LabProcess implements AutoCloseable {

    private final String namespace;
    private final List<String> command;
    private final Process process;
    private final List<String> stdoutLines = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> stderr;
    private final CompletableFuture<String> readyLine = new CompletableFuture<>();
    private final String readyPrefix;

    private LabProcess(String namespace, List<String> command, Process process, String readyPrefix) {
        this.namespace = namespace;
        this.command = command;
        this.process = process;
        this.readyPrefix = readyPrefix;
        this.stderr = Commands.drain(process.getErrorStream());
        Thread reader = new Thread(this::readStdout, "lab-process-" + process.pid());
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code command} and waits for a stdout line starting with {@code readyPrefix}. */
    static LabProcess start(String namespace, List<String> command, String readyPrefix, Duration readyWithin) {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new LabException("cannot start `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        LabProcess started = new LabProcess(namespace, List.copyOf(command), process, readyPrefix);
        started.awaitReady(readyWithin);
        return started;
    }

    private void readStdout() {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                stdoutLines.add(line);
                if (line.startsWith(readyPrefix)) {
                    readyLine.complete(line);
                }
            }
        } catch (IOException e) {
            // the process is gone
        } finally {
            readyLine.completeExceptionally(new LabException("the process ended before it was ready"));
        }
    }

    private void awaitReady(Duration within) {
        try {
            readyLine.get(within.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new LabException("interrupted while waiting for " + this, e);
        } catch (ExecutionException | TimeoutException e) {
            close();
            String why = e instanceof TimeoutException ? "printed no '" + readyPrefix + "' line within "
                    + within.toMillis() + " ms" : "ended before printing '" + readyPrefix + "'";
            throw new LabException("`" + String.join(" ", command) + "` " + why + "; stdout: " + stdoutLines
                    + "; stderr: " + stderr.completeOnTimeout("", 1, TimeUnit.SECONDS).join().strip());
        }
    }

    /** The line that said the process is ready, e.g. {@code listening 192.0.2.10:8282}. */
    public String readyLine() {
        return readyLine.join();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String namespace() {
        return namespace;
    }

    /** Stops the process: SIGTERM, then SIGKILL if it lingers. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(3, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(3, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "pid " + process.pid() + " in " + namespace + ": " + String.join(" ", command);
    }
}
