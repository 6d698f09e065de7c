package dev.conndoctor.listen;

import java.util.Locale;
import java.util.Optional;

/** What {@code conndoctor listen} serves: {@code websocket://}, {@code http://}, {@code text://}, {@code tcp://}. */
public enum ListenProtocol {
    WEBSOCKET, HTTP, TEXT, TCP;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The protocol of a listen URL's scheme; {@code ws} is accepted for {@code websocket}. */
    public static Optional<ListenProtocol> fromScheme(String scheme) {
        return switch (scheme.toLowerCase(Locale.ROOT)) {
            case "websocket", "ws" -> Optional.of(WEBSOCKET);
            case "http" -> Optional.of(HTTP);
            case "text" -> Optional.of(TEXT);
            case "tcp" -> Optional.of(TCP);
            default -> Optional.empty();
        };
    }

    /** Whether a client that spoke {@code spoke} (inside TLS when the listener has it) is the client this listener serves. */
    public boolean matches(ClientSpeech spoke) {
        return switch (this) {
            case WEBSOCKET -> spoke == ClientSpeech.WEBSOCKET;
            case HTTP -> spoke == ClientSpeech.HTTP;
            case TEXT -> spoke == ClientSpeech.TEXT;
            case TCP -> spoke != ClientSpeech.NOTHING && spoke != ClientSpeech.TLS;
        };
    }
}
