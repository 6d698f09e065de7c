package dev.conndoctor.cli.exporter;

import dev.conndoctor.Cause;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.protocol.HttpResponseHead;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.InfoSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The metrics of one {@code /probe}: blackbox_exporter's names, help texts and meanings where
 * they exist ({@code prober/handler.go}, {@code utils.go}, {@code http.go}, {@code websocket.go},
 * {@code tls.go}), plus {@code conndoctor_cause} and {@code conndoctor_symptom}. Every label value
 * comes from a closed set (a catalogue id, a confidence, a symptom, a phase, a TLS version), never
 * from what the target or the network said, so the series a target can make are bounded.
 * Written by the Prometheus Java client's text format writer.
 */
public final class ProbeExposition {

    /** The content type of the text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = PrometheusTextFormatWriter.CONTENT_TYPE;

    private static final PrometheusTextFormatWriter WRITER = PrometheusTextFormatWriter.create();

    private final List<MetricSnapshot> metrics = new ArrayList<>();

    private ProbeExposition() {
    }

    /**
     * What one probe measured.
     *
     * @param target the target as the prober reads it; empty when it could not be read
     * @param diagnosis the diagnosis; empty when nothing was probed (an unreadable target, no time left)
     * @param timeout the time the probe had ({@code probe_timeout_seconds})
     */
    public record Result(Optional<Target> target, Optional<Diagnosis> diagnosis, boolean success, Duration duration,
                         Duration timeout) {
    }

    /** The metrics of {@code result}, probed with {@code module}. */
    public static MetricSnapshots of(ProbeModule module, Result result) {
        ProbeExposition e = new ProbeExposition();
        e.gauge("probe_success", "Displays whether or not the probe was a success", result.success() ? 1 : 0);
        e.gauge("probe_duration_seconds", "Returns how long the probe took to complete in seconds",
                seconds(result.duration()));
        e.gauge("probe_timeout_seconds", "Returns how long the probe timeout is in seconds", seconds(result.timeout()));
        result.diagnosis().ifPresent(d -> e.diagnosed(module, result.target().orElseThrow(), d));
        return new MetricSnapshots(e.metrics);
    }

