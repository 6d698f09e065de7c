package dev.conndoctor.listen;

import java.util.Locale;

/** What a client said first, as {@code conndoctor listen} reports it ({@code spoke} in its JSON lines). */
public enum ClientSpeech {
    WEBSOCKET, HTTP, TLS, TEXT, BINARY, NOTHING;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
