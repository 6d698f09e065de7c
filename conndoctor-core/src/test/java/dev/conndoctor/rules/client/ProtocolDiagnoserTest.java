package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.rules.Diagnoser;
import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.EvidenceBuilder;
import dev.conndoctor.fixtures.ExchangeBuilder;


import static dev.conndoctor.fixtures.EvidenceBuilder.ip;
import static dev.conndoctor.fixtures.EvidenceBuilder.probe;
import static dev.conndoctor.fixtures.ExchangeBuilder.certificate;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.ExchangeBuilder.validCertificate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.TlsProblem;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole rule set on protocol evidence: outcome, symptom and which cause comes first. */
class ProtocolDiagnoserTest {

    private static final String PKIX = "PKIX path building failed: unable to find valid certification path";

    private final Diagnoser diagnoser = Diagnosers.client();

    // --- ws:// answered by HTTP

    @Test
    void wsToNginxStaticPageIsHttpNotWebSocketFirstAndProxyStripsUpgradePossible() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:80/chat").answer(Answers.NGINX_STATIC_200));

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertPrimary(d, CauseId.HTTP_NOT_WEBSOCKET, Confidence.LIKELY);
        assertThat(d.causes()).anyMatch(c -> c.id() == CauseId.PROXY_STRIPS_UPGRADE
                && c.confidence() == Confidence.POSSIBLE);
    }

    @Test
    void wsToNginxProxyingAWorkermanBackendIsProxyStripsUpgradeFirst() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:80/ws").answer(Answers.NGINX_PROXIED_WORKERMAN_400));

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertPrimary(d, CauseId.PROXY_STRIPS_UPGRADE, Confidence.LIKELY);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.HTTP_NOT_WEBSOCKET, CauseId.WEBSOCKET_ONLY);
        assertThat(d.primaryCause().get().evidence()).extracting(Text::key).contains("fingerprint.workerman-websocket-52");
    }

    @Test
    void wsToAGatewayErrorOfNginxFindsProxyStripsUpgradeLikely() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:80/ws").answer(Answers.NGINX_502));

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertThat(d.causes()).anyMatch(c -> c.id() == CauseId.PROXY_STRIPS_UPGRADE
                && c.confidence() == Confidence.LIKELY);
    }

    @Test
    void wsToAGatewayErrorOfNginxIsProxyStripsUpgradeFirst() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:80/ws").answer(Answers.NGINX_502));

        assertPrimary(d, CauseId.PROXY_STRIPS_UPGRADE, Confidence.LIKELY);
    }

    @Test
    void wsAnswered404IsWebSocketPathNotFoundFirst() {
        assertPrimary(diagnose(to("ws://192.0.2.10:8282/chat").answer(Answers.NOT_FOUND_404)),
                CauseId.WEBSOCKET_PATH_NOT_FOUND, Confidence.LIKELY);
    }

    @Test
    void wsAnswered401Or403IsWebSocketRejectedFirst() {
        assertPrimary(diagnose(to("ws://192.0.2.10:8282/chat").answer(Answers.UNAUTHORIZED_401)),
                CauseId.WEBSOCKET_REJECTED, Confidence.LIKELY);
        assertPrimary(diagnose(to("ws://192.0.2.10:8282/chat").answer(Answers.FORBIDDEN_403)),
                CauseId.WEBSOCKET_REJECTED, Confidence.LIKELY);
    }

    @Test
    void wsAnswered101WithAWrongAcceptIsConfirmedInvalidHandshake() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8282/chat").answer(Answers.WEBSOCKET_101_WRONG_ACCEPT));

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertPrimary(d, CauseId.WEBSOCKET_HANDSHAKE_INVALID, Confidence.CONFIRMED);
    }

    // --- ws:// answered by something else

    @Test
    void wsToATextEchoIsNonHttpReply() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8282/chat").answer(Answers.ECHO_OF_UPGRADE));

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertPrimary(d, CauseId.NON_HTTP_REPLY, Confidence.LIKELY);
        assertThat(d.primaryCause().get().evidence()).extracting(Text::key).contains("fingerprint.text-echo");
    }

    @Test
    void wsToABannerFirstGatewayIsServerSpeaksFirst() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8282/").banner(Answers.GATEWAY_BANNER));

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertPrimary(d, CauseId.SERVER_SPEAKS_FIRST, Confidence.LIKELY);
        assertThat(d.primaryCause().get().evidence()).extracting(Text::key).contains("fingerprint.gateway-banner");
    }

    @Test
    void wsClosedWithoutAByteAndNoTlsIsClosedWithoutReply() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8282/").closed()
                .tlsFollowUp(tlsFailed(TlsProblem.CLOSED, "Remote host terminated the handshake")));

        assertThat(d.symptom()).isEqualTo(Symptom.CLOSED);
        assertPrimary(d, CauseId.CLOSED_WITHOUT_REPLY, Confidence.LIKELY);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.TLS_REQUIRED);
    }

    @Test
    void wsClosedWithoutAByteByATlsServerIsConfirmedTlsRequired() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8443/").closed()
                .tlsFollowUp(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256")));

        assertThat(d.symptom()).isEqualTo(Symptom.CLOSED);
        assertPrimary(d, CauseId.TLS_REQUIRED, Confidence.CONFIRMED);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.CLOSED_WITHOUT_REPLY);
    }

    @Test
    void wsAnsweredWithATlsAlertIsLikelyTlsRequired() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8443/").answer(Answers.TLS_ALERT));

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertPrimary(d, CauseId.TLS_REQUIRED, Confidence.LIKELY);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.NON_HTTP_REPLY);
    }

    @Test
    void wsToASilentServerIsNoReply() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8282/").silent());

        assertThat(d.symptom()).isEqualTo(Symptom.NO_REPLY);
        assertPrimary(d, CauseId.NO_REPLY, Confidence.LIKELY);
    }

    // --- http://

    @Test
    void httpToNginxTlsPortIsConfirmedTlsRequired() {
        Diagnosis d = diagnose(to("http://192.0.2.10:443/").answer(Answers.NGINX_PLAIN_HTTP_TO_HTTPS));

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertPrimary(d, CauseId.TLS_REQUIRED, Confidence.CONFIRMED);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.WEBSOCKET_ONLY);
    }

    @Test
    void httpToAWebSocketOnlyServerIsWebSocketOnly() {
        assertPrimary(diagnose(to("http://192.0.2.10:8282/").answer(Answers.UPGRADE_REQUIRED_426)),
                CauseId.WEBSOCKET_ONLY, Confidence.LIKELY);
        assertPrimary(diagnose(to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_52_400)),
                CauseId.WEBSOCKET_ONLY, Confidence.LIKELY);
    }

    // --- TLS

    @Test
    void wssToPlainHttpIsConfirmedTlsNotOffered() {
        Diagnosis d = diagnose(to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.NOT_TLS,
                "Unsupported or unrecognized SSL message")).plainFollowUp("HTTP/1.1 200 OK\r\n\r\n"));

        assertThat(d.symptom()).isEqualTo(Symptom.TLS_FAILED);
        assertPrimary(d, CauseId.TLS_NOT_OFFERED, Confidence.CONFIRMED);
        assertThat(d.primaryCause().get().evidence()).extracting(Text::key).contains("evidence.plain-follow-up");
    }

    @Test
    void wssToASelfSignedCertificateIsConfirmedUntrusted() {
        Diagnosis d = diagnose(to("wss://192.0.2.10:8443/").tls(tlsFailed(TlsProblem.UNTRUSTED, PKIX,
                validCertificate("CN=chat.example", "CN=chat.example", "chat.example"))));

        assertThat(d.symptom()).isEqualTo(Symptom.TLS_FAILED);
        assertPrimary(d, CauseId.TLS_UNTRUSTED, Confidence.CONFIRMED);
    }

    @Test
    void expiredSelfSignedCertificateIsExpiredNotUntrusted() {
        Diagnosis d = diagnose(to("wss://192.0.2.10:8443/").tls(tlsFailed(TlsProblem.UNTRUSTED, PKIX,
                certificate("CN=chat.example", "CN=chat.example", List.of("chat.example"), "2024-01-01T00:00:00Z",
                        "2025-01-01T00:00:00Z"))));

        assertPrimary(d, CauseId.TLS_EXPIRED, Confidence.CONFIRMED);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.TLS_UNTRUSTED);
    }

    @Test
    void certificateForOtherNamesIsNameMismatch() {
        assertPrimary(diagnose(to("https://192.0.2.10:443/").tls(tlsFailed(TlsProblem.NAME_MISMATCH,
                        "No subject alternative names matching IP address 192.0.2.10 found",
                        validCertificate("CN=other.example", "CN=R11", "other.example")))),
                CauseId.TLS_NAME_MISMATCH, Confidence.CONFIRMED);
    }

    @Test
    void noCommonTlsVersionIsVersionMismatch() {
        assertPrimary(diagnose(to("https://192.0.2.10:443/").tls(tlsFailed(TlsProblem.VERSION_MISMATCH,
                "Received fatal alert: protocol_version"))), CauseId.TLS_VERSION_MISMATCH, Confidence.LIKELY);
    }

    @Test
    void wssToAServerThatClosesOrIgnoresTheClientHelloHasACause() {
        Diagnosis closed = diagnose(to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.CLOSED,
                "Remote host terminated the handshake")));
        Diagnosis silent = diagnose(to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.SILENT, "Read timed out")));

        assertThat(closed.symptom()).isEqualTo(Symptom.TLS_FAILED);
        assertThat(closed.primaryCause()).map(Cause::id).contains(CauseId.CLOSED_WITHOUT_REPLY);
        assertThat(silent.primaryCause()).map(Cause::id).contains(CauseId.NO_REPLY);
    }

    // --- working connections

    @Test
    void verifiedWebSocketThatPongsIsOkWithoutWarnings() {
        Diagnosis d = diagnose(to("ws://192.0.2.10:8282/chat").answer(Answers.WEBSOCKET_101).pingAnswered(true));

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.symptom()).isEqualTo(Symptom.OK);
        assertThat(d.causes()).isEmpty();
        assertThat(d.warnings()).isEmpty();
    }

    @Test
    void verifiedWebSocketWithoutAPongIsOkWithAWarning() {
        Diagnosis d = diagnose(to("wss://192.0.2.10:8443/chat").tls(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256"))
                .answer(Answers.WORKERMAN_101).pingAnswered(false));

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.warnings()).extracting(Text::key).containsExactly("warning.no-pong");
    }

    @Test
    void httpOkIsOk() {
        Diagnosis d = diagnose(to("http://192.0.2.10:80/").answer(Answers.PLAIN_200));

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.symptom()).isEqualTo(Symptom.OK);
    }

    @Test
    void tcpTargetWithABannerIsOk() {
        Diagnosis d = diagnose(to("tcp://192.0.2.10:2347").banner(Answers.GATEWAY_BANNER));

        assertThat(d.outcome()).isEqualTo(Outcome.OK);
        assertThat(d.causes()).isEmpty();
    }

    @Test
    void textTargetThatAnswersALineIsOk() {
        assertThat(diagnose(to("text://192.0.2.10:7000").answer("conndoctor\n")).outcome()).isEqualTo(Outcome.OK);
    }

    // --- wrong port

    @Test
    void refusedPortWithAWebSocketNextDoorIsWrongPortFirst() {
        Evidence evidence = EvidenceBuilder.target("ws://192.0.2.10:8282/chat").refused("192.0.2.10", 1)
                .portScan(new PortScan(ip("192.0.2.10"),
                        List.of(probe("192.0.2.10", 8283, ConnectOutcome.CONNECTED, 1)),
                        Map.of(8283, to("ws://192.0.2.10:8282/chat").port(8283).answer(Answers.WEBSOCKET_101).build())))
                .build();

        Diagnosis d = diagnoser.diagnose(evidence, 5);

        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertPrimary(d, CauseId.WRONG_PORT, Confidence.LIKELY);
        assertThat(d.causes()).extracting(Cause::id).contains(CauseId.SERVER_NOT_LISTENING);
    }

    @Test
    void refusedPortWithNothingOpenRulesWrongPortOut() {
        Evidence evidence = EvidenceBuilder.target("ws://192.0.2.10:8282/chat").refused("192.0.2.10", 1)
                .portScan(new PortScan(ip("192.0.2.10"),
                        List.of(probe("192.0.2.10", 8283, ConnectOutcome.REFUSED, 1)), Map.of()))
                .build();

        Diagnosis d = diagnoser.diagnose(evidence, 5);

        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.WRONG_PORT);
        assertThat(d.ruledOut()).anyMatch(r -> r.id() == CauseId.WRONG_PORT);
    }

    private Diagnosis diagnose(ExchangeBuilder x) {
        return diagnoser.diagnose(x.evidence(), 5);
    }

    private static void assertPrimary(Diagnosis d, CauseId id, Confidence confidence) {
        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.primaryCause()).as("causes %s", d.causes().stream().map(Cause::id).toList())
                .map(Cause::id).contains(id);
        assertThat(d.primaryCause().get().confidence()).isEqualTo(confidence);
    }
}