    /** The text exposition of {@code metrics}. */
    public static String text(MetricSnapshots metrics) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            WRITER.write(out, metrics, EscapingScheme.UNDERSCORE_ESCAPING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private void diagnosed(ProbeModule module, Target target, Diagnosis d) {
        // chooseProtocol's metrics: the look-up's time and the address the prober counts
        gauge("probe_dns_lookup_time_seconds", "Returns the time taken for probe dns lookup in seconds",
                d.evidence().reach().resolution().elapsedMs() / 1000.0);
        Optional<InetAddress> chosen = ProbeVerdict.chosenAddress(module, d.evidence().reach().resolution());
        gauge("probe_ip_protocol", "Specifies whether probe ip protocol is IP4 or IP6",
                chosen.map(a -> a instanceof Inet6Address ? 6 : 4).orElse(0));
        gauge("probe_ip_addr_hash", "Specifies the hash of IP address. It's useful to detect if the IP address changes.",
                chosen.map(ProbeExposition::ipHash).orElse(0.0));

        Optional<ProtocolExchange> exchange = d.evidence().exchange();
        if (ProbeTargets.speaksHttp(target)) {
            http(d, exchange);
        } else if (target.scheme().isWebSocket()) {
            websocket(d, exchange);
        }
        exchange.flatMap(ProtocolExchange::tls).ifPresent(this::tls);

        gauge("conndoctor_symptom", "The first stage of the connection that failed (ok when none did)",
                List.of(new Point(Labels.of("symptom", d.symptom().id()), 1)));
        List<Point> causes = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (Cause cause : d.causes()) {
            // one series per cause: a cause is named once, with the confidence it was first given
            if (seen.add(cause.id().id())) {
                causes.add(new Point(Labels.of("cause", cause.id().id(), "confidence", cause.confidence().id()), 1));
            }
        }
        if (!causes.isEmpty()) {
            gauge("conndoctor_cause", "A cause of the failure from conndoctor's catalogue (design 3), one series each",
                    causes);
        }
    }

    private void http(Diagnosis d, Optional<ProtocolExchange> exchange) {
        Optional<HttpResponseHead> head = exchange.flatMap(ProtocolExchange::http);
        gauge("probe_http_duration_seconds", "Duration of http request by phase, summed over all redirects", phases(d));
        gauge("probe_http_status_code", "Response HTTP status code", head.map(HttpResponseHead::status).orElse(0));
        gauge("probe_http_version", "Returns the version of HTTP of the probe response",
                head.map(h -> httpVersion(h.version())).orElse(0.0));
        gauge("probe_http_content_length", "Length of http content response",
                head.map(ProbeExposition::contentLength).orElse(0L));
        gauge("probe_http_ssl", "Indicates if SSL was used for the final redirect",
                exchange.flatMap(ProtocolExchange::tls).filter(TlsOutcome::established).isPresent() ? 1 : 0);
        // conndoctor judges the first answer and never follows a redirect
        gauge("probe_http_redirects", "The number of redirects", 0);
    }

    private void websocket(Diagnosis d, Optional<ProtocolExchange> exchange) {
        gauge("probe_websocket_duration_seconds", "Duration of websocket request by phase", phases(d));
        gauge("probe_websocket_status_code", "Response HTTP status code",
                exchange.flatMap(ProtocolExchange::http).map(HttpResponseHead::status).orElse(0));
        gauge("probe_websocket_connection_upgraded", "Indicates if the websocket connection was successfully upgraded",
                exchange.flatMap(ProtocolExchange::websocket).filter(v -> v.ok()).isPresent() ? 1 : 0);
    }

    private void tls(TlsOutcome tls) {
        // blackbox_exporter reports these after a handshake that worked; conndoctor keeps the chain of one that
        // failed too (an expired certificate), and its expiry is the very number an alert wants
        tls.chain().stream().map(CertificateFacts::notAfter).min(java.util.Comparator.naturalOrder())
                .ifPresent(earliest -> gauge("probe_ssl_earliest_cert_expiry", "Returns last SSL chain expiry in unixtime",
                        earliest.getEpochSecond()));
        if (tls.established()) {
            metrics.add(InfoSnapshot.builder().name("probe_tls_version")
                    .help("Returns the TLS version used or NaN when unknown")
                    .dataPoint(InfoSnapshot.InfoDataPointSnapshot.builder()
                            .labels(Labels.of("version", tlsVersion(tls.protocol()))).build())
                    .build());
        }
    }

    /**
     * The phases conndoctor measures: {@code resolve} (the look-up), {@code connect} (the TCP
     * connect to the address spoken to) and {@code processing} (the protocol exchange on a
     * connection of its own: TLS, the request, the answer's head). Only measured phases are
     * reported: none is written as a zero it did not take.
     */
    private static List<Point> phases(Diagnosis d) {
        List<Point> phases = new ArrayList<>();
        phases.add(new Point(Labels.of("phase", "resolve"), d.evidence().reach().resolution().elapsedMs() / 1000.0));
        d.evidence().exchange().ifPresent(x -> {
            d.evidence().reach().attempts().stream()
                    .filter(a -> a.address().equals(x.address()) && a.outcome() == ConnectOutcome.CONNECTED)
                    .findFirst()
                    .ifPresent(a -> phases.add(new Point(Labels.of("phase", "connect"), a.elapsedMs() / 1000.0)));
            phases.add(new Point(Labels.of("phase", "processing"), x.elapsedMs() / 1000.0));
        });
        return phases;
    }

    /** Go's {@code tls.Version} names, as blackbox_exporter's {@code getTLSVersion} writes them; a closed set. */
    static String tlsVersion(Optional<String> javaProtocol) {
        return switch (javaProtocol.orElse("")) {
            case "TLSv1" -> "TLS 1.0";
            case "TLSv1.1" -> "TLS 1.1";
            case "TLSv1.2" -> "TLS 1.2";
            case "TLSv1.3" -> "TLS 1.3";
            default -> "unknown";
        };
    }

    private static double httpVersion(String version) {
        try {
            return Double.parseDouble(version.replaceFirst("^HTTP/", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Content-Length as Go's http.Response has it: -1 when the answer does not say. */
    private static long contentLength(HttpResponseHead head) {
        try {
            return head.header("Content-Length").map(String::trim).map(Long::parseLong).orElse(-1L);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** blackbox_exporter's {@code ipHash}: FNV-1a, 32 bits, over the address's 4 or 16 bytes. */
    static double ipHash(InetAddress address) {
        int hash = 0x811c9dc5;
        for (byte b : address.getAddress()) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return Integer.toUnsignedLong(hash);
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }

    private record Point(Labels labels, double value) {
    }

    private void gauge(String name, String help, double value) {
        gauge(name, help, List.of(new Point(Labels.EMPTY, value)));
    }

    private void gauge(String name, String help, List<Point> points) {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder().name(name).help(help);
        for (Point p : points) {
            gauge.dataPoint(GaugeDataPointSnapshot.builder().labels(p.labels()).value(p.value()).build());
        }
        metrics.add(gauge.build());
    }
}
