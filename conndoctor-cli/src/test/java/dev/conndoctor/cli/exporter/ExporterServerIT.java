package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conndoctor.testkit.TestServer;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exporter on a loopback port, probing loopback targets that misbehave on purpose (testkit {@link TestServer}). */
class ExporterServerIT {

    private static ExporterHarness exporter;
    private static TestServer http200;
    private static TestServer websocket;

    @BeforeAll
    static void start() throws Exception {
        exporter = ExporterHarness.start();
        http200 = TestServer.startOnLoopback(TestServer.Behaviour.HTTP_200);
        websocket = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET);
    }

    @AfterAll
    static void stop() {
        exporter.close();
        http200.close();
        websocket.close();
    }

    private static HttpResponse<String> probe(String module, String target) throws Exception {
        return exporter.get(ExporterHarness.probePath(module, target), "X-Prometheus-Scrape-Timeout-Seconds", "3");
    }

    @Test
    void aRefusedPortIsAnsweredWith200ProbeSuccess0AndTheCause() throws Exception {
        HttpResponse<String> answer = probe("tcp_connect", "127.0.0.1:" + ExporterHarness.refusedPort());

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/plain; version=0.0.4"));
        assertThat(answer.body()).contains("probe_success 0.0\n")
                .contains("conndoctor_symptom{symptom=\"refused\"} 1.0\n")
                .containsPattern("conndoctor_cause\\{cause=\"server-not-listening\",confidence=\"(confirmed|likely)\"} 1.0\n")
                // the scrape's 3 s less the 0.5 s offset
                .containsPattern("probe_timeout_seconds 2\\.[0-9]+\n");
    }

    @Test
    void aWorkingHttpServerSucceedsAndAPlainHttpServerFailsTheWebsocketModuleWithTheCause() throws Exception {
        HttpResponse<String> http = probe("http_2xx", "http://" + http200.hostAndPort() + "/");
        HttpResponse<String> ws = probe("websocket", "ws://" + http200.hostAndPort() + "/");

        assertThat(http.body()).contains("probe_success 1.0\n").contains("probe_http_status_code 200.0\n")
                .contains("probe_http_version 1.1\n").contains("conndoctor_symptom{symptom=\"ok\"} 1.0\n")
                .doesNotContain("conndoctor_cause");
        assertThat(ws.body()).contains("probe_success 0.0\n").contains("probe_websocket_status_code 200.0\n")
                .contains("probe_websocket_connection_upgraded 0.0\n")
                .contains("conndoctor_cause{cause=\"http-not-websocket\"");
    }

    @Test
    void aWorkingWebsocketServerUpgradesAndAnHttpClientThereIsToldItIsWebsocketOnly() throws Exception {
        HttpResponse<String> ws = probe("websocket", "ws://" + websocket.hostAndPort() + "/");
        HttpResponse<String> http = probe("http_2xx", websocket.hostAndPort());

        assertThat(ws.body()).contains("probe_success 1.0\n").contains("probe_websocket_status_code 101.0\n")
                .contains("probe_websocket_connection_upgraded 1.0\n");
        assertThat(http.body()).contains("probe_success 0.0\n").contains("probe_http_status_code 400.0\n")
                .contains("conndoctor_cause{cause=\"websocket-only\"");
    }

    @Test
    void theConndoctorModuleFollowsTheTargetsScheme() throws Exception {
        HttpResponse<String> ws = probe("conndoctor", "ws://" + websocket.hostAndPort() + "/");
        HttpResponse<String> tcp = probe("conndoctor", websocket.hostAndPort());

        assertThat(ws.body()).contains("probe_success 1.0\n").contains("probe_websocket_connection_upgraded 1.0\n");
        assertThat(tcp.body()).contains("probe_success 1.0\n").doesNotContain("probe_websocket");
    }

    @Test
    void everyExpositionPassesPromtool() throws Exception {
        assumeTrue(Promtool.unavailableReason().isEmpty(), Promtool.unavailableReason().orElse(""));
        List<String> bodies = List.of(
                probe("tcp_connect", "127.0.0.1:" + ExporterHarness.refusedPort()).body(),
                probe("http_2xx", "http://" + http200.hostAndPort() + "/").body(),
                probe("websocket", "ws://" + http200.hostAndPort() + "/").body(),
                probe("tcp_connect", "no-port-here").body(),
                exporter.get("/metrics").body());
        for (String body : bodies) {
            Promtool.Verdict verdict = Promtool.checkMetrics(body);
            assertThat(verdict.ok()).as("promtool check metrics on\n%s\nsaid: %s", body, verdict.output()).isTrue();
        }
    }

    @Test
    void aMissingTargetOrAnUnknownModuleIs400AndATargetThatCannotBeReadFailsTheProbe() throws Exception {
        assertThat(exporter.get("/probe?module=tcp_connect").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = exporter.get("/probe?module=nope&target=127.0.0.1:1");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).isEqualTo("Unknown module \"nope\"\n");
        HttpResponse<String> noPort = probe("tcp_connect", "example.invalid");
        assertThat(noPort.statusCode()).isEqualTo(200);
        assertThat(noPort.body()).contains("probe_success 0.0\n").doesNotContain("conndoctor_cause");
        assertThat(exporter.get("/metrics").body()).containsPattern("conndoctor_exporter_module_unknown_total [1-9]");
    }

    @Test
    void withoutAModuleTheProbeIsHttp2xxAsInBlackboxExporter() throws Exception {
        HttpResponse<String> answer = exporter.get("/probe?target=" + http200.hostAndPort());

        assertThat(answer.body()).contains("probe_http_status_code 200.0\n").contains("probe_success 1.0\n");
    }

    @Test
    void debugShowsTheDiagnosisTheMetricsAndTheModule() throws Exception {
        HttpResponse<String> answer = exporter.get(ExporterHarness.probePath("tcp_connect",
                "127.0.0.1:" + ExporterHarness.refusedPort()) + "&debug=true");

        assertThat(answer.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(answer.body()).startsWith("Logs for the probe:\n")
                .contains("server-not-listening")
                .contains("Metrics that would have been returned:\n")
                .contains("probe_success 0.0")
                .endsWith("Module configuration:\nprober: tcp\n");
    }

    @Test
    void theOwnEndpointsAnswerAsBlackboxExportersDo() throws Exception {
        probe("tcp_connect", "127.0.0.1:" + ExporterHarness.refusedPort());

        assertThat(exporter.get("/-/healthy").body()).isEqualTo("Healthy");
        assertThat(exporter.get("/metrics").body())
                .contains("conndoctor_exporter_probes_total{module=\"tcp_connect\",result=\"failure\"}")
                .contains("conndoctor_exporter_causes_total{cause=\"server-not-listening\",module=\"tcp_connect\"}")
                .contains("conndoctor_exporter_probes_in_flight 0.0")
                .contains("conndoctor_exporter_config_last_reload_successful 1.0")
                .contains("conndoctor_exporter_probe_duration_seconds_bucket{module=\"tcp_connect\",le=\"+Inf\"}");
        assertThat(exporter.get("/config").body()).contains("  tcp_connect:\n    prober: tcp\n");
        assertThat(exporter.get("/nothing-here").statusCode()).isEqualTo(404);
        assertThat(exporter.get("/-/reload").statusCode()).isEqualTo(405);
        assertThat(exporter.post("/probe?target=x:1").statusCode()).isEqualTo(405);
    }

    @Test
    void thePageListsRecentProbesWithTheTargetEscaped() throws Exception {
        probe("http_2xx", "http://127.0.0.1:" + ExporterHarness.refusedPort() + "/<script>alert(1)</script>");

        String page = exporter.get("/").body();

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>")
                .contains("server-not-listening").contains("debug=true");
    }

    @Test
    void reloadReadsTheFileAgainAndKeepsTheModulesWhenTheNewOneIsWrong(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blackbox.yml");
        Files.writeString(file, "modules:\n  one:\n    prober: tcp\n");
        try (ExporterHarness own = ExporterHarness.start(ExporterHarness.settings(Optional.of(file)))) {
            assertThat(own.server.config().modules().keySet()).containsExactly("one");

            Files.writeString(file, "modules:\n  one:\n    prober: tcp\n  two:\n    prober: http\n");
            assertThat(own.post("/-/reload").statusCode()).isEqualTo(200);
            assertThat(own.server.config().modules().keySet()).containsExactly("one", "two");

            Files.writeString(file, "modules:\n  three:\n    prober: icmp\n");
            HttpResponse<String> failed = own.post("/-/reload");
            assertThat(failed.statusCode()).isEqualTo(500);
            assertThat(failed.body()).contains("modules.three.prober: icmp");
            assertThat(own.server.config().modules().keySet()).containsExactly("one", "two");
            assertThat(own.get("/metrics").body()).contains("conndoctor_exporter_config_last_reload_successful 0.0");
        }
    }

    @Test
    void targetsOutsideAllowAre403(@TempDir Path dir) throws Exception {
        ExporterServer.Settings base = ExporterHarness.settings(Optional.empty());
        ExporterServer.Settings allowOnly = new ExporterServer.Settings(base.listen(), base.timeoutOffset(),
                base.maxConcurrent(), base.maxQueued(), base.historyLimit(),
                TargetAllowList.parse(List.of("127.0.0.2/32", "*.internal.test")), Optional.empty());
        try (ExporterHarness own = ExporterHarness.start(allowOnly)) {
            assertThat(own.get(ExporterHarness.probePath("tcp_connect", "127.0.0.1:1")).statusCode()).isEqualTo(403);
            assertThat(own.get(ExporterHarness.probePath("tcp_connect", "localhost:1")).statusCode()).isEqualTo(403);
            assertThat(own.get(ExporterHarness.probePath("tcp_connect", "127.0.0.2:" + ExporterHarness.refusedPort()))
                    .statusCode()).isEqualTo(200);
            assertThat(own.get("/metrics").body())
                    .contains("conndoctor_exporter_probes_rejected_total{reason=\"not-allowed\"} 2.0");
        }
    }

    @Test
    void beyondTheRunningAndWaitingProbesTheAnswerIs503() throws Exception {
        ExporterServer.Settings base = ExporterHarness.settings(Optional.empty());
        ExporterServer.Settings oneAtATime = new ExporterServer.Settings(base.listen(), base.timeoutOffset(), 1, 0,
                base.historyLimit(), base.allow(), Optional.empty());
        try (ExporterHarness own = ExporterHarness.start(oneAtATime);
             TestServer silent = TestServer.startOnLoopback(TestServer.Behaviour.SILENT)) {
            // a silent HTTP server holds the one slot until the deadline
            CompletableFuture<HttpResponse<String>> slow = own.getAsync(
                    ExporterHarness.probePath("http_2xx", silent.hostAndPort()), "X-Prometheus-Scrape-Timeout-Seconds", "2");
            Thread.sleep(300);
            HttpResponse<String> turnedAway = own.get(ExporterHarness.probePath("tcp_connect", "127.0.0.1:1"));

            assertThat(turnedAway.statusCode()).isEqualTo(503);
            assertThat(slow.get().statusCode()).isEqualTo(200);
            assertThat(slow.get().body()).contains("probe_success 0.0\n");
            // the diagnosis of a silent server fits in the scrape's 2 s less the offset
            assertThat(ExporterHarness.value(slow.get().body(), "probe_duration_seconds")).isLessThan(1.5);
            assertThat(own.get("/metrics").body())
                    .contains("conndoctor_exporter_probes_rejected_total{reason=\"queue-full\"} 1.0");
        }
    }
}
