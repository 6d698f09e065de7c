package dev.conndoctor.describe;

import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.EvidenceBuilder;
import dev.conndoctor.fixtures.Verdicts;

import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Scheme;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.Evidence;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExchangesTest {

    @Test
    void exchangeIsFoundOnlyForTheGivenSchemes() {
        Evidence evidence = to("ws://192.0.2.10:8282/").answer(Answers.PLAIN_200).evidence();

        assertThat(Exchanges.of(evidence, Set.of(Scheme.WS, Scheme.WSS))).isPresent();
        assertThat(Exchanges.of(evidence, Set.of(Scheme.HTTP))).isEmpty();
        assertThat(Exchanges.of(EvidenceBuilder.target("ws://192.0.2.10:8282/").refused("192.0.2.10", 1).build(),
                Set.of(Scheme.WS))).isEmpty();
    }

    @Test
    void exchangeLinesAreSentAnsweredServerBodyAndFingerprintInThatOrder() {
        Cause cause = Exchanges.exchangeLines(Cause.builder(CauseId.HTTP_NOT_WEBSOCKET, Confidence.LIKELY, 8282, 200),
                to("ws://192.0.2.10:8282/").answer(Answers.NGINX_STATIC_200).build()).build();

        assertThat(cause.evidence()).extracting(Text::key).containsExactly("evidence.sent", "evidence.answered",
                "evidence.server-header", "evidence.body-preview", "fingerprint.nginx");
    }

    @Test
    void exchangeLinesLeaveOutWhatWasNotSeen() {
        Cause cause = Exchanges.exchangeLines(Cause.builder(CauseId.NO_REPLY, Confidence.LIKELY, 8282),
                to("ws://192.0.2.10:8282/").request("").silent().build()).build();

        assertThat(cause.evidence()).isEmpty();
    }

    @Test
    void serverHeaderIsShownEscaped() {
        Cause cause = Exchanges.exchangeLines(Cause.builder(CauseId.HTTP_NOT_WEBSOCKET, Confidence.LIKELY, 80, 200),
                to("ws://192.0.2.10:80/").answer("HTTP/1.1 200 OK\r\nServer: nginx\u001b[2J\r\n\r\n").build()).build();

        assertThat(cause.evidence()).filteredOn(t -> t.key().equals("evidence.server-header"))
                .allSatisfy(t -> assertThat(Verdicts.render(t)).doesNotContain("\u001b"));
    }

    @Test
    void plainCounterpartDropsTls() {
        assertThat(Exchanges.plainCounterpart(Scheme.WSS)).isEqualTo("ws");
        assertThat(Exchanges.plainCounterpart(Scheme.HTTPS)).isEqualTo("http");
        assertThat(Exchanges.plainCounterpart(Scheme.TLS)).isEqualTo("tcp");
        assertThat(Exchanges.plainCounterpart(Scheme.WS)).isEqualTo("ws");
    }

    @Test
    void tlsCounterpartAddsTls() {
        assertThat(Exchanges.tlsCounterpart(Scheme.WS)).isEqualTo("wss");
        assertThat(Exchanges.tlsCounterpart(Scheme.HTTP)).isEqualTo("https");
        assertThat(Exchanges.tlsCounterpart(Scheme.TEXT)).isEqualTo("tls");
    }
}
