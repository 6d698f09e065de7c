package dev.conndoctor.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code conndoctor watch} remembers of its rounds, in bounded memory however long it runs:
 * per state (the outcome, the symptom and the primary cause of a round) how many rounds it held,
 * how long, its longest run; how often the state flipped; the causes seen; and the last
 * {@link #WINDOW} rounds. From the totals it names the pattern: steady, intermittent refusals (a
 * server that restarts), intermittent timeouts (packet loss, a backlog that overflows at peaks),
 * other intermittent failures, or down throughout. Pure: rounds in, a summary out; the caller
 * gives the times.
 */
final class WatchHistory {

    /** The rounds kept whole, newest last; older ones live on only in the totals. */
    static final int WINDOW = 100;

    /** One round, as the watch line shows it. */
    record Round(int number, long startedAtMs, String state, boolean ok, String symptom, Optional<String> cause,
                 long elapsedMs) {
    }

    /** The totals of one state over the whole watch. */
    record StateTotals(String state, boolean ok, String symptom, int rounds, long durationMs, int longestRun) {
    }

    /** The pattern the rounds show, named for a person. */
    enum Pattern {
        /** Every round in one state. */
        STEADY,
        /** Working rounds and refused ones: nothing listened for a while, a server that restarts. */
        INTERMITTENT_REFUSALS,
        /** Working rounds and timed-out ones: packet loss, or SYNs dropped when a backlog overflows. */
        INTERMITTENT_TIMEOUTS,
        /** Working rounds and failing ones of another kind. */
        INTERMITTENT_FAILURES,
        /** No round worked, in more than one way. */
        DOWN_THROUGHOUT;

        String id() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final Map<String, int[]> counts = new LinkedHashMap<>();
    private final Map<String, long[]> durations = new LinkedHashMap<>();
    private final Map<String, int[]> longest = new LinkedHashMap<>();
    private final Map<String, Boolean> okStates = new LinkedHashMap<>();
    private final Map<String, String> symptoms = new LinkedHashMap<>();
    private final Map<String, int[]> causes = new LinkedHashMap<>();
    private final ArrayDeque<Round> window = new ArrayDeque<>();
    private Round last;
    private int run;
    private int rounds;
    private int flips;
    private long firstStartMs = -1;

    /**
     * Records {@code round}; the previous round's state lasted until this one started. Returns
     * the previous round's state when this one changed it.
     */
    synchronized Optional<String> add(Round round) {
        Optional<String> changedFrom = Optional.empty();
        if (firstStartMs < 0) {
            firstStartMs = round.startedAtMs();
        }
        if (last != null) {
            durations.get(last.state())[0] += Math.max(0, round.startedAtMs() - last.startedAtMs());
            if (!last.state().equals(round.state())) {
                flips++;
                changedFrom = Optional.of(last.state());
                run = 0;
            }
        }
        run++;
        rounds++;
        counts.computeIfAbsent(round.state(), s -> new int[1])[0]++;
        durations.computeIfAbsent(round.state(), s -> new long[1]);
        int[] longestRun = longest.computeIfAbsent(round.state(), s -> new int[1]);
        longestRun[0] = Math.max(longestRun[0], run);
        okStates.put(round.state(), round.ok());
        symptoms.put(round.state(), round.symptom());
        round.cause().ifPresent(c -> causes.computeIfAbsent(c, k -> new int[1])[0]++);
        window.addLast(round);
        if (window.size() > WINDOW) {
            window.pollFirst();
        }
        last = round;
        return changedFrom;
    }

    /** The summary at {@code endMs}: the last round's state lasted until then. */
    synchronized Summary summary(long endMs) {
        List<StateTotals> states = new ArrayList<>();
        for (String state : counts.keySet()) {
            long duration = durations.get(state)[0];
            if (last != null && last.state().equals(state)) {
                duration += Math.max(0, endMs - last.startedAtMs());
            }
            states.add(new StateTotals(state, okStates.get(state), symptoms.get(state), counts.get(state)[0], duration,
                    longest.get(state)[0]));
        }
        Map<String, Integer> seen = new LinkedHashMap<>();
        causes.forEach((cause, count) -> seen.put(cause, count[0]));
        return new Summary(rounds, firstStartMs < 0 ? 0 : Math.max(0, endMs - firstStartMs), flips, states, seen,
                pattern(states), Optional.ofNullable(last), List.copyOf(window));
    }

    /** The pattern of {@code states}: working and failing rounds mixed, named by what failed. */
    static Pattern pattern(List<StateTotals> states) {
        if (states.size() <= 1) {
            return Pattern.STEADY;
        }
        boolean someOk = states.stream().anyMatch(StateTotals::ok);
        if (!someOk) {
            return Pattern.DOWN_THROUGHOUT;
        }
        List<String> failures = states.stream().filter(s -> !s.ok()).map(StateTotals::symptom).distinct().toList();
        if (failures.isEmpty()) {
            return Pattern.STEADY; // only working states: a warning that came and went
        }
        if (failures.equals(List.of("refused"))) {
            return Pattern.INTERMITTENT_REFUSALS;
        }
        if (failures.equals(List.of("timeout"))) {
            return Pattern.INTERMITTENT_TIMEOUTS;
        }
        return Pattern.INTERMITTENT_FAILURES;
    }

    /** All a watch has to say at its end. */
    record Summary(int rounds, long durationMs, int flips, List<StateTotals> states, Map<String, Integer> causesSeen,
                   Pattern pattern, Optional<Round> last, List<Round> window) {
        /** The failing rounds, over all rounds. */
        int failedRounds() {
            return states.stream().filter(s -> !s.ok()).mapToInt(StateTotals::rounds).sum();
        }
    }
}
