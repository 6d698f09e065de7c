package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.testkit.NginxServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code conndoctor exporter} as a process of its own, with the launcher's JVM flags: a burst of
 * a few hundred probes of refused targets at once (each target a port of its own, as a fleet's
 * are) all answered right, its memory after the burst, and a clean stop on SIGTERM.
 */
@EnabledOnOs(OS.LINUX)
class ExporterProcessIT {

    static final int PROBES = 300;
    /** The launcher's flags (./conndoctor): a client's JVM, which the exporter runs in too. */
    static final List<String> LAUNCHER_FLAGS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC",
            "-XX:-UsePerfData");

    @Test
    void aBurstOfRefusedTargetsIsAnsweredRightAndTheProcessStaysSmall(@TempDir Path dir)
            throws Exception {
        int port = NginxServer.freeLoopbackPort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(LAUNCHER_FLAGS);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.conndoctor.cli.Main", "exporter",
                "--listen", "127.0.0.1:" + port));
        ChildServer exporter = ChildServer.start("conndoctor-exporter", command, dir, port,
                java.time.Duration.ofSeconds(30));
        try (ExporterHarness.Client client = new ExporterHarness.Client("http://127.0.0.1:" + port)) {
            assertThat(client.get("/-/healthy").body()).isEqualTo("Healthy");
            List<Integer> ports = ExporterHarness.refusedPorts(PROBES);
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                answers.add(client.getAsync(ExporterHarness.probePath("tcp_connect", "127.0.0.1:" + ports.get(i)),
                        // a generous scrape timeout: this test is about the answers; the 10 s target is bench/exporter's
                        "X-Prometheus-Scrape-Timeout-Seconds", "30"));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;

            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).as(answer.get().body()).isEqualTo(200);
                assertThat(answer.get().body()).contains("probe_success 0.0\n")
                        .contains("conndoctor_symptom{symptom=\"refused\"} 1.0\n")
                        .containsPattern("conndoctor_cause\\{cause=\"server-not-listening\",confidence=\"\\w+\"} 1.0\n");
            }
            long rssKib = Files.readAllLines(Path.of("/proc/" + exporter.pid() + "/status")).stream()
                    .filter(l -> l.startsWith("VmRSS:")).map(l -> l.replaceAll("\\D", "")).mapToLong(Long::parseLong)
                    .findFirst().orElseThrow();
            System.out.printf("exporter process: %d concurrent probes of refused targets answered in %.2f s; "
                    + "RSS after the burst %d MiB%n", PROBES, seconds, rssKib / 1024);
            // issue 17 asks 400 MiB at most after the burst
            assertThat(rssKib / 1024).isLessThan(400);
            assertThat(seconds).isLessThan(30);
            assertThat(client.get("/metrics").body())
                    .contains("conndoctor_exporter_probes_total{module=\"tcp_connect\",result=\"failure\"} 300.0");
        } finally {
            exporter.close();
        }
        assertThat(exporter.process().waitFor(10, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
        assertThat(exporter.log()).contains("conndoctor exporter listening on http://127.0.0.1:" + port + "/");
    }
}
