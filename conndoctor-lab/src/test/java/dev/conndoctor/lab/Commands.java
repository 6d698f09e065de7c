package dev.conndoctor.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion with a deadline, collecting stdout and stderr. */
final class Commands {

    private Commands() {
    }

    static ExecResult run(List<String> command, Duration timeout) {
        return run(command, timeout, null);
    }

    /** Runs the command in {@code directory} (null: this JVM's working directory). */
    static ExecResult run(List<String> command, Duration timeout, java.io.File directory) {
        long start = System.nanoTime();
        Process process;
        try {
            process = new ProcessBuilder(command).directory(directory).redirectInput(ProcessBuilder.Redirect.from(devNull())).start();
        } catch (IOException e) {
            throw new LabException("cannot start `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        // both streams are drained at once so that neither pipe can fill and stall the command
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new LabException("`" + String.join(" ", command) + "` did not finish within "
                        + timeout.toSeconds() + " s; stderr so far: " + err.completeOnTimeout("", 1, TimeUnit.SECONDS).join().strip());
            }
            return new ExecResult(List.copyOf(command), process.exitValue(), out.get(5, TimeUnit.SECONDS),
                    err.get(5, TimeUnit.SECONDS), (System.nanoTime() - start) / 1_000_000);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new LabException("interrupted while running `" + String.join(" ", command) + "`", e);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            throw new LabException("cannot read the output of `" + String.join(" ", command) + "`", e);
        }
    }

    static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, runnable -> {
            Thread thread = new Thread(runnable, "lab-drain");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private static java.io.File devNull() {
        return new java.io.File("/dev/null");
    }
}
