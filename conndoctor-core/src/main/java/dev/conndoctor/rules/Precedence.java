package dev.conndoctor.rules;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which cause gives way to which, declared once per engine instead of by the order rules are
 * listed in: a ranking that breaks ties of confidence (the higher cause is the primary one), and
 * suppressions, where one cause found makes another one's finding moot.
 */
public final class Precedence {
    private final Map<CauseId, Integer> ranks;
    private final List<Suppression> suppressions;

    private Precedence(Map<CauseId, Integer> ranks, List<Suppression> suppressions) {
        this.ranks = Map.copyOf(ranks);
        this.suppressions = List.copyOf(suppressions);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where {@code cause} stands among causes of equal confidence: lower stands first. */
    public int rank(CauseId cause) {
        Integer rank = ranks.get(cause);
        if (rank == null) {
            throw new IllegalArgumentException("no precedence for cause " + cause);
        }
        return rank;
    }

    public boolean ranks(CauseId cause) {
        return ranks.containsKey(cause);
    }

    /** Every ranked cause, first to last. */
    public List<CauseId> ranking() {
        return ranks.keySet().stream().sorted(Comparator.comparing(ranks::get)).toList();
    }

    /** The suppressions, in the order they were declared. */
    public List<Suppression> suppressions() {
        return suppressions;
    }

    /** The suppression that silences {@code loser} given every cause the rules found, if any. */
    public Optional<Suppression> suppressing(CauseId loser, Collection<Cause> found) {
        return suppressions.stream().filter(s -> s.loser() == loser)
                .filter(s -> found.stream().anyMatch(s::appliesTo)).findFirst();
    }

    /**
     * When {@code winner} is found with at least {@code atLeast} confidence, {@code loser} is not
     * reported: the winner explains the same observation better.
     */
    public record Suppression(CauseId winner, Confidence atLeast, CauseId loser) {
        boolean appliesTo(Cause found) {
            return found.id() == winner && found.confidence().compareTo(atLeast) <= 0;
        }
    }

    /** Declares the ranking line by line, most specific cause first, then the suppressions. */
    public static final class Builder {
        private final Map<CauseId, Integer> ranks = new LinkedHashMap<>();
        private final List<Suppression> suppressions = new ArrayList<>();

        private Builder() {
        }

        /** Ranks {@code cause} after every cause ranked so far. */
        public Builder then(CauseId cause) {
            if (ranks.putIfAbsent(cause, ranks.size()) != null) {
                throw new IllegalArgumentException("cause ranked twice: " + cause);
            }
            return this;
        }

        /** Whenever {@code winner} is found, {@code loser} is dropped. */
        public Builder suppresses(CauseId winner, CauseId loser) {
            return suppresses(winner, Confidence.POSSIBLE, loser);
        }

        /** Whenever {@code winner} is found with at least {@code atLeast} confidence, {@code loser} is dropped. */
        public Builder suppresses(CauseId winner, Confidence atLeast, CauseId loser) {
            if (winner == loser) {
                throw new IllegalArgumentException("a cause cannot suppress itself: " + winner);
            }
            suppressions.add(new Suppression(winner, atLeast, loser));
            return this;
        }

        public Precedence build() {
            return new Precedence(ranks, suppressions);
        }
    }
}
