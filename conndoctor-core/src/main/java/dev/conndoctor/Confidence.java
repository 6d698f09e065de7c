package dev.conndoctor;

import java.util.Locale;

/** How sure a diagnosis is of a cause; declared strongest first, so the natural order ranks causes. */
public enum Confidence {
    /** Observed directly. */
    CONFIRMED,
    /** The best explanation of what was observed. */
    LIKELY,
    /** Consistent with the evidence, not checked. */
    POSSIBLE;

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
