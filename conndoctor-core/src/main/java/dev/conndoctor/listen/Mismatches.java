package dev.conndoctor.listen;

import dev.conndoctor.Text;
import java.util.Optional;

/** The fix for a client that spoke something else than the listener serves, in the server's and the client's terms. Pure. */
public final class Mismatches {
    private Mismatches() {
    }

    /**
     * @param listenerTls whether the listener serves TLS
     * @param clientTls whether the client spoke TLS (a ClientHello)
     */
    public static Optional<Text> fix(ListenProtocol listener, boolean listenerTls, ClientSpeech spoke, boolean clientTls,
                                     Optional<String> sni, String port) {
        if (clientTls && !listenerTls) {
            return Optional.of(Text.of("listen.fix.tls-to-plain", sni.orElse("-"), listener.id(), port));
        }
        if (!clientTls && listenerTls && spoke != ClientSpeech.NOTHING) {
            return Optional.of(Text.of("listen.fix.plain-to-tls", spoke.id(), listener.id(), port));
        }
        if (listener.matches(spoke)) {
            return Optional.empty();
        }
        return Optional.of(switch (spoke) {
            case NOTHING -> Text.of("listen.fix.nothing");
            case HTTP -> Text.of("listen.fix.http", listener.id(), port);
            case WEBSOCKET -> Text.of("listen.fix.websocket", listener.id(), port);
            case TEXT -> Text.of("listen.fix.text", listener.id(), port);
            case BINARY -> Text.of("listen.fix.binary", listener.id(), port);
            case TLS -> Text.of("listen.fix.tls-to-plain", sni.orElse("-"), listener.id(), port);
        });
    }
}
