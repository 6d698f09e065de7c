package dev.conndoctor.describe;

import dev.conndoctor.Text;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;

/** One line that says what the server speaks, for every report: the first thing a person wants to know. */
public final class ServerSpeech {
    private ServerSpeech() {
    }

    public static Text describe(ProtocolExchange x) {
        if (x.banner().isPresent()) {
            return Text.of("speaks.banner", x.banner().get().speech().id(), x.banner().get().label());
        }
        if (x.tlsFailed()) {
            TlsOutcome tls = x.tls().get();
            return x.plainFollowUp()
                    .map(s -> Text.of("speaks.plain-not-tls", s.speech().id(), s.label()))
                    .orElseGet(() -> Text.of("speaks.tls-failed", tls.problem().map(p -> p.id()).orElse("?")));
        }
        String tls = x.tls().flatMap(TlsOutcome::protocol).map(p -> p + ", ").orElse("");
        if (x.sniffed().isPresent()) {
            return Text.of("speaks.answer", tls + x.sniffed().get().speech().id(), x.sniffed().get().label());
        }
        if (x.tlsWorksOnSamePort()) {
            return Text.of("speaks.tls-only", x.tlsOnSamePort().get().protocol().orElse("TLS"));
        }
        return switch (x.reply()) {
            case EOF -> Text.of("speaks.closed");
            case RESET -> Text.of("speaks.reset");
            case SILENT -> Text.of("speaks.silent");
            default -> x.tls().filter(TlsOutcome::established).isPresent()
                    ? Text.of("speaks.tls", x.tls().get().protocol().orElse("TLS"), x.tls().get().cipher().orElse("?"))
                    : Text.of("speaks.nothing-yet");
        };
    }
}
