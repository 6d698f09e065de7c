package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalView;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.evidence.PathView;
import dev.conndoctor.evidence.ProofCheck;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reach;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.protocol.Bytes;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Sniffer;
import dev.conndoctor.protocol.WebSocketHandshake;
import dev.conndoctor.rules.Diagnoser;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.client.ClientRules;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The human report of a diagnosis whose evidence a hostile server wrote: its escapes, line breaks,
 * C1 controls and bidi overrides are shown as text, never passed to the terminal.
 */
class TextRendererTest {

    private static final Diagnoser DIAGNOSER = new Diagnoser(new RuleEngine<>(ClientRules.all(), ClientRules.precedence()));
    private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final TextRenderer plain = new TextRenderer(Locale.ROOT, new Style(false));

    @Test
    void aHostileUpgradeValueInA101IsShownNotObeyed() {
        String out = plain.render(diagnose(webSocketAnswer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket"
                + Hostile.IN_A_HEADER + "\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n\r\n")));

        assertThat(out).contains("websocket-handshake-invalid").contains("field Upgrade");
        Hostile.assertSafe(out);
    }

    @Test
    void hostileConnectionAndAcceptValuesAndAServerHeaderAreShownNotObeyed() {
        String connection = plain.render(diagnose(webSocketAnswer("HTTP/1.1 101 Switching Protocols\r\n"
                + "Server: nginx" + Hostile.IN_A_HEADER + "\r\nUpgrade: websocket\r\nConnection: keep-alive"
                + Hostile.IN_A_HEADER + "\r\nSec-WebSocket-Accept: " + ACCEPT + "\r\n\r\n")));
        String accept = plain.render(diagnose(webSocketAnswer("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: " + Hostile.IN_A_HEADER + "\r\n\r\n")));

        assertThat(connection).contains("field Connection");
        assertThat(accept).contains("field Sec-WebSocket-Accept");
        Hostile.assertSafe(connection);
        Hostile.assertSafe(accept);
    }

    @Test
    void anUnofferedSubprotocolWithEscapesIsAnInvalidHandshakeShownSafely() {
        byte[] raw = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + ACCEPT + "\r\nSec-WebSocket-Protocol: chat" + Hostile.IN_A_HEADER
                + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        HttpResponseHead head = HttpResponseHead.parse(raw, raw.length).orElseThrow();
        ProtocolExchange x = exchange("ws://127.0.0.1:8282/chat", raw,
                Optional.of(WebSocketHandshake.verify(head, KEY, List.of())), Optional.empty());

        Diagnosis d = diagnose(x);
        String out = plain.render(d);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(out).startsWith("✗ ws://127.0.0.1:8282/chat: the protocol handshake failed.")
                .contains("websocket-handshake-invalid").contains("did not offer");
        Hostile.assertSafe(out);
    }

    @Test
    void hostileCertificateNamesAreShownNotObeyed() {
        CertificateFacts leaf = new CertificateFacts("CN=evil" + Hostile.ALL, "CN=issuer" + Hostile.ALL,
                List.of("evil.example" + Hostile.ALL), Instant.parse("2025-01-01T00:00:00Z"),
                Instant.parse("2035-01-01T00:00:00Z"));
        TlsOutcome tls = new TlsOutcome(false, "127.0.0.1", Optional.empty(), Optional.empty(), List.of(leaf),
                Optional.of(TlsProblem.NAME_MISMATCH), "No subject alternative names matching" + Hostile.ALL, false,
                Instant.parse("2026-01-01T00:00:00Z"));
        ProtocolExchange x = new ProtocolExchange(dev.conndoctor.Scheme.WSS, LOOPBACK, 8443, Optional.of(tls),
                Optional.empty(), "", Reply.NOT_SENT, Optional.empty(), Optional.empty(), "", Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), 3);

        Diagnosis d = diagnose("wss://127.0.0.1:8443/", x);
        String out = plain.render(d);

        assertThat(out).contains("tls-name-mismatch").contains("evil.example");
        Hostile.assertSafe(out);
    }

    @Test
    void everyPartOfTheReportCleansWhatCameFromOutside() {
        Target target = Target.parse("ws://example.com:8282/chat");
        Resolution resolution = Resolution.resolved("example.com", List.of(ResolvedAddress.of(LOOPBACK)), 4);
        NameserverAnswer answer = new NameserverAnswer("127.0.0.53", "A", Optional.of("NOERROR"),
                List.of(new DnsRecord("example.com", "CNAME", 60, "edge" + Hostile.ALL)), 2, Optional.empty());
        NameserverAnswer failed = new NameserverAnswer("127.0.0.54", "A", Optional.empty(), List.of(), 2,
                Optional.of("timeout" + Hostile.ALL));
        Evidence evidence = Evidence.builder(target, Duration.ofSeconds(2))
                .reach(new Reach(resolution, List.of(new ConnectAttempt(LOOPBACK, 8282, ConnectOutcome.REFUSED, 1,
                        "Connection refused" + Hostile.ALL)), List.of()))
                .path(new PathView(Optional.of(new DnsEvidence("example.com", List.of(), List.of("127.0.0.53"),
                        List.of(answer, failed))), List.of(), List.of(), Optional.empty()))
                .local(new LocalView(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                        List.of("/proc/net/tcp" + Hostile.ALL)))
                .build();
        // what a --server-report fills in: strings of the server's own report
        Cause cause = Cause.builder(CauseId.HOST_FIREWALL, Confidence.CONFIRMED, "8282")
                .evidence("evidence.server-report-firewall-some", "8282", "-s 10.0.0.0/8 -j DROP" + Hostile.ALL)
                .fix("fix.wrong-address.dial", Hostile.ALL)
                .build();
        Diagnosis d = new Diagnosis(target, Outcome.FAILED, Symptom.REFUSED, List.of(cause),
                List.of(RuledOut.of(CauseId.HOST_DOWN, "evidence.server-report-firewall-some", "1", Hostile.ALL)),
                List.of(Text.of("warning.seen-as", "203.0.113.7" + Hostile.ALL)), evidence, 9);

        String out = plain.render(d);

        assertThat(out).contains("-s 10.0.0.0/8 -j DROP").contains("/proc/net/tcp").contains("edge")
                .contains("Connection refused").contains("timeout");
        Hostile.assertSafe(out);
    }

    @Test
    void withColoursTheOnlyEscapesAreTheRenderersOwn() {
        String out = new TextRenderer(Locale.ROOT, new Style(true)).render(diagnose(webSocketAnswer(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket" + Hostile.IN_A_HEADER + "\r\n\r\n")));

        assertThat(out).contains("\u001b[1;31m✗");
        Hostile.assertOnlyOwnColours(out);
    }

    @Test
    void spanishRenderingCleansAsWell() {
        String out = new TextRenderer(Locale.forLanguageTag("es"), new Style(false)).render(diagnose(webSocketAnswer(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket" + Hostile.IN_A_HEADER + "\r\n\r\n")));

        Hostile.assertSafe(out);
    }

    // --- the verdict line agrees with the cause

    @Test
    void aProofAnsweredWithAnotherTokenIsNotAWorkingConnectionOnTheVerdictLine() {
        Evidence evidence = withProof(evidenceOf("text://127.0.0.1:7000", textAnswer()),
                new ProofCheck(true, false, Optional.of("127.0.0.1:50000"), true));

        Diagnosis d = DIAGNOSER.diagnose(evidence, 5);
        String out = plain.render(d);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.primaryCause().orElseThrow().confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(out.lines().findFirst().orElseThrow()).isEqualTo(
                "✗ text://127.0.0.1:7000: the connection opens, but the end-to-end proof does not verify.");
        assertThat(out).doesNotContain("the connection works").contains("Cause: wrong-address (possible)");
    }

    @Test
    void anAddressOtherThanTheExpectedOneIsNotAWorkingConnectionOnTheVerdictLine() throws Exception {
        Evidence base = evidenceOf("text://127.0.0.1:7000", textAnswer());
        Evidence evidence = Evidence.builder(base.target(), base.timeout()).reach(base.reach()).exchange(base.exchange())
                .path(new PathView(Optional.empty(), List.of(InetAddress.getByName("127.0.0.2")), List.of(),
                        Optional.empty()))
                .build();

        String first = plain.render(DIAGNOSER.diagnose(evidence, 5)).lines().findFirst().orElseThrow();

        assertThat(first).isEqualTo("✗ text://127.0.0.1:7000: the connection opens, but not to the expected server.");
    }

    @Test
    void aWorkingConnectionStillSaysItWorks() {
        String first = plain.render(DIAGNOSER.diagnose(evidenceOf("text://127.0.0.1:7000", textAnswer()), 5))
                .lines().findFirst().orElseThrow();

        assertThat(first).isEqualTo("✓ text://127.0.0.1:7000: the connection works.");
    }

    // --- evidence as the probe records it

    private static ProtocolExchange webSocketAnswer(String answer) {
        byte[] raw = answer.getBytes(StandardCharsets.ISO_8859_1);
        Optional<WebSocketHandshake.Verification> verification = HttpResponseHead.parse(raw, raw.length)
                .map(h -> WebSocketHandshake.verify(h, KEY, List.of()));
        return exchange("ws://127.0.0.1:8282/chat", raw, verification, Optional.of(true));
    }

    private static ProtocolExchange textAnswer() {
        return exchange("text://127.0.0.1:7000", "hello\n".getBytes(StandardCharsets.ISO_8859_1), Optional.empty(),
                Optional.empty());
    }

    private static ProtocolExchange exchange(String input, byte[] raw, Optional<WebSocketHandshake.Verification> ws,
                                             Optional<Boolean> pingAnswered) {
        Target target = Target.parse(input);
        Optional<HttpResponseHead> head = HttpResponseHead.parse(raw, raw.length);
        String body = head.map(h -> Bytes.preview(Arrays.copyOfRange(raw, h.headLength(), raw.length), 200)).orElse("");
        String request = target.scheme().isWebSocket() ? "GET " + target.path() + " HTTP/1.1" : "conndoctor";
        return new ProtocolExchange(target.scheme(), LOOPBACK, target.port(), Optional.empty(), Optional.empty(),
                request, Reply.DATA, Optional.of(Sniffer.sniff(raw)), head, body, ws,
                ws.filter(WebSocketHandshake.Verification::ok).flatMap(v -> pingAnswered), Optional.empty(),
                Optional.empty(), 3);
    }

    private static Diagnosis diagnose(ProtocolExchange x) {
        return diagnose("ws://127.0.0.1:8282/chat", x);
    }

    private static Diagnosis diagnose(String input, ProtocolExchange x) {
        return DIAGNOSER.diagnose(evidenceOf(input, x), 5);
    }

    private static Evidence evidenceOf(String input, ProtocolExchange x) {
        Target target = Target.parse(input);
        return Evidence.builder(target, Duration.ofSeconds(2))
                .reach(new Reach(Resolution.literal("127.0.0.1", ResolvedAddress.of(LOOPBACK)),
                        List.of(new ConnectAttempt(LOOPBACK, target.port(), ConnectOutcome.CONNECTED, 1, "connected")),
                        List.of()))
                .exchange(Optional.of(x))
                .build();
    }

    private static Evidence withProof(Evidence e, ProofCheck proof) {
        return Evidence.builder(e.target(), e.timeout()).reach(e.reach()).exchange(e.exchange()).proof(Optional.of(proof))
                .build();
    }
}
