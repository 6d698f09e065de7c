package dev.conndoctor.cli.exporter;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The probers a module can name: blackbox_exporter's {@code tcp}, {@code http} and
 * {@code websocket}, with their meaning of success, and {@code conndoctor}, which follows the
 * target's own scheme and succeeds when the diagnosis says the connection works.
 */
public enum ProberKind {
    TCP,
    HTTP,
    WEBSOCKET,
    CONNDOCTOR;

    /** The name in the YAML, e.g. {@code websocket}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ProberKind> fromId(String id) {
        return Arrays.stream(values()).filter(p -> p.id().equals(id)).findFirst();
    }
}
