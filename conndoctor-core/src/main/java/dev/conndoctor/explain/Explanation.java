package dev.conndoctor.explain;

import dev.conndoctor.CauseId;
import java.util.List;
import java.util.Optional;

/**
 * What {@code explain} made of a text: each distinct error it recognized once, with how often
 * and when it appeared; and for a text it did not recognize, the families it comes nearest to.
 */
public record Explanation(List<Match> matches, List<String> nearestFamilies, int linesRead) {

    public Explanation {
        matches = List.copyOf(matches);
        nearestFamilies = List.copyOf(nearestFamilies);
    }

    /**
     * One recognized error.
     *
     * @param target the target read out of the text, as a diagnose target ({@code ws://host:8282/path})
     * @param next the command that would confirm the cause
     * @param firstSeen the timestamp of its first line in a log, when lines carry one
     * @param causes the likely causes, most likely first: the entry's, or ordered by what the text
     *     shows (a refusal by {@code ::1} names {@code address-family-mismatch} first)
     */
    public record Match(KnownMessage message, String line, Optional<String> target, Optional<Integer> status,
                        int count, Optional<String> firstSeen, Optional<String> lastSeen, String next,
                        List<CauseId> causes) {
        public Match {
            causes = List.copyOf(causes);
        }

        /**
         * Whether the general reader recognized it: no known form of a client's message, but the
         * words of one family of failures (an errno, a phrase, a status around an upgrade).
         */
        public boolean general() {
            return message.general();
        }
    }

    public boolean recognized() {
        return !matches.isEmpty();
    }
}
