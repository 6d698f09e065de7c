package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Symptom;
import dev.conndoctor.evidence.ConnectOutcome;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeExpositionTest {

    private static String text(ProbeModule module, Diagnosis d, boolean success) {
        ProbeExposition.Result result = new ProbeExposition.Result(Optional.of(ProbeTargets.of(module, d.target().input())),
                Optional.of(d), success, Duration.ofMillis(12), Duration.ofMillis(9500));
        return ProbeExposition.text(ProbeExposition.of(module, result));
    }

    @Test
    void aRefusedTcpProbeHasBlackboxsMetricsAndTheCause() {
        ProbeModule tcp = ProbeModule.defaults("tcp_connect", ProberKind.TCP, Optional.empty());
        Diagnosis refused = Diagnoses.of("127.0.0.1:8282").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.REFUSED, 0)
                .failed(Symptom.REFUSED, CauseId.SERVER_NOT_LISTENING).build();

        String text = text(tcp, refused, false);

        assertThat(text).contains("# TYPE probe_success gauge\nprobe_success 0.0\n")
                .contains("# HELP probe_success Displays whether or not the probe was a success\n")
                .contains("probe_duration_seconds 0.012\n")
                .contains("probe_timeout_seconds 9.5\n")
                .contains("probe_ip_protocol 4.0\n")
                // blackbox_exporter's FNV-1a hash of 127.0.0.1, as it prints it for the same target
                .contains("probe_ip_addr_hash 3.668918509E9\n")
                .contains("conndoctor_symptom{symptom=\"refused\"} 1.0\n")
                .contains("conndoctor_cause{cause=\"server-not-listening\",confidence=\"likely\"} 1.0\n")
                .doesNotContain("probe_http_");
    }

    @Test
    void anHttpProbeHasTheStatusThePhasesAndTheCertificate() {
        ProbeModule http = ProbeModule.defaults("http_2xx", ProberKind.HTTP, Optional.empty());
        Instant leafExpiry = Instant.parse("2027-03-01T00:00:00Z");
        Instant caExpiry = Instant.parse("2026-12-31T00:00:00Z");
        Diagnosis ok = Diagnoses.of("https://example.com/health").resolvedIn(7, "2001:db8::10", "192.0.2.10")
                .attempt("2001:db8::10", ConnectOutcome.CONNECTED, 3)
                .answered("2001:db8::10", "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 17\r\n\r\n", 25,
                        Optional.of(Diagnoses.tls(true, "TLSv1.3", leafExpiry, caExpiry)))
                .build();

        String text = text(http, ok, false);

        assertThat(text).contains("probe_http_status_code 503.0\n")
                .contains("probe_http_version 1.1\n")
                .contains("probe_http_content_length 17.0\n")
                .contains("probe_http_ssl 1.0\n")
                .contains("probe_http_redirects 0.0\n")
                .contains("probe_http_duration_seconds{phase=\"resolve\"} 0.007\n")
                .contains("probe_http_duration_seconds{phase=\"connect\"} 0.003\n")
                .contains("probe_http_duration_seconds{phase=\"processing\"} 0.025\n")
                .contains("probe_ip_protocol 6.0\n")
                .contains("probe_dns_lookup_time_seconds 0.007\n")
                .contains("probe_ssl_earliest_cert_expiry " + (double) caExpiry.getEpochSecond())
                .contains("# TYPE probe_tls_version_info gauge\nprobe_tls_version_info{version=\"TLS 1.3\"} 1\n")
                .contains("conndoctor_symptom{symptom=\"ok\"} 1.0\n")
                .doesNotContain("conndoctor_cause");
    }

    @Test
    void aWebsocketProbeHasTheUpgradeAndItsStatus() {
        ProbeModule ws = ProbeModule.defaults("websocket", ProberKind.WEBSOCKET, Optional.empty());
        Diagnosis plainHttp = Diagnoses.of("ws://127.0.0.1:8282/").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 1)
                .upgraded("127.0.0.1", "HTTP/1.1 200 OK\r\n\r\n", false)
                .failed(Symptom.HANDSHAKE_FAILED, CauseId.HTTP_NOT_WEBSOCKET).build();

        String text = text(ws, plainHttp, false);

        assertThat(text).contains("probe_websocket_status_code 200.0\n")
                .contains("probe_websocket_connection_upgraded 0.0\n")
                .contains("probe_websocket_duration_seconds{phase=\"connect\"} 0.001\n")
                .contains("conndoctor_symptom{symptom=\"handshake-failed\"} 1.0\n")
                .contains("conndoctor_cause{cause=\"http-not-websocket\",confidence=\"likely\"} 1.0\n");
    }

    @Test
    void everyCauseIsOneSeriesAndLabelsComeOnlyFromTheCatalogue() {
        ProbeModule tcp = ProbeModule.defaults("tcp_connect", ProberKind.TCP, Optional.empty());
        Diagnosis twice = Diagnoses.of("secret-host.example:8282").resolvedIn(1, "192.0.2.10")
                .attempt("192.0.2.10", ConnectOutcome.TIMEOUT, 1000)
                .failed(Symptom.TIMEOUT, CauseId.FIREWALL_DROP)
                .cause(CauseId.FIREWALL_DROP, Confidence.POSSIBLE)
                .cause(CauseId.HOST_DOWN, Confidence.POSSIBLE).build();

        String text = text(tcp, twice, false);

        assertThat(text).containsOnlyOnce("cause=\"firewall-drop\"")
                .contains("conndoctor_cause{cause=\"host-down\",confidence=\"possible\"} 1.0\n")
                .doesNotContain("secret-host").doesNotContain("192.0.2.10");
    }

    @Test
    void aTargetThatCannotBeProbedHasOnlyTheProbesOwnMetrics() {
        ProbeModule tcp = ProbeModule.defaults("tcp_connect", ProberKind.TCP, Optional.empty());
        String text = ProbeExposition.text(ProbeExposition.of(tcp, new ProbeExposition.Result(Optional.empty(),
                Optional.empty(), false, Duration.ZERO, Duration.ofSeconds(5))));

        assertThat(text).contains("probe_success 0.0\n").contains("probe_timeout_seconds 5.0\n")
                .doesNotContain("conndoctor_").doesNotContain("probe_ip_protocol");
    }

    @Test
    void tlsVersionsAreGosNames() {
        assertThat(ProbeExposition.tlsVersion(Optional.of("TLSv1.2"))).isEqualTo("TLS 1.2");
        assertThat(ProbeExposition.tlsVersion(Optional.of("SSLv3"))).isEqualTo("unknown");
        assertThat(ProbeExposition.tlsVersion(Optional.empty())).isEqualTo("unknown");
    }
}
