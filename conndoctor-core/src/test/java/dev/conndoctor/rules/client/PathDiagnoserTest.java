package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.rules.Diagnoser;
import dev.conndoctor.fixtures.Verdicts;


import static dev.conndoctor.fixtures.EvidenceBuilder.bypassedProxy;
import static dev.conndoctor.fixtures.EvidenceBuilder.target;
import static dev.conndoctor.fixtures.EvidenceBuilder.throughProxy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.CdnSighting;
import dev.conndoctor.evidence.ProxyAttempt.Result;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The diagnoser on names-and-path evidence: connected is not ok when it is the wrong machine or the proxy fails. */
class PathDiagnoserTest {

    private final Diagnoser diagnoser = Diagnosers.client();

    private static List<String> rendered(List<Text> texts) {
        return texts.stream().map(Verdicts::render).peek(line -> assertThat(line).doesNotContainPattern("\\{\\d"))
                .toList();
    }

    private static void allFilled(Diagnosis d) {
        d.causes().forEach(Verdicts::assertFilled);
        rendered(d.warnings());
    }

    @Test
    void connectedToTheWrongMachineByNameFailsWithSymptomOk() {
        Diagnosis d = diagnoser.diagnose(target("ws://api.example.test:8282")
                .resolvedTo("192.0.2.10")
                .connected("192.0.2.10", 1)
                .expect("192.0.2.20")
                .build(), 5);

        allFilled(d);
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.OK);
        assertThat(d.primaryCause()).get().satisfies(c -> {
            assertThat(c.id()).isEqualTo(CauseId.DNS_POINTS_ELSEWHERE);
            assertThat(c.confidence()).isEqualTo(Confidence.CONFIRMED);
        });
    }

    @Test
    void connectedToTheWrongMachineByAddressFailsWithWrongAddress() {
        Diagnosis d = diagnoser.diagnose(target("ws://192.0.2.10:8282")
                .connected("192.0.2.10", 1)
                .expect("192.0.2.20")
                .build(), 5);

        allFilled(d);
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.OK);
        assertThat(d.causes()).extracting(Cause::id).containsExactly(CauseId.WRONG_ADDRESS);
    }

    @Test
    void connectedToTheExpectedMachineIsOk() {
        Diagnosis d = diagnoser.diagnose(target("ws://api.example.test:8282")
                .resolvedTo("192.0.2.20").connected("192.0.2.20", 1).expect("192.0.2.20").build(), 5);

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.causes()).isEmpty();
    }

    @ParameterizedTest
    @CsvSource({
        "PROXY_UNREACHABLE, REFUSED",
        "PROXY_SILENT, NO_REPLY",
        "TUNNEL_REFUSED, HANDSHAKE_FAILED",
    })
    void aFailingTunnelWhileTheDirectPathWorksFailsWithTheProxysSymptom(Result result, Symptom symptom) {
        Diagnosis d = diagnoser.diagnose(target("ws://192.0.2.10:8282")
                .connected("192.0.2.10", 1)
                .proxy(throughProxy("http://127.0.0.1:3128", "http_proxy", result, -1, "what the proxy did"))
                .build(), 5);

        allFilled(d);
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(symptom);
        assertThat(d.primaryCause()).get().satisfies(c -> {
            assertThat(c.id()).isEqualTo(CauseId.PROXY_IN_PATH);
            assertThat(c.confidence()).isEqualTo(Confidence.CONFIRMED);
        });
    }

    @Test
    void aFailingTunnelAndARefusedDirectPathKeepTheDirectSymptom() {
        Diagnosis d = diagnoser.diagnose(target("ws://192.0.2.10:8282")
                .refused("192.0.2.10", 1)
                .proxy(throughProxy("http://127.0.0.1:3128", "http_proxy", Result.PROXY_SILENT, -1, "no answer"))
                .build(), 5);

        allFilled(d);
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(d.causes()).filteredOn(c -> c.id() == CauseId.PROXY_IN_PATH).singleElement()
                .satisfies(c -> assertThat(c.confidence()).isEqualTo(Confidence.LIKELY));
    }

    @Test
    void anOpenTunnelAndAWorkingDirectPathAreOk() {
        Diagnosis d = diagnoser.diagnose(target("ws://192.0.2.10:8282")
                .connected("192.0.2.10", 1)
                .proxy(throughProxy("http://127.0.0.1:3128", "http_proxy", Result.TUNNEL_OPEN, 200, "HTTP/1.1 200 OK"))
                .build(), 5);

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void anOkDiagnosisWarnsOfACdnAFakeIpAndABypassedProxy() {
        Diagnosis d = diagnoser.diagnose(target("ws://api.example.test:8443")
                .resolvedTo("198.18.0.9")
                .connected("198.18.0.9", 1)
                .cdn(new CdnSighting("cloudflare", "cname", "api.example.test.cdn.cloudflare.net", "any",
                        Optional.empty()))
                .proxy(bypassedProxy("http://127.0.0.1:3128", "http_proxy", "no_proxy=.example.test"))
                .build(), 5);

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.causes()).isEmpty();
        assertThat(d.warnings()).extracting(Text::key)
                .containsExactly("warning.cdn", "warning.fake-ip", "warning.proxy-bypassed");
        assertThat(rendered(d.warnings())).containsExactly(
                "The target is behind a CDN (cloudflare: api.example.test.cdn.cloudflare.net): "
                        + "the server sees the CDN's address, not the client's.",
                "The name resolved to 198.18.0.9, a fake-IP proxy address: it works only while that proxy runs.",
                "A proxy is configured (http://127.0.0.1:3128), but no_proxy=.example.test takes this target out of it: "
                        + "clients connect directly.");
    }

    @Test
    void aCdnOnAnUnforwardedPortLeadsAFailedDiagnosis() {
        Diagnosis d = diagnoser.diagnose(target("ws://chat.example.test:8282")
                .resolvedTo("104.16.132.229")
                .timedOut("104.16.132.229")
                .usualPortsSilent("104.16.132.229", 22)
                .cdn(new CdnSighting("cloudflare", "range", "104.16.132.229 in 104.16.0.0/13", "80,443",
                        Optional.of(false)))
                .build(), 5);

        allFilled(d);
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.causes()).extracting(Cause::id).contains(CauseId.CDN_IN_FRONT);
        assertThat(d.warnings()).extracting(Text::key).contains("warning.cdn");
    }

    @Test
    void aFakeIpThatTimesOutIsTheConfirmedCause() {
        Diagnosis d = diagnoser.diagnose(target("ws://api.example.test:8282")
                .resolvedTo("198.18.0.9")
                .timedOut("198.18.0.9")
                .usualPortsSilent("198.18.0.9", 22, 80)
                .build(), 5);

        allFilled(d);
        assertThat(d.primaryCause()).map(Cause::id).contains(CauseId.FAKE_IP_PROXY);
    }
}
