package dev.conndoctor;

import java.util.ArrayList;
import java.util.List;

/**
 * One named cause of a failure: its catalogue id, how sure the diagnosis is, a one-line
 * summary, the observed facts that support it and the steps that fix it.
 */
public record Cause(CauseId id, Confidence confidence, Text summary, List<Text> evidence, List<Text> fixes) {

    public Cause {
        evidence = List.copyOf(evidence);
        fixes = List.copyOf(fixes);
    }

    /** Starts a cause whose summary is the bundle's {@code cause.ID.summary} text with {@code args}. */
    public static Builder builder(CauseId id, Confidence confidence, Object... summaryArgs) {
        return new Builder(id, confidence, Text.of("cause." + id.id() + ".summary", summaryArgs));
    }

    /** Starts a cause with a summary of its own key, where the catalogue's summary does not fit (the server's view). */
    public static Builder builderWithSummary(CauseId id, Confidence confidence, String summaryKey, Object... summaryArgs) {
        return new Builder(id, confidence, Text.of(summaryKey, summaryArgs));
    }

    /** Collects evidence and fixes in the order a person should read them. */
    public static final class Builder {
        private final CauseId id;
        private final Confidence confidence;
        private final Text summary;
        private final List<Text> evidence = new ArrayList<>();
        private final List<Text> fixes = new ArrayList<>();

        private Builder(CauseId id, Confidence confidence, Text summary) {
            this.id = id;
            this.confidence = confidence;
            this.summary = summary;
        }

        public Builder evidence(String key, Object... args) {
            evidence.add(Text.of(key, args));
            return this;
        }

        public Builder evidence(Text text) {
            evidence.add(text);
            return this;
        }

        public Builder fix(String key, Object... args) {
            fixes.add(Text.of(key, args));
            return this;
        }

        public Cause build() {
            return new Cause(id, confidence, summary, evidence, fixes);
        }
    }
}
