package dev.conndoctor;

/** A cause that was checked and excluded, with the reason. */
public record RuledOut(CauseId id, Text why) {
    public static RuledOut of(CauseId id, String key, Object... args) {
        return new RuledOut(id, Text.of(key, args));
    }
}
