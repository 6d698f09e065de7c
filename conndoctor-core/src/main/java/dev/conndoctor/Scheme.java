package dev.conndoctor;

import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/** The protocols a target can name; the scheme says what the client expects the server to speak. */
public enum Scheme {
    TCP(0, false),
    TEXT(0, false),
    TLS(0, true),
    WS(80, false),
    WSS(443, true),
    HTTP(80, false),
    HTTPS(443, true);

    private final int defaultPort;
    private final boolean tls;

    Scheme(int defaultPort, boolean tls) {
        this.defaultPort = defaultPort;
        this.tls = tls;
    }

    /** The scheme as written in a URL. */
    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The port a URL of this scheme means when it names none. */
    public OptionalInt defaultPort() {
        return defaultPort == 0 ? OptionalInt.empty() : OptionalInt.of(defaultPort);
    }

    public boolean usesTls() {
        return tls;
    }

    public boolean isWebSocket() {
        return this == WS || this == WSS;
    }

    /** The scheme written {@code id}, in any case. */
    public static Optional<Scheme> fromId(String id) {
        return Arrays.stream(values()).filter(s -> s.id().equalsIgnoreCase(id)).findFirst();
    }
}
