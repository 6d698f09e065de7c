package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.Reach;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.Silence;
import dev.conndoctor.rules.Diagnoser;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.client.ClientRules;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/** A silent port judged before the timeout, as the text report and the JSON tell how it was judged. */
class SilenceRenderingTest {

    private static final Diagnoser DIAGNOSER = new Diagnoser(new RuleEngine<>(ClientRules.all(), ClientRules.precedence()));

    private final Diagnosis judged = diagnosis(true);
    private final Diagnosis timedOut = diagnosis(false);

    @Test
    void theRulesStillNameTheDropLikelyWhenTheSilenceWasJudgedEarly() {
        assertThat(judged.symptom()).isEqualTo(Symptom.TIMEOUT);
        assertThat(judged.causes().get(0).id()).isEqualTo(CauseId.FIREWALL_DROP);
        assertThat(judged.causes().get(0).confidence()).isEqualTo(Confidence.LIKELY);
    }

    @Test
    void theJsonTcpProbeCarriesTheAttemptsTheRoundTripAndTheWait() {
        JsonNode tcp = tcpProbe(new JsonRenderer(Locale.ROOT).tree(judged));

        JsonNode silence = tcp.path("silence");
        assertThat(silence.path("attempts").asInt()).isEqualTo(3);
        assertThat(silence.path("rttMs").isNumber()).isTrue();
        assertThat(silence.path("rttMs").asDouble()).isEqualTo(0.2);
        assertThat(silence.path("rttPort").asInt()).isEqualTo(22);
        assertThat(silence.path("waitedMs").asLong()).isEqualTo(1052);
        assertThat(silence.path("retransmitMs").asLong()).isEqualTo(1000);
        assertThat(silence.path("conclusive").asBoolean()).isTrue();
        assertThat(tcp.path("result").asText()).isEqualTo("timeout");
    }

    @Test
    void aTimeoutThatRanToTheEndHasNoSilenceInTheJson() {
        assertThat(tcpProbe(new JsonRenderer(Locale.ROOT).tree(timedOut)).has("silence")).isFalse();
    }

    @Test
    void theTextReportShowsTheJudgementAsAProbeLineAndAsEvidence() {
        String out = new TextRenderer(Locale.ROOT, new Style(false)).render(judged);

        assertThat(out).containsPattern("silence +192\\.0\\.2\\.10:8282 +1052 ms  silent to 3 connections; "
                + "the host answered on port 22 in 0\\.20 ms; past the 1000 ms SYN retransmission");
        assertThat(out).contains("192.0.2.10:8282 stayed silent to 3 connections, each from its own source port, for 1052 ms");
    }

    @Test
    void theSpanishReportSaysItToo() {
        String out = new TextRenderer(Locale.forLanguageTag("es"), new Style(false)).render(judged);

        assertThat(out).contains("sin respuesta a 3 conexiones").contains("no respondió a 3 conexiones");
    }

    @Test
    void aTimeoutThatRanToTheEndHasNoSilenceLine() {
        assertThat(new TextRenderer(Locale.ROOT, new Style(false)).render(timedOut)).doesNotContain("silence ");
    }

    private static JsonNode tcpProbe(ObjectNode tree) {
        return StreamSupport.stream(tree.path("probes").spliterator(), false)
                .filter(p -> p.path("kind").asText().equals("tcp")).findFirst().orElseThrow();
    }

    private static Diagnosis diagnosis(boolean judgedEarly) {
        InetAddress host = ip("192.0.2.10");
        Target target = Target.parse("192.0.2.10:8282");
        long waited = judgedEarly ? 1052 : 3000;
        ConnectAttempt attempt = new ConnectAttempt(host, 8282, ConnectOutcome.TIMEOUT, waited,
                judgedEarly ? "no answer to 3 connections within 1052 ms" : "no answer within 3000 ms");
        List<Silence> silences = judgedEarly
                ? List.of(new Silence(host, 8282, 3, Duration.ofNanos(200_000), 22, Duration.ofMillis(1052),
                        Duration.ofSeconds(1)))
                : List.of();
        Evidence evidence = Evidence.builder(target, Duration.ofSeconds(3))
                .reach(new Reach(Resolution.literal("192.0.2.10", ResolvedAddress.of(host)), List.of(attempt),
                        List.of(new HostLiveness(host, List.of(new ConnectAttempt(host, 22, ConnectOutcome.REFUSED, 0,
                                "Connection refused")))), silences))
                .build();
        return DIAGNOSER.diagnose(evidence, waited + 20);
    }

    private static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
