package dev.conndoctor.explain;

import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.EXPLAINER;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.CauseId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The development half of issue 15's corpus: real messages of clients no pattern was first written
 * from, captured here or copied from public threads, each labelled with what really happened
 * ({@code fixtures/explain/corpus/README.md}); and ordinary log lines, which must match nothing.
 */
class ExplainCorpusTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case of dev.jsonl. */
    record Case(String id, String source, String text, Set<String> symptoms, List<String> causes, boolean first,
                boolean vague) {
        @Override
        public String toString() {
            return id;
        }
    }

    static List<JsonNode> lines() {
        return ExplainKnowledgeBaseEntriesTest.read("corpus/dev.jsonl").lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    static Stream<Case> cases() {
        return lines().stream().filter(n -> !n.has("negative")).map(n -> new Case(n.get("id").asText(),
                n.get("source").asText(), n.get("text").asText(), Set.of(n.get("symptoms").asText().split(",")),
                Arrays.stream(n.get("causes").asText().split(",")).filter(c -> !c.isBlank()).toList(),
                n.get("first").asBoolean(), n.get("vague").asBoolean()));
    }

    static Stream<String> ordinaryLines() {
        return lines().stream().filter(n -> n.has("negative")).map(n -> n.get("text").asText());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void theMessageIsClassifiedAsWhatReallyHappened(Case c) {
        Explanation e = EXPLAINER.explain(c.text());

        if (c.vague() && !e.recognized()) {
            return; // the text itself cannot tell: saying nothing is right, a claim must still fit
        }
        assertThat(e.recognized()).as(c.source()).isTrue();
        Explanation.Match m = e.matches().get(0);
        List<String> causes = m.causes().stream().map(CauseId::id).toList();
        if (!c.symptoms().contains("*")) {
            assertThat(m.message().symptom().id()).as(c.source() + " " + m.message().id()).isIn(c.symptoms());
        }
        if (!c.causes().isEmpty()) {
            assertThat(causes).as(c.source() + " " + m.message().id()).containsAnyElementsOf(c.causes());
        }
        if (c.first()) {
            assertThat(causes).as(c.source()).first().isEqualTo(c.causes().get(0));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ordinaryLines")
    void anOrdinaryLineMatchesNothing(String line) {
        assertThat(EXPLAINER.explain(line).recognized()).isFalse();
    }

    @Test
    void theCorpusHoldsCapturesThreadsAndOrdinaryLines() {
        List<Case> all = cases().toList();
        assertThat(all.stream().filter(c -> c.id().startsWith("cap:"))).hasSizeGreaterThan(100);
        assertThat(all.stream().filter(c -> c.id().startsWith("thr:")))
                .hasSizeGreaterThan(80).allSatisfy(c -> assertThat(c.source()).startsWith("https://github.com/"));
        assertThat(ordinaryLines()).hasSizeGreaterThanOrEqualTo(30);
    }
}
