package dev.conndoctor.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a read-only system command (iptables-save, nft -j list ruleset) and hands back its
 * output. {@link #SYSTEM} runs it for real, bounded in time and output; tests pass a fake that
 * answers from captured outputs.
 */
@FunctionalInterface
public interface CommandRunner {

    /** At most this much output is kept: a ruleset larger than this is not a firewall a person reads. */
    int MAX_OUTPUT = 16 * 1024 * 1024;

    CommandRunner SYSTEM = (command, timeout) -> {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            return Optional.empty(); // not installed, or not on PATH
        }
        try (InputStream out = process.getInputStream()) {
            byte[] bytes = out.readNBytes(MAX_OUTPUT);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                return Optional.empty();
            }
            return process.exitValue() == 0 ? Optional.of(new String(bytes, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            process.destroyForcibly();
            return Optional.empty();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    };

    /** The command's standard output when it ran and exited 0 in time; empty otherwise. */
    Optional<String> run(List<String> command, Duration timeout);
}
