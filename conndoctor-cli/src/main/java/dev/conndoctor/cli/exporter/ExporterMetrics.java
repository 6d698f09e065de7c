package dev.conndoctor.cli.exporter;

import dev.conndoctor.ConnDoctor;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.time.Duration;
import java.time.Instant;

/**
 * The exporter's own metrics ({@code /metrics}): probes by module and result, their durations,
 * probes in flight and waiting, probes turned away and why, the causes found, unknown modules and
 * configuration reloads. In a registry of its own (never the client library's global one); the
 * module label takes only configured module names, the cause label only catalogue ids.
 */
public final class ExporterMetrics {

    private final PrometheusRegistry registry = new PrometheusRegistry();

    private final Counter probes = Counter.builder().name("conndoctor_exporter_probes_total")
            .help("Probes answered, by module and result (success or failure)")
            .labelNames("module", "result").withoutExemplars().register(registry);
    private final Histogram durations = Histogram.builder().name("conndoctor_exporter_probe_duration_seconds")
            .help("How long probes took, by module").labelNames("module").classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .withoutExemplars().register(registry);
    private final Counter causes = Counter.builder().name("conndoctor_exporter_causes_total")
            .help("Causes named by probes, by module and cause id").labelNames("module", "cause")
            .withoutExemplars().register(registry);
    private final Gauge inFlight = Gauge.builder().name("conndoctor_exporter_probes_in_flight")
            .help("Probes running now").withoutExemplars().register(registry);
    private final Gauge queued = Gauge.builder().name("conndoctor_exporter_probes_queued")
            .help("Probes waiting for a free slot").withoutExemplars().register(registry);
    private final Counter rejected = Counter.builder().name("conndoctor_exporter_probes_rejected_total")
            .help("Probe requests turned away: queue-full and deadline (503), not-allowed (403)")
            .labelNames("reason").withoutExemplars().register(registry);
    private final Counter unknownModules = Counter.builder().name("conndoctor_exporter_module_unknown_total")
            .help("Probe requests for a module that is not configured").withoutExemplars().register(registry);
    private final Gauge reloadSuccessful = Gauge.builder().name("conndoctor_exporter_config_last_reload_successful")
            .help("Whether the last configuration load worked").withoutExemplars().register(registry);
    private final Gauge reloadTime = Gauge.builder()
            .name("conndoctor_exporter_config_last_reload_success_timestamp_seconds")
            .help("When the configuration last loaded").withoutExemplars().register(registry);

    public ExporterMetrics() {
        Info.builder().name("conndoctor_exporter_build_info").help("The exporter's version")
                .labelNames("version").register(registry).setLabelValues(ConnDoctor.version());
        for (String reason : new String[] {"queue-full", "deadline", "not-allowed"}) {
            rejected.labelValues(reason); // every reason from the start, so rate() sees the first one
        }
    }

    void probed(String module, boolean success, Duration duration, Iterable<String> causeIds) {
        probes.labelValues(module, success ? "success" : "failure").inc();
        durations.labelValues(module).observe(duration.toNanos() / 1e9);
        for (String cause : causeIds) {
            causes.labelValues(module, cause).inc();
        }
    }

    void started() {
        inFlight.inc();
    }

    void finished() {
        inFlight.dec();
    }

    void queued(int delta) {
        queued.inc(delta);
    }

    void rejected(String reason) {
        rejected.labelValues(reason).inc();
    }

    void unknownModule() {
        unknownModules.inc();
    }

    void reloaded(boolean success, Instant at) {
        reloadSuccessful.set(success ? 1 : 0);
        if (success) {
            reloadTime.set(at.getEpochSecond());
        }
    }

    public MetricSnapshots scrape() {
        return registry.scrape();
    }
}
