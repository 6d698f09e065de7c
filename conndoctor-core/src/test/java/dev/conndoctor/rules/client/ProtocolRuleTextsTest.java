package dev.conndoctor.rules.client;

import dev.conndoctor.fixtures.Diagnosers;
import dev.conndoctor.fixtures.Answers;
import dev.conndoctor.fixtures.ExchangeBuilder;
import dev.conndoctor.fixtures.Verdicts;


import static dev.conndoctor.fixtures.ExchangeBuilder.certificate;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsEstablished;
import static dev.conndoctor.fixtures.ExchangeBuilder.tlsFailed;
import static dev.conndoctor.fixtures.ExchangeBuilder.to;
import static dev.conndoctor.fixtures.ExchangeBuilder.validCertificate;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.TlsProblem;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every rule on every protocol failure and checks each text as a person reads it: the key
 * is in the bundle, every argument is filled, it is one line; and each failure finds a cause.
 */
class ProtocolRuleTextsTest {

    static Stream<Evidence> failures() {
        return Stream.of(
                to("ws://192.0.2.10:80/chat").answer(Answers.NGINX_STATIC_200),
                to("ws://192.0.2.10:80/ws").answer(Answers.NGINX_PROXIED_WORKERMAN_400),
                to("ws://192.0.2.10:80/ws").answer(Answers.NGINX_502),
                to("ws://192.0.2.10:8282/chat").answer(Answers.NOT_FOUND_404),
                to("wss://192.0.2.10:8443/chat").tls(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256"))
                        .answer(Answers.FORBIDDEN_403),
                to("ws://192.0.2.10:8282/chat").answer(Answers.WEBSOCKET_101_WRONG_ACCEPT),
                to("ws://192.0.2.10:8282/chat").answer(Answers.ECHO_OF_UPGRADE),
                to("ws://192.0.2.10:8282/").banner(Answers.GATEWAY_BANNER),
                to("ws://192.0.2.10:8282/").closed().tlsFollowUp(tlsFailed(TlsProblem.CLOSED, "closed")),
                to("text://192.0.2.10:7000").reset(),
                to("ws://192.0.2.10:8443/").closed().tlsFollowUp(tlsEstablished("TLSv1.3", "TLS_AES_128_GCM_SHA256",
                        validCertificate("CN=chat.example", "CN=R11", "chat.example"))),
                to("ws://192.0.2.10:8443/").answer(Answers.TLS_ALERT),
                to("ws://192.0.2.10:8282/").silent(),
                to("http://192.0.2.10:443/").answer(Answers.NGINX_PLAIN_HTTP_TO_HTTPS),
                to("http://192.0.2.10:8282/").answer(Answers.UPGRADE_REQUIRED_426),
                to("http://192.0.2.10:8282/").answer(Answers.WORKERMAN_4_400),
                to("http://192.0.2.10:6379/").answer("-ERR unknown command\r\n"),
                to("wss://192.0.2.10:8282/").tls(tlsFailed(TlsProblem.NOT_TLS, "Unsupported or unrecognized SSL message"))
                        .plainFollowUp("HTTP/1.1 200 OK\r\n\r\n"),
                to("wss://192.0.2.10:8443/").tls(tlsFailed(TlsProblem.UNTRUSTED, "PKIX path building failed",
                        validCertificate("CN=chat.example", "CN=chat.example", "chat.example"))),
                to("https://192.0.2.10:443/").tls(tlsFailed(TlsProblem.EXPIRED, "validity check failed",
                        certificate("CN=a", "CN=R3", List.of("a.example"), "2024-01-01T00:00:00Z",
                                "2024-04-01T00:00:00Z"))),
                to("https://192.0.2.10:443/").tls(tlsFailed(TlsProblem.NAME_MISMATCH, "No name matching",
                        validCertificate("CN=b", "CN=R3", "b.example"))),
                to("tls://192.0.2.10:443").tls(tlsFailed(TlsProblem.VERSION_MISMATCH,
                        "Received fatal alert: protocol_version")))
                .map(ExchangeBuilder::evidence);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void everyTextOfEveryRuleNamesAllItsArguments(Evidence evidence) {
        Verdicts.assertEveryRuleTextFilled(evidence);
    }

    @ParameterizedTest
    @MethodSource("failures")
    void everyProtocolFailureFindsACause(Evidence evidence) {
        assertThat(Diagnosers.client().diagnose(evidence, 1).primaryCause()).isPresent();
    }
}
