package dev.conndoctor.describe;


import dev.conndoctor.Cause;
import dev.conndoctor.Scheme;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.protocol.Bytes;
import dev.conndoctor.protocol.Sniffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/** Shared reading of the protocol exchange for the rules of protocol mismatches. */
public final class Exchanges {
    private Exchanges() {
    }

    /** The exchange, when it ran with one of {@code schemes}. */
    public static Optional<ProtocolExchange> of(Evidence evidence, Set<Scheme> schemes) {
        return evidence.exchange().filter(x -> schemes.contains(x.scheme()));
    }

    /** What was sent and what came back, as the first evidence lines of a protocol cause. */
    public static Cause.Builder exchangeLines(Cause.Builder cause, ProtocolExchange x) {
        if (!x.request().isEmpty()) {
            cause.evidence("evidence.sent", x.request(), x.endpoint());
        }
        x.sniffed().ifPresent(s -> cause.evidence("evidence.answered", x.endpoint(), s.label(), s.speech().id()));
        x.http().flatMap(h -> h.header("Server"))
                .ifPresent(server -> cause.evidence("evidence.server-header", shown(server)));
        if (!x.bodyPreview().isEmpty()) {
            cause.evidence("evidence.body-preview", x.bodyPreview());
        }
        ServerFingerprints.identify(x).ifPresent(cause::evidence);
        return cause;
    }

    /** What conndoctor last sent: the request line, or the TLS ClientHello when the handshake is where it stopped. */
    public static String sentLabel(ProtocolExchange x) {
        if (!x.request().isEmpty()) {
            return x.request();
        }
        return x.tls().isPresent() ? "TLS ClientHello" : "-";
    }

    /** A header value from the wire, escaped and bounded for a one-line report. */
    public static String shown(String headerValue) {
        return Bytes.preview(headerValue.getBytes(StandardCharsets.ISO_8859_1), Sniffer.PREVIEW_CHARS);
    }

    /** The scheme a client should use instead, when the server speaks {@code tls} or not. */
    public static String plainCounterpart(Scheme scheme) {
        return switch (scheme) {
            case WSS -> "ws";
            case HTTPS -> "http";
            case TLS -> "tcp";
            default -> scheme.id();
        };
    }

    public static String tlsCounterpart(Scheme scheme) {
        return switch (scheme) {
            case WS -> "wss";
            case HTTP -> "https";
            default -> "tls";
        };
    }
}
