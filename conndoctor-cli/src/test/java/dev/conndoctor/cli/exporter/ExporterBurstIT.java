package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A burst of a few hundred probes of refused loopback targets at once, each target a port of its
 * own (as a fleet's are): every one answered, every answer right.
 */
class ExporterBurstIT {

    static final int PROBES = 300;

    @Test
    void threeHundredConcurrentProbesOfRefusedTargetsAreAllAnsweredRight() throws Exception {
        try (ExporterHarness exporter = ExporterHarness.start()) {
            List<Integer> ports = ExporterHarness.refusedPorts(PROBES);
            long start = System.nanoTime();
            List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
            for (int i = 0; i < PROBES; i++) {
                answers.add(exporter.getAsync(ExporterHarness.probePath("tcp_connect", "127.0.0.1:" + ports.get(i)),
                        "X-Prometheus-Scrape-Timeout-Seconds", "10"));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).join();
            double seconds = (System.nanoTime() - start) / 1e9;

            for (CompletableFuture<HttpResponse<String>> answer : answers) {
                assertThat(answer.get().statusCode()).isEqualTo(200);
                assertThat(answer.get().body()).contains("probe_success 0.0\n")
                        .contains("conndoctor_symptom{symptom=\"refused\"} 1.0\n")
                        .containsPattern("conndoctor_cause\\{cause=\"server-not-listening\",confidence=\"\\w+\"} 1.0\n");
            }
            System.out.printf("%d concurrent probes of refused targets answered in %.2f s%n", PROBES, seconds);
            // issue 17's target is 10 s on two cores; the test allows slack for a loaded CI machine
            assertThat(seconds).isLessThan(30);
            assertThat(exporter.get("/metrics").body())
                    .contains("conndoctor_exporter_probes_total{module=\"tcp_connect\",result=\"failure\"} 300.0")
                    .contains("conndoctor_exporter_probes_in_flight 0.0");
        }
    }
}
