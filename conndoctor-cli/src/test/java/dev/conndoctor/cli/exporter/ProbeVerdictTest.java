package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.CauseId;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ConnectOutcome;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProbeVerdictTest {

    private static final ProbeModule TCP = ProbeModule.defaults("tcp_connect", ProberKind.TCP, Optional.empty());
    private static final ProbeModule HTTP = ProbeModule.defaults("http_2xx", ProberKind.HTTP, Optional.empty());
    private static final ProbeModule WS = ProbeModule.defaults("websocket", ProberKind.WEBSOCKET, Optional.empty());

    private static ProbeModule http(List<Integer> codes, boolean failIfNotSsl) {
        return new ProbeModule("m", ProberKind.HTTP, Optional.empty(), false, true, false, ProbeModule.TlsSettings.NONE,
                codes, List.of(), false, failIfNotSsl, Optional.empty(), List.of(), "");
    }

    private static ProbeModule ipv6Only(ProberKind kind) {
        return new ProbeModule("m", kind, Optional.empty(), false, false, false, ProbeModule.TlsSettings.NONE,
                List.of(), List.of(), false, false, Optional.empty(), List.of(), "");
    }

    private static boolean success(ProbeModule module, Diagnosis d) {
        return ProbeVerdict.success(module, ProbeTargets.of(module, d.target().input()), d);
    }

    @Test
    void aTcpProbeSucceedsWhenTheAddressBlackboxWouldDialConnected() {
        Diagnosis connected = Diagnoses.of("127.0.0.1:8282").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 1)
                // conndoctor itself calls a port that closes every connection at once failed; a tcp probe does not
                .failed(Symptom.CLOSED, CauseId.FORWARDER_BACKEND_REFUSED).build();
        Diagnosis refused = Diagnoses.of("127.0.0.1:8282").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.REFUSED, 0)
                .failed(Symptom.REFUSED, CauseId.SERVER_NOT_LISTENING).build();

        assertThat(success(TCP, connected)).isTrue();
        assertThat(success(TCP, refused)).isFalse();
    }

    @Test
    void theIpv6AddressCountsFirstAsBlackboxExporterPrefersIp6() {
        Diagnosis v6Refused = Diagnoses.of("localhost:8282").resolvedIn(1, "::1", "127.0.0.1")
                .attempt("::1", ConnectOutcome.REFUSED, 0).attempt("127.0.0.1", ConnectOutcome.CONNECTED, 0)
                .failed(Symptom.REFUSED, CauseId.ADDRESS_FAMILY_MISMATCH).build();
        Diagnosis v4Only = Diagnoses.of("localhost:8282").resolvedIn(1, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 0).build();

        assertThat(success(TCP, v6Refused)).isFalse();
        assertThat(ProbeVerdict.chosenAddress(TCP, v6Refused.evidence().reach().resolution()))
                .contains(Diagnoses.ip("::1"));
        assertThat(success(TCP, v4Only)).isTrue(); // the fallback to ip4
        assertThat(success(ipv6Only(ProberKind.TCP), v4Only)).isFalse(); // no fallback, no address
    }

    @Test
    void anHttpProbeSucceedsOnAValidStatus() {
        Diagnosis ok = Diagnoses.of("http://127.0.0.1:8080/").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 1)
                .answered("127.0.0.1", "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n", 4, Optional.empty()).build();
        Diagnosis notFound = Diagnoses.of("http://127.0.0.1:8080/").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 1)
                .answered("127.0.0.1", "HTTP/1.1 404 Not Found\r\n\r\n", 4, Optional.empty()).build();

        assertThat(success(HTTP, ok)).isTrue();
        assertThat(success(HTTP, notFound)).isFalse();
        assertThat(success(http(List.of(404), false), notFound)).isTrue();
        assertThat(success(http(List.of(), true), ok)).isFalse(); // fail_if_not_ssl on plain http
    }

    @Test
    void aWebsocketProbeSucceedsWhenTheUpgradeDoes() {
        Diagnosis upgraded = Diagnoses.of("ws://127.0.0.1:8282/").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 1)
                .upgraded("127.0.0.1", "HTTP/1.1 101 Switching Protocols\r\n\r\n", true).build();
        Diagnosis plainHttp = Diagnoses.of("ws://127.0.0.1:8282/").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 1)
                .upgraded("127.0.0.1", "HTTP/1.1 200 OK\r\n\r\n", false)
                .failed(Symptom.HANDSHAKE_FAILED, CauseId.HTTP_NOT_WEBSOCKET).build();

        assertThat(success(WS, upgraded)).isTrue();
        assertThat(success(WS, plainHttp)).isFalse();
    }

    @Test
    void theConndoctorModuleSucceedsWhenTheDiagnosisSaysTheConnectionWorks() {
        ProbeModule conndoctor = ProbeModule.defaults("conndoctor", ProberKind.CONNDOCTOR, Optional.empty());
        Diagnosis closed = Diagnoses.of("127.0.0.1:8282").resolvedIn(0, "127.0.0.1")
                .attempt("127.0.0.1", ConnectOutcome.CONNECTED, 1)
                .failed(Symptom.CLOSED, CauseId.FORWARDER_BACKEND_REFUSED).build();

        assertThat(ProbeVerdict.success(conndoctor, Target.parse("127.0.0.1:8282"), closed)).isFalse();
    }
}
