package dev.conndoctor.explain;

import dev.conndoctor.CauseId;
import dev.conndoctor.Symptom;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One known form of an error message: which client prints it, the failure it reports, the
 * causes that produce it (most likely first; none when they follow the HTTP status it carries),
 * and the pattern that recognizes it. Named groups
 * {@code url}, {@code host}, {@code port} and {@code status} are read when the pattern has them.
 */
public record KnownMessage(String id, String client, Symptom symptom, List<CauseId> causes, Pattern pattern,
                           String defaultScheme, RequiredWords words) {

    public KnownMessage {
        causes = List.copyOf(causes);
    }

    /** An entry whose required words are read from its pattern. */
    public KnownMessage(String id, String client, Symptom symptom, List<CauseId> causes, Pattern pattern,
            String defaultScheme) {
        this(id, client, symptom, causes, pattern, defaultScheme, RequiredWords.of(pattern.pattern()));
    }

    /**
     * Whether this entry belongs to the general reader ({@code general.*} ids): it knows no client's
     * form, only the words of one family of failures, so it says what it is sure of and no more.
     */
    public boolean general() {
        return id.startsWith("general.");
    }

    /**
     * Whether the causes depend on the HTTP status the message carries ({@code by-status} in the
     * knowledge base): the entry lists none of its own.
     */
    public boolean byStatus() {
        return causes.isEmpty();
    }

    /** False when {@code lowerLine} (lower-cased with {@code Locale.ROOT}) lacks a word the pattern needs. */
    public boolean mayMatch(String lowerLine) {
        return words.mayMatch(lowerLine);
    }

    /** {@link #mayMatch(String)} with the line's {@link RequiredWords#mask} computed once. */
    public boolean mayMatch(String lowerLine, long lineMask) {
        return words.mayMatch(lowerLine, lineMask);
    }
}
