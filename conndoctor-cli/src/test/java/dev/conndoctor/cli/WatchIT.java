package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * {@code conndoctor watch} against loopback: a server that goes away and comes back on the same
 * port (in-process, timed by the rounds already printed, not by the clock), one JSON document per
 * round, and Ctrl-C on a real process printing the summary and exiting with the last round's code.
 */
class WatchIT {

    @Test
    void aServerThatGoesAwayAndComesBackIsIntermittentRefusalsAndTheExitCodeIsTheLastRounds() throws Exception {
        TestServer first = TestServer.startOnLoopback(Behaviour.ACCEPT);
        int port = first.port();
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.PrintWriter writer = new java.io.PrintWriter(out, true);
        CompletableFuture<Integer> watch = CompletableFuture.supplyAsync(() -> Cli.run(
                new String[] {"watch", "127.0.0.1:" + port, "--every", "150ms", "--count", "12", "--no-color",
                    "--timeout", "1s"},
                writer, new java.io.PrintWriter(new java.io.StringWriter()), java.io.InputStream.nullInputStream(),
                CliRun.NO_ENVIRONMENT, Terminal.PLAIN, dev.conndoctor.ConnDoctor.system()));
        TestServer second = null;
        try {
            awaitLines(out, 3);
            first.close();
            awaitLines(out, 6);
            second = TestServer.builder(Behaviour.ACCEPT).port(port).start();
            int code = watch.get(60, TimeUnit.SECONDS);

            String text = out.toString();
            assertThat(code).as(text).isEqualTo(ExitCode.OK);
            assertThat(text).contains("✗ refused server-not-listening").contains("← changed, was ok")
                    .contains("← changed, was refused server-not-listening")
                    .contains("Summary for 127.0.0.1:" + port + ": 12 rounds")
                    .contains("Intermittent refusals: ")
                    .contains("Causes seen: server-not-listening");
        } finally {
            first.close();
            if (second != null) {
                second.close();
            }
        }
    }

    private static void awaitLines(java.io.StringWriter out, int lines) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (out.toString().lines().filter(l -> l.startsWith("#")).count() < lines) {
            assertThat(System.nanoTime()).as("%d rounds printed in time", lines).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void withJsonEachRoundIsOneDiagnosisDocumentOnItsLineAndTheSummaryComesLast() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT)) {
            CliRun run = CliRun.of("watch", "127.0.0.1:" + server.port(), "--every", "100ms", "--count", "3", "--json");

            List<String> lines = run.out().lines().toList();
            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(lines).hasSize(4);
            ObjectMapper mapper = new ObjectMapper();
            for (int i = 0; i < 3; i++) {
                JsonNode round = mapper.readTree(lines.get(i));
                assertThat(round.path("schema").asText()).isEqualTo("conndoctor.diagnosis/1");
                assertThat(round.path("round").asInt()).isEqualTo(i + 1);
                assertThat(round.path("at").asText()).endsWith("Z");
                assertThat(round.path("outcome").asText()).isEqualTo("ok");
            }
            JsonNode summary = mapper.readTree(lines.get(3));
            assertThat(summary.path("schema").asText()).isEqualTo("conndoctor.watch/1");
            assertThat(summary.path("rounds").asInt()).isEqualTo(3);
            assertThat(summary.path("pattern").asText()).isEqualTo("steady");
        }
    }

    @Test
    void badIntervalsAndCountsAreBadInvocations() {
        assertThat(CliRun.of("watch", "127.0.0.1:9", "--every", "10ms").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(CliRun.of("watch", "127.0.0.1:9", "--count", "0").exitCode()).isEqualTo(ExitCode.USAGE);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void ctrlCPrintsTheSummaryAndExitsWithTheLastRoundsCode() throws Exception {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.ACCEPT)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // a shell started without job control ignores SIGINT, and so would its children: restore it
            List<String> command = new ArrayList<>(List.of("env", "--default-signal=INT", java, "-cp",
                    System.getProperty("java.class.path"), "dev.conndoctor.cli.Main", "watch",
                    "127.0.0.1:" + server.port(), "--every", "200ms", "--no-color"));
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            try {
                java.io.BufferedReader reader = new java.io.BufferedReader(
                        new java.io.InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                StringBuilder seen = new StringBuilder();
                for (int rounds = 0; rounds < 2; ) {
                    String line = reader.readLine();
                    assertThat(line).as("output so far: %s", seen).isNotNull();
                    seen.append(line).append('\n');
                    if (line.startsWith("#")) {
                        rounds++;
                    }
                }
                new ProcessBuilder("kill", "-INT", String.valueOf(process.pid())).start().waitFor();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the watch ends on Ctrl-C").isTrue();
                String rest = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                seen.append(rest);

                assertThat(process.exitValue()).as(seen.toString()).isEqualTo(ExitCode.OK);
                assertThat(seen.toString()).contains("Summary for 127.0.0.1:" + server.port())
                        .contains("Steady: every round ended the same way.");
            } finally {
                process.destroyForcibly();
            }
        }
    }
}
