package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.testkit.NginxServer;
import dev.conndoctor.testkit.TestServer;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exporter as Prometheus users run it: Debian's real Prometheus scrapes {@code /probe}
 * through blackbox_exporter's multi-target relabelling every second, and its query API returns
 * the cause; Debian's real blackbox_exporter probes the same targets with the same module file
 * beside it, and {@code probe_success} agrees target by target. Everything on loopback ports;
 * each part that cannot start here is skipped with the reason (CI installs both).
 */
class PrometheusScrapeIT {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path BLACKBOX = Path.of("/usr/bin/prometheus-blackbox-exporter");
    static final Duration WAIT = Duration.ofSeconds(30);

    /** The module file both exporters read: blackbox_exporter's own YAML. */
    static final String MODULES = """
            modules:
              tcp_connect:
                prober: tcp
              http_2xx:
                prober: http
                http:
                  valid_status_codes: []
            """;

    @TempDir
    static Path dir;

    private static ExporterHarness exporter;
    private static final List<TestServer> servers = new ArrayList<>();
    private static final Map<String, String> targets = new TreeMap<>();
    private static Optional<ChildServer> blackbox = Optional.empty();
    private static Optional<ChildServer> prometheus = Optional.empty();
    private static String blackboxProblem = "";
    private static String prometheusProblem = "";
    private static int prometheusPort;

