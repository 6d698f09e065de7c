package dev.conndoctor.rules;

import dev.conndoctor.Scheme;
import dev.conndoctor.Symptom;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.HttpSignatures;
import dev.conndoctor.protocol.Speech;
import java.util.Optional;

/** Whether the target's protocol worked, read from the exchange: the symptom of its first failing step, or none. */
public final class ProtocolOutcome {
    private ProtocolOutcome() {
    }

    public static Optional<Symptom> failure(ProtocolExchange x) {
        if (x.tlsFailed()) {
            return Optional.of(Symptom.TLS_FAILED);
        }
        Scheme scheme = x.scheme();
        if (x.closesEveryConnectionAtOnce()) {
            return Optional.of(Symptom.CLOSED); // nothing can be served, whatever the scheme promises: a forwarder with no backend
        }
        if (scheme == Scheme.TCP || scheme == Scheme.TLS) {
            return Optional.empty(); // connecting (and the TLS handshake) is all these promise
        }
        if (x.banner().isPresent() && scheme != Scheme.TEXT) {
            return Optional.of(Symptom.HANDSHAKE_FAILED);
        }
        return switch (x.reply()) {
            case EOF, RESET -> Optional.of(Symptom.CLOSED);
            case SILENT -> Optional.of(Symptom.NO_REPLY);
            case NOT_SENT -> Optional.empty();
            case DATA -> worked(x) ? Optional.empty() : Optional.of(Symptom.HANDSHAKE_FAILED);
        };
    }

    private static boolean worked(ProtocolExchange x) {
        return switch (x.scheme()) {
            case WS, WSS -> x.websocket().filter(v -> v.ok()).isPresent();
            case HTTP, HTTPS -> x.http().filter(head -> !HttpSignatures.isWebSocketOnlyAnswer(head, x.bodyPreview())
                    && !HttpSignatures.isPlainHttpToTlsPage(head, x.bodyPreview())).isPresent();
            case TEXT -> x.sniffed().filter(s -> s.speech() == Speech.TEXT
                    && !HttpResponseHead.isStatusLine(s.label())).isPresent();
            default -> true;
        };
    }
}
