package dev.conndoctor.cli.exporter;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The last probes, newest first, for the exporter's page; at most a fixed number, each of bounded size. */
public final class ProbeHistory {

    /** A target longer than this is shown cut: the page is for people, the full target is in the link. */
    static final int MAX_TARGET_CHARS = 512;

    /**
     * One probe as the page shows it.
     *
     * @param symptom the symptom's id; empty when nothing was probed
     * @param cause the primary cause's id, when one was found
     */
    public record Entry(Instant at, String module, String target, boolean success, Optional<String> symptom,
                        Optional<String> cause, long durationMs) {
        public Entry {
            target = target.length() > MAX_TARGET_CHARS ? target.substring(0, MAX_TARGET_CHARS) : target;
        }
    }

    private final int limit;
    private final Deque<Entry> entries = new ArrayDeque<>();

    public ProbeHistory(int limit) {
        this.limit = limit;
    }

    public synchronized void add(Entry entry) {
        if (limit == 0) {
            return;
        }
        entries.addFirst(entry);
        while (entries.size() > limit) {
            entries.removeLast();
        }
    }

    /** The entries, newest first. */
    public synchronized List<Entry> entries() {
        return new ArrayList<>(entries);
    }
}