    @BeforeAll
    static void start() throws Exception {
        Path modules = Files.writeString(dir.resolve("blackbox.yml"), MODULES);
        exporter = ExporterHarness.start(ExporterHarness.settings(Optional.of(modules)));
        targets.put("refused", "127.0.0.1:" + ExporterHarness.refusedPort());
        for (TestServer.Behaviour b : List.of(TestServer.Behaviour.HTTP_200, TestServer.Behaviour.WEBSOCKET,
                TestServer.Behaviour.CLOSE_IMMEDIATELY, TestServer.Behaviour.TEXT_ECHO)) {
            TestServer server = TestServer.startOnLoopback(b);
            servers.add(server);
            targets.put(b.name().toLowerCase(java.util.Locale.ROOT), server.hostAndPort());
        }

        int blackboxPort = NginxServer.freeLoopbackPort();
        Optional<String> noBlackbox = ChildServer.unavailableReason(BLACKBOX, "prometheus-blackbox-exporter");
        if (noBlackbox.isPresent()) {
            blackboxProblem = noBlackbox.get();
        } else {
            try {
                blackbox = Optional.of(ChildServer.start("blackbox_exporter", List.of(BLACKBOX.toString(),
                        "--config.file=" + modules, "--web.listen-address=127.0.0.1:" + blackboxPort), dir,
                        blackboxPort, WAIT));
            } catch (IllegalStateException e) {
                blackboxProblem = e.getMessage();
            }
        }

        prometheusPort = NginxServer.freeLoopbackPort();
        Optional<String> noPrometheus = ChildServer.unavailableReason(PROMETHEUS, "prometheus");
        if (noPrometheus.isPresent()) {
            prometheusProblem = noPrometheus.get();
            return;
        }
        StringBuilder jobs = new StringBuilder();
        for (String module : List.of("tcp_connect", "http_2xx")) {
            jobs.append(job("conndoctor_" + module, module, exporter.server.address().getPort()));
            if (blackbox.isPresent()) {
                jobs.append(job("blackbox_" + module, module, blackboxPort));
            }
        }
        Path config = Files.writeString(dir.resolve("prometheus.yml"), """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                  evaluation_interval: 1s
                scrape_configs:
                %s""".formatted(jobs));
        try {
            prometheus = Optional.of(ChildServer.start("prometheus", List.of(PROMETHEUS.toString(),
                    "--config.file=" + config, "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + prometheusPort), dir, prometheusPort, WAIT));
        } catch (IllegalStateException e) {
            prometheusProblem = e.getMessage();
        }
    }

    /** blackbox_exporter's multi-target pattern: the target becomes ?target=, the exporter the address. */
    private static String job(String name, String module, int exporterPort) {
        String list = targets.values().stream().map(t -> "'" + t + "'").collect(Collectors.joining(", "));
        return """
                  - job_name: %s
                    metrics_path: /probe
                    params:
                      module: [%s]
                    static_configs:
                      - targets: [%s]
                    relabel_configs:
                      - source_labels: [__address__]
                        target_label: __param_target
                      - source_labels: [__param_target]
                        target_label: instance
                      - target_label: __address__
                        replacement: 127.0.0.1:%d
                """.formatted(name, module, list, exporterPort);
    }

    @AfterAll
    static void stop() {
        prometheus.ifPresent(ChildServer::close);
        blackbox.ifPresent(ChildServer::close);
        if (exporter != null) {
            exporter.close();
        }
        servers.forEach(TestServer::close);
    }

    @Test
    void prometheusScrapesTheCauseThroughTheMultiTargetRelabelling() throws Exception {
        assumeTrue(prometheus.isPresent(), "Prometheus cannot run here: " + prometheusProblem);
        String refused = targets.get("refused");

        JsonNode series = awaitQuery("conndoctor_cause{job=\"conndoctor_tcp_connect\",cause=\"server-not-listening\"}",
                results -> results.size() > 0);

        assertThat(series.get(0).path("metric").path("instance").asText()).isEqualTo(refused);
        assertThat(series.get(0).path("value").get(1).asText()).isEqualTo("1");
        JsonNode symptom = awaitQuery("conndoctor_symptom{job=\"conndoctor_tcp_connect\",instance=\"" + refused + "\"}",
                results -> results.size() > 0);
        assertThat(symptom.get(0).path("metric").path("symptom").asText()).isEqualTo("refused");
        // every conndoctor scrape answered within Prometheus's 1 s scrape timeout
        JsonNode up = awaitQuery("up{job=~\"conndoctor_.*\"}", results -> results.size() == 2 * targets.size());
        for (JsonNode target : up) {
            assertThat(target.path("value").get(1).asText()).as("up of %s", target.path("metric")).isEqualTo("1");
        }
    }

    @Test
    void blackboxExporterBesideItAgreesOnProbeSuccessForEveryTarget() throws Exception {
        assumeTrue(prometheus.isPresent(), "Prometheus cannot run here: " + prometheusProblem);
        assumeTrue(blackbox.isPresent(), "blackbox_exporter cannot run here: " + blackboxProblem);

        JsonNode results = awaitQuery("probe_success", r -> r.size() == 4 * targets.size());

        Map<String, String> byJob = new TreeMap<>();
        for (JsonNode r : results) {
            byJob.put(r.path("metric").path("job").asText() + " " + r.path("metric").path("instance").asText(),
                    r.path("value").get(1).asText());
        }
        for (String module : List.of("tcp_connect", "http_2xx")) {
            for (Map.Entry<String, String> target : targets.entrySet()) {
                String ours = byJob.get("conndoctor_" + module + " " + target.getValue());
                String theirs = byJob.get("blackbox_" + module + " " + target.getValue());
                assertThat(ours).as("probe_success of %s (%s) with %s: conndoctor %s, blackbox_exporter %s",
                        target.getKey(), target.getValue(), module, ours, theirs).isEqualTo(theirs);
            }
        }
        // the targets differ, or agreeing would prove nothing
        assertThat(byJob.get("blackbox_http_2xx " + targets.get("http_200"))).isEqualTo("1");
        assertThat(byJob.get("blackbox_http_2xx " + targets.get("websocket"))).isEqualTo("0");
        assertThat(byJob.get("blackbox_tcp_connect " + targets.get("refused"))).isEqualTo("0");
    }

    /** The query's result vector once {@code ready} holds for it, or a failure with Prometheus's log after {@link #WAIT}. */
    private static JsonNode awaitQuery(String query, Predicate<JsonNode> ready) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + WAIT.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                    + prometheusPort + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8)))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() == 200) {
                last = new ObjectMapper().readTree(answer.body()).path("data").path("result");
                if (ready.test(last)) {
                    return last;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("Prometheus never answered " + query + " as expected; last: " + last
                + "\nits log: " + prometheus.map(ChildServer::log).orElse(""));
    }
}
