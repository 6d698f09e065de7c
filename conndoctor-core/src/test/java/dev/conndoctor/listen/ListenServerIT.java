package dev.conndoctor.listen;

import static dev.conndoctor.listen.ListenServerHarness.diagnose;
import static dev.conndoctor.listen.ListenServerHarness.options;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.evidence.ProofCheck;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code conndoctor listen}'s server on 127.0.0.1 against conndoctor's own probes: the end-to-end
 * proof with the right token, a wrong one and none, plain and TLS, and the reports the listener
 * makes of each connection.
 */
class ListenServerIT {

    private static final String TOKEN = "lab-token-7f3a9c";
    private static final String SEEN_AS_LOOPBACK = "127\\.0\\.0\\.1:\\d{1,5}";

    @ParameterizedTest(name = "{0} listener, {1}:// client")
    @CsvSource({"WEBSOCKET,ws,/", "HTTP,http,/", "TEXT,text,", "TCP,tcp,"})
    void theRightTokenIsVerifiedAndTheClientSeenAsItself(ListenProtocol protocol, String scheme, String path)
            throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(protocol, Optional.of(TOKEN))) {
            Diagnosis d = diagnose(scheme + "://" + listener.hostAndPort() + (path == null ? "" : path),
                    options(Optional.of(TOKEN)), Optional.empty());

            assertThat(d.outcome()).as(describe(d)).isEqualTo(Outcome.OK);
            assertThat(d.causes()).isEmpty();
            ProofCheck proof = d.evidence().proof().orElseThrow();
            assertThat(proof.answered()).isTrue();
            assertThat(proof.verified()).isTrue();
            assertThat(proof.seenAs()).hasValueSatisfying(s -> assertThat(s).matches(SEEN_AS_LOOPBACK));
            assertThat(proof.seenAsLocal()).isTrue();
            assertThat(d.warnings()).as("no seen-as warning for this machine's own address").isEmpty();

            // the listener saw the same connection: its peer is the seenAs, it matched, it gave the proof
            ClientReport report = listener.awaitOne(ClientReport::proofGiven);
            assertThat(report.peer()).isEqualTo(proof.seenAs().orElseThrow());
            assertThat(report.matches()).isTrue();
            assertThat(report.fix()).isEmpty();
            assertThat(report.tls()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}+tls listener, {1}:// client")
    @CsvSource({"WEBSOCKET,wss", "HTTP,https"})
    void theProofWorksInsideTlsWithASelfSignedCertificate(ListenProtocol protocol, String scheme) throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.startTls(protocol, Optional.of(TOKEN))) {
            Diagnosis d = diagnose(scheme + "://localhost:" + listener.port() + "/", options(Optional.of(TOKEN)),
                    Optional.of(ListenServerHarness.trustSelfSigned()));

            assertThat(d.outcome()).as(describe(d)).isEqualTo(Outcome.OK);
            ProofCheck proof = d.evidence().proof().orElseThrow();
            assertThat(proof.verified()).isTrue();
            assertThat(proof.seenAs()).hasValueSatisfying(s -> assertThat(s).matches(SEEN_AS_LOOPBACK));

            ClientReport report = listener.awaitOne(ClientReport::proofGiven);
            assertThat(report.tls()).isTrue();
            assertThat(report.matches()).isTrue();
            assertThat(report.sni()).contains("localhost");
        }
    }

    @Test
    void insecureAlsoReachesTheProofBehindASelfSignedCertificate() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            Diagnosis d = diagnose("wss://127.0.0.1:" + listener.port() + "/",
                    options(Optional.of(TOKEN)).toBuilder().insecure(true).build(), Optional.empty());

            assertThat(d.outcome()).as(describe(d)).isEqualTo(Outcome.OK);
            assertThat(d.evidence().proof()).hasValueSatisfying(p -> assertThat(p.verified()).isTrue());
        }
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsReportedWithTheFix() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            Diagnosis d = diagnose("wss://localhost:" + listener.port() + "/", options(Optional.empty()), Optional.empty());

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.symptom()).isEqualTo(Symptom.TLS_FAILED);
            assertThat(d.primaryCause().map(Cause::id)).as(describe(d)).contains(CauseId.TLS_UNTRUSTED);

            ClientReport report = listener.awaitSpoke(ClientSpeech.TLS);
            assertThat(report.matches()).isFalse();
            assertThat(report.tls()).isFalse();
            assertThat(report.sni()).contains("localhost");
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.render(Locale.ROOT))
                    .contains("gave up during the handshake", "self-signed", "trust it on the client"));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"wss://localhost:PORT/", "wss://127.0.0.1:PORT/"})
    void withATokenAnUntrustedCertificateIsNotTheWrongServer(String target) throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            Diagnosis d = diagnose(target.replace("PORT", String.valueOf(listener.port())), options(Optional.of(TOKEN)),
                    Optional.empty());

            assertThat(d.primaryCause().map(Cause::id)).as(describe(d)).contains(CauseId.TLS_UNTRUSTED);
            assertThat(d.causes()).noneMatch(c -> c.id() == CauseId.WRONG_ADDRESS || c.id() == CauseId.DNS_POINTS_ELSEWHERE);
        }
    }

    @ParameterizedTest(name = "{0} listener, {1}:// client")
    @CsvSource({"WEBSOCKET,ws,/", "HTTP,http,/", "TEXT,text,", "TCP,tcp,"})
    void aWrongTokenIsOnlyPossiblyTheWrongServer(ListenProtocol protocol, String scheme, String path) throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(protocol, Optional.of(TOKEN))) {
            Diagnosis d = diagnose(scheme + "://" + listener.hostAndPort() + (path == null ? "" : path),
                    options(Optional.of("not-" + TOKEN)), Optional.empty());

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            Cause cause = d.primaryCause().orElseThrow();
            assertThat(cause.id()).as(describe(d)).isEqualTo(CauseId.WRONG_ADDRESS);
            // a listener holding another token is what a mistyped --token looks like too
            assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
            assertThat(cause.evidence()).map(t -> t.render(Locale.ROOT))
                    .anySatisfy(e -> assertThat(e).contains("does not verify"));
            ProofCheck proof = d.evidence().proof().orElseThrow();
            assertThat(proof.answered()).isTrue();
            assertThat(proof.verified()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0} listener without a token, {1}:// client")
    @CsvSource({"WEBSOCKET,ws,/", "HTTP,http,/", "TEXT,text,", "TCP,tcp,"})
    void aListenerWithoutATokenGivesNoProofAndIsTheWrongServerConfirmed(ListenProtocol protocol, String scheme,
                                                                       String path) throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(protocol, Optional.empty())) {
            Diagnosis d = diagnose(scheme + "://" + listener.hostAndPort() + (path == null ? "" : path),
                    options(Optional.of(TOKEN)), Optional.empty());

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            Cause cause = d.primaryCause().orElseThrow();
            assertThat(cause.id()).as(describe(d)).isEqualTo(CauseId.WRONG_ADDRESS);
            assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
            assertThat(cause.evidence()).map(t -> t.render(Locale.ROOT))
                    .anySatisfy(e -> assertThat(e).contains("gave no end-to-end proof"));
            assertThat(d.evidence().proof()).hasValueSatisfying(p -> assertThat(p.answered()).isFalse());
            // and nothing is revealed without the token
            assertThat(listener.reports).noneMatch(ClientReport::proofGiven);
        }
    }

    @Test
    void withoutATokenOnTheClientNoProofIsAskedAndTheListenerIsJustAServer() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            Diagnosis d = diagnose("ws://" + listener.hostAndPort() + "/", options(Optional.empty()), Optional.empty());

            assertThat(d.outcome()).as(describe(d)).isEqualTo(Outcome.OK);
            assertThat(d.evidence().proof()).isEmpty();
            ClientReport report = listener.awaitSpoke(ClientSpeech.WEBSOCKET);
            assertThat(report.matches()).isTrue();
            assertThat(report.proofGiven()).isFalse();
        }
    }

    @Test
    void aNameWhoseListenerHoldsAnotherTokenIsOnlyPossiblyDnsPointsElsewhere() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            Diagnosis d = diagnose("ws://localhost:" + listener.port() + "/", options(Optional.of("other")),
                    Optional.empty());

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.causes()).as(describe(d)).anySatisfy(c -> {
                assertThat(c.id()).isEqualTo(CauseId.DNS_POINTS_ELSEWHERE);
                // a listener holding another token is what a mistyped --token looks like too
                assertThat(c.confidence()).isEqualTo(Confidence.POSSIBLE);
            });
            assertThat(d.causes()).noneMatch(c -> c.id() == CauseId.WRONG_ADDRESS);
        }
    }

    @Test
    void eachDiagnosisIsAPortCheckAndOneConversationAndTheListenerReportsBoth() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            diagnose("ws://" + listener.hostAndPort() + "/chat", options(Optional.of(TOKEN)), Optional.empty());

            ClientReport spoke = listener.awaitSpoke(ClientSpeech.WEBSOCKET);
            ClientReport check = listener.awaitSpoke(ClientSpeech.NOTHING);
            assertThat(spoke.path()).contains("/chat");
            assertThat(spoke.preview()).startsWith("GET /chat HTTP/1.1");
            assertThat(spoke.peer()).matches(SEEN_AS_LOOPBACK);
            assertThat(check.matches()).isFalse();
            assertThat(check.fix()).hasValueSatisfying(f -> assertThat(f.key()).isEqualTo("listen.fix.closed-at-once"));
            assertThat(check.peer()).isNotEqualTo(spoke.peer());
            assertThat(listener.reports).hasSize(2);
        }
    }

    @Test
    void anHttpProbeAtAWebSocketListenerIsAMismatchOnBothSidesButTheRightServer() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            Diagnosis d = diagnose("http://" + listener.hostAndPort() + "/", options(Optional.of(TOKEN)), Optional.empty());

            // the 426 carries the proof: the right server, speaking WebSocket only
            assertThat(d.evidence().proof()).hasValueSatisfying(p -> assertThat(p.verified()).isTrue());
            assertThat(d.causes()).as(describe(d)).noneMatch(c -> c.id() == CauseId.WRONG_ADDRESS);
            assertThat(d.primaryCause().map(Cause::id)).contains(CauseId.WEBSOCKET_ONLY);
            ClientReport report = listener.awaitSpoke(ClientSpeech.HTTP);
            assertThat(report.matches()).isFalse();
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.render(Locale.ROOT)).contains("plain HTTP"));
        }
    }

    @ParameterizedTest(name = "{0} listener, {1}:// client")
    @CsvSource({"TEXT,ws,/", "TEXT,http,/", "TCP,ws,/", "WEBSOCKET,text,", "HTTP,text,", "HTTP,tcp,"})
    void aProbeOfAnotherProtocolWithTheRightTokenIsNeverTheWrongServer(ListenProtocol protocol, String scheme,
                                                                     String path) throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(protocol, Optional.of(TOKEN))) {
            Diagnosis d = diagnose(scheme + "://" + listener.hostAndPort() + (path == null ? "" : path),
                    options(Optional.of(TOKEN)), Optional.empty());

            assertThat(d.causes()).as(describe(d))
                    .noneMatch(c -> c.id() == CauseId.WRONG_ADDRESS && c.confidence() == Confidence.CONFIRMED);
        }
    }

    @Test
    void aTextProbeAtAWebSocketListenerIsNotReportedAsGivenAProof() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            diagnose("text://" + listener.hostAndPort(), options(Optional.of(TOKEN)), Optional.empty());

            ClientReport report = listener.awaitSpoke(ClientSpeech.TEXT);
            assertThat(report.matches()).isFalse();
            assertThat(report.fix()).hasValueSatisfying(f -> assertThat(f.key()).isEqualTo("listen.fix.text"));
        }
    }

    @Test
    void proofGivenMeansAProofWasSent() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.of(TOKEN))) {
            diagnose("text://" + listener.hostAndPort(), options(Optional.of(TOKEN)), Optional.empty());

            assertThat(listener.awaitSpoke(ClientSpeech.TEXT).proofGiven()).isFalse();
        }
    }

    @Test
    void theTokenAppearsInNoDiagnosisAndNoReport() throws Exception {
        List<String> everything = new ArrayList<>();
        for (ListenProtocol protocol : ListenProtocol.values()) {
            try (ListenServerHarness listener = ListenServerHarness.start(protocol, Optional.of(TOKEN))) {
                for (String target : List.of("ws://" + listener.hostAndPort() + "/", "http://" + listener.hostAndPort() + "/",
                        "text://" + listener.hostAndPort(), "tcp://" + listener.hostAndPort())) {
                    for (String token : List.of(TOKEN, "wrong-" + TOKEN.substring(3))) {
                        Diagnosis d = diagnose(target, options(Optional.of(token)), Optional.empty());
                        everything.add(describe(d));
                        everything.add(d.toString());
                        everything.add(options(Optional.of(token)).toString());
                    }
                }
                Thread.sleep(200);
                everything.addAll(ListenServerHarness.texts(listener.reports));
            }
        }
        assertThat(everything).isNotEmpty().allSatisfy(text -> assertThat(text).doesNotContain(TOKEN, TOKEN.substring(3)));
    }

    private static String describe(Diagnosis d) {
        StringBuilder sb = new StringBuilder(d.outcome() + " " + d.symptom());
        d.causes().forEach(c -> {
            sb.append("\n  ").append(c.id().id()).append(' ').append(c.confidence()).append(": ")
                    .append(c.summary().render(Locale.ROOT));
            c.evidence().forEach(e -> sb.append("\n    - ").append(e.render(Locale.ROOT)));
        });
        d.warnings().forEach(w -> sb.append("\n  warning: ").append(w.render(Locale.ROOT)));
        d.evidence().proof().ifPresent(p -> sb.append("\n  proof: ").append(p));
        d.evidence().exchange().ifPresent(x -> sb.append("\n  exchange: ").append(x.request()).append(" -> ")
                .append(x.sniffed().map(s -> s.label()).orElse("(nothing)")));
        return sb.toString();
    }
}
