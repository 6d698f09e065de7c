package dev.conndoctor.cli.exporter;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Debian's promtool (package prometheus), run by the tests on text they made: the real judge of exposition and PromQL. */
final class Promtool {

    static final Path BINARY = Path.of("/usr/bin/promtool");

    /** What promtool said, and its exit code. */
    record Verdict(int exitCode, String output) {
        boolean ok() {
            return exitCode == 0;
        }
    }

    private Promtool() {
    }

    static Optional<String> unavailableReason() {
        return Files.isExecutable(BINARY) ? Optional.empty()
                : Optional.of(BINARY + " is not installed (apt-get install prometheus): promtool cannot judge");
    }

    /** {@code promtool check metrics} on {@code exposition}, given on its standard input. */
    static Verdict checkMetrics(String exposition) throws IOException, InterruptedException {
        return run(List.of("check", "metrics"), Optional.of(exposition));
    }

    /** {@code promtool check rules FILE}. */
    static Verdict checkRules(Path file) throws IOException, InterruptedException {
        return run(List.of("check", "rules", file.toString()), Optional.empty());
    }

    /** {@code promtool check config FILE}, the rule files it names included. */
    static Verdict checkConfig(Path file) throws IOException, InterruptedException {
        return run(List.of("check", "config", file.toString()), Optional.empty());
    }

    /** {@code promtool test rules FILE}: the rules' unit tests. */
    static Verdict testRules(Path file) throws IOException, InterruptedException {
        return run(List.of("test", "rules", file.toString()), Optional.empty());
    }

    private static Verdict run(List<String> args, Optional<String> stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(args);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (OutputStream in = process.getOutputStream()) {
            if (stdin.isPresent()) {
                in.write(stdin.get().getBytes(StandardCharsets.UTF_8));
            }
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + args + " did not end within 30 s");
        }
        return new Verdict(process.exitValue(), output.strip());
    }
}
