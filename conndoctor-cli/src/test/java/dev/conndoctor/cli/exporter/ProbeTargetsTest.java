package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.InvalidTargetException;
import dev.conndoctor.Scheme;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeTargetsTest {

    private static final ProbeModule TCP = ProbeModule.defaults("tcp_connect", ProberKind.TCP, Optional.empty());
    private static final ProbeModule TLS = new ProbeModule("tls", ProberKind.TCP, Optional.empty(), false, true, true,
            ProbeModule.TlsSettings.NONE, List.of(), List.of(), false, false, Optional.empty(), List.of(), "");
    private static final ProbeModule HTTP = ProbeModule.defaults("http_2xx", ProberKind.HTTP, Optional.empty());
    private static final ProbeModule WS = ProbeModule.defaults("websocket", ProberKind.WEBSOCKET, Optional.empty());
    private static final ProbeModule CD = ProbeModule.defaults("conndoctor", ProberKind.CONNDOCTOR, Optional.empty());

    @Test
    void eachProberReadsTheTargetAsBlackboxExporterDoes() {
        assertThat(ProbeTargets.of(TCP, "db.example.com:5432").scheme()).isEqualTo(Scheme.TCP);
        assertThat(ProbeTargets.of(TLS, "db.example.com:5432").input()).isEqualTo("tls://db.example.com:5432");
        assertThat(ProbeTargets.of(HTTP, "example.com:8080/health").input()).isEqualTo("http://example.com:8080/health");
        assertThat(ProbeTargets.of(HTTP, "HTTPS://example.com/").scheme()).isEqualTo(Scheme.HTTPS);
        assertThat(ProbeTargets.of(WS, "wss://example.com/chat").scheme()).isEqualTo(Scheme.WSS);
        assertThat(ProbeTargets.of(CD, "ws://example.com:8282").scheme()).isEqualTo(Scheme.WS);
    }

    @Test
    void aTargetTheProberWouldNotTakeFailsTheProbe() {
        assertThatThrownBy(() -> ProbeTargets.of(TCP, "http://example.com:80"))
                .isInstanceOf(ProbeTargets.UnsuitableTargetException.class);
        assertThatThrownBy(() -> ProbeTargets.of(WS, "http://example.com/"))
                .isInstanceOf(ProbeTargets.UnsuitableTargetException.class);
        assertThatThrownBy(() -> ProbeTargets.of(TCP, "example.com")).isInstanceOf(InvalidTargetException.class);
    }

    @Test
    void queryParametersAreDecodedAndTheTargetOnceMoreAsBlackboxExporterDoes() {
        Map<String, String> params = ExporterServer.parameters(
                "module=http_2xx&target=http%3A%2F%2Fexample.com%2Fa%3Fb%3Dc&debug=true&target=ignored");
        assertThat(params).containsEntry("module", "http_2xx").containsEntry("target", "http://example.com/a?b=c")
                .containsEntry("debug", "true");
        assertThat(ExporterServer.parameters("target=http%253A%252F%252Fexample.com")).containsEntry("target",
                "http://example.com");
        assertThat(ExporterServer.parameters("target=100%25")).containsEntry("target", "100%");
        assertThat(ExporterServer.parameters(null)).isEmpty();
    }
}
