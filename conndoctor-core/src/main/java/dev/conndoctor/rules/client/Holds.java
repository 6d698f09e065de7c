package dev.conndoctor.rules.client;

import dev.conndoctor.Text;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.ProtocolExchange;
import java.util.Locale;
import java.util.Optional;

/** What the rules of {@code --hold} say alike: durations in seconds, how a connection ended, who answered the upgrade. */
final class Holds {
    private Holds() {
    }

    /** Milliseconds as seconds with one decimal, e.g. {@code 60.0}; never grouped, whatever the locale. */
    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    /** Whole seconds, rounded (a timer of 2 s fires at 1.99 s seen from the client), at least 1: for the numbers a fix proposes. */
    static long wholeSeconds(long ms) {
        return Math.max(1, Math.round(ms / 1000.0));
    }

    /** How the server's side ended the connection, in words: a FIN, a reset, a close frame. */
    static Text how(Lifetime lifetime) {
        return Text.of("how." + lifetime.how().id());
    }

    /** The Server header of the upgrade's answer, lower case, when there was one. */
    static Optional<String> server(Evidence evidence) {
        return evidence.exchange().flatMap(ProtocolExchange::http).map(h -> h.server()).filter(s -> !s.isEmpty());
    }

    /** The Server header as the server wrote it, for evidence. */
    static String serverAsSent(Evidence evidence) {
        return evidence.exchange().flatMap(ProtocolExchange::http).flatMap(h -> h.header("Server")).orElse("");
    }
}
