package dev.conndoctor;

import java.util.Locale;

/** Whether the connection works: {@code ok} (warnings may exist) or {@code failed}. */
public enum Outcome {
    OK, FAILED;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
