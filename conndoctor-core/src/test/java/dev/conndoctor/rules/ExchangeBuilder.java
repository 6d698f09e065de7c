package dev.conndoctor.rules;

import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.evidence.TlsProblem;
import dev.conndoctor.protocol.Bytes;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Sniffed;
import dev.conndoctor.protocol.Sniffer;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Builds the protocol exchange a probe would have recorded, from the raw bytes a server sent:
 * sniffed, parsed and previewed as {@code ProtocolProbe} does, with no socket. Addresses are
 * literals only.
 */
final class ExchangeBuilder {

    /** The key of RFC 6455 §1.3, sent by every WebSocket exchange built here. */
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    /** The answer a correct server gives to {@link #KEY}. */
    static final String ACCEPT = "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=";
    /** When every TLS handshake built here ran. */
    static final Instant OBSERVED_AT = Instant.parse("2025-06-01T12:00:00Z");
    /** The probe's body preview bound. */
    static final int BODY_PREVIEW_CHARS = 200;

    private final String input;
    private final Target target;
    private InetAddress address;
    private int port;
    private Optional<TlsOutcome> tls = Optional.empty();
    private Optional<Sniffed> banner = Optional.empty();
    private String request;
    private Reply reply = Reply.NOT_SENT;
    private Optional<Sniffed> sniffed = Optional.empty();
    private Optional<HttpResponseHead> http = Optional.empty();
    private String bodyPreview = "";
    private Optional<WebSocketHandshake.Verification> websocket = Optional.empty();
    private Optional<Boolean> pingAnswered = Optional.empty();
    private Optional<TlsOutcome> tlsFollowUp = Optional.empty();
    private Optional<Sniffed> plainFollowUp = Optional.empty();
    private long elapsedMs = 12;

    private ExchangeBuilder(String input) {
        this.input = input;
        this.target = Target.parse(input);
        this.address = EvidenceBuilder.ip(target.host());
        this.port = target.port();
        this.request = switch (target.scheme()) {
            case WS, WSS, HTTP, HTTPS -> "GET " + target.path() + " HTTP/1.1";
            case TEXT -> "conndoctor";
            default -> "";
        };
    }

    /** An exchange with the target as the user typed it, e.g. {@code ws://192.0.2.10:8282/chat}. */
    static ExchangeBuilder to(String input) {
        return new ExchangeBuilder(input);
    }

    /** Another port of the target's host, as the wrong-port scan speaks to it. */
    ExchangeBuilder port(int port) {
        this.port = port;
        return this;
    }

    /** The server answered the request with these bytes (ISO-8859-1, one char a byte). */
    ExchangeBuilder answer(String raw) {
        return answer(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    ExchangeBuilder answer(byte[] raw) {
        reply = Reply.DATA;
        sniffed = Optional.of(Sniffer.sniff(raw));
        http = HttpResponseHead.parse(raw, raw.length);
        bodyPreview = http.map(h -> Bytes.preview(Arrays.copyOfRange(raw, h.headLength(), raw.length), BODY_PREVIEW_CHARS))
                .orElse("");
        if (target.scheme().isWebSocket()) {
            websocket = http.map(h -> WebSocketHandshake.verify(h, KEY));
        }
        return this;
    }

    /** After a valid 101: whether the ping got a pong. */
    ExchangeBuilder pingAnswered(boolean answered) {
        pingAnswered = Optional.of(answered);
        return this;
    }

    /** The server spoke first; conndoctor then sent nothing (except to text:// targets). */
    ExchangeBuilder banner(String raw) {
        banner = Optional.of(Sniffer.sniff(raw.getBytes(StandardCharsets.ISO_8859_1)));
        if (target.scheme() != Scheme.TEXT) {
            request = "";
            reply = Reply.NOT_SENT;
        }
        return this;
    }

    /** The server closed without a byte after the request. */
    ExchangeBuilder closed() {
        reply = Reply.EOF;
        return this;
    }

    ExchangeBuilder reset() {
        reply = Reply.RESET;
        return this;
    }

    /** Nothing came back before the deadline. */
    ExchangeBuilder silent() {
        reply = Reply.SILENT;
        return this;
    }

    /** The TLS step of the target; when it failed nothing was sent after it. */
    ExchangeBuilder tls(TlsOutcome outcome) {
        tls = Optional.of(outcome);
        if (!outcome.established()) {
            request = "";
            reply = Reply.NOT_SENT;
        }
        return this;
    }

    /** The TLS handshake tried on the same port after a plain request got nothing back. */
    ExchangeBuilder tlsFollowUp(TlsOutcome outcome) {
        tlsFollowUp = Optional.of(outcome);
        return this;
    }

    /** What the server said to a plain request after refusing the ClientHello. */
    ExchangeBuilder plainFollowUp(String raw) {
        plainFollowUp = Optional.of(Sniffer.sniff(raw.getBytes(StandardCharsets.ISO_8859_1)));
        return this;
    }

    ExchangeBuilder request(String firstLine) {
        request = firstLine;
        return this;
    }

    ExchangeBuilder elapsedMs(long ms) {
        elapsedMs = ms;
        return this;
    }

    ProtocolExchange build() {
        return new ProtocolExchange(target.scheme(), address, port, tls, banner, request, reply, sniffed, http,
                bodyPreview, websocket, pingAnswered, tlsFollowUp, plainFollowUp, elapsedMs);
    }

    /** The evidence of a diagnosis whose target connected and then had this exchange. */
    Evidence evidence() {
        return EvidenceBuilder.target(input).connected(target.host(), 2).exchange(build()).build();
    }

    // --- TLS outcomes and certificates

    static TlsOutcome tlsEstablished(String protocol, String cipher, CertificateFacts... chain) {
        return new TlsOutcome(true, "", Optional.of(protocol), Optional.of(cipher), List.of(chain), Optional.empty(), "",
                false, OBSERVED_AT);
    }

    static TlsOutcome tlsFailed(TlsProblem problem, String detail, CertificateFacts... chain) {
        return new TlsOutcome(false, "", Optional.empty(), Optional.empty(), List.of(chain), Optional.of(problem), detail,
                false, OBSERVED_AT);
    }

    static CertificateFacts certificate(String subject, String issuer, List<String> names, String notBefore,
                                        String notAfter) {
        return new CertificateFacts(subject, issuer, names, Instant.parse(notBefore), Instant.parse(notAfter));
    }

    /** A certificate valid around {@link #OBSERVED_AT}. */
    static CertificateFacts validCertificate(String subject, String issuer, String... names) {
        return certificate(subject, issuer, List.of(names), "2025-03-01T00:00:00Z", "2025-09-01T00:00:00Z");
    }
}
