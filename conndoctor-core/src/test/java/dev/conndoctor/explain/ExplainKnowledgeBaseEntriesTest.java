package dev.conndoctor.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import dev.conndoctor.Target;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One real message per knowledge-base entry, as its client prints it: captured from the clients
 * on this machine against loopback servers ({@code fixtures/explain/capture.sh}, raw output in
 * {@code captured/}), or written from the sources of the clients the machine does not have.
 * The rows are in {@code fixtures/explain/messages.tsv}; this class also holds the fixture
 * reading the other explain tests share.
 */
class ExplainKnowledgeBaseEntriesTest {

    static final KnowledgeBase KB = KnowledgeBase.embedded();
    static final Explainer EXPLAINER = new Explainer(KB);

    /** One row of messages.tsv. */
    record Row(String id, String origin, String source, String target, String note) {
        boolean captured() {
            return origin.equals("captured");
        }

        boolean bug() {
            return note.startsWith("BUG");
        }

        /** The message itself: the text of a written row, the chosen line of a captured one. */
        String message() {
            return captured() ? captureLine(source) : source;
        }

        /** The whole raw capture of a captured row. */
        String capture() {
            return capturedFile(source.substring(0, source.lastIndexOf(':')));
        }

        @Override
        public String toString() {
            return id + " <- " + (captured() ? source : "written: " + source);
        }
    }

    static Path fixtures() {
        try {
            return Path.of(ExplainKnowledgeBaseEntriesTest.class.getResource("/fixtures/explain/messages.tsv").toURI())
                    .getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String read(String relative) {
        try {
            return Files.readString(fixtures().resolve(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw capture, {@code captured/NAME.txt}, exactly as the client printed it. */
    static String capturedFile(String relative) {
        return read(relative);
    }

    /** {@code captured/x.txt:N} (1-based), {@code :$} (the last non-blank line) or {@code :$WORD} (the first line with WORD). */
    static String captureLine(String reference) {
        int colon = reference.lastIndexOf(':');
        String selector = reference.substring(colon + 1);
        List<String> lines = capturedFile(reference.substring(0, colon)).lines().toList();
        if (selector.equals("$")) {
            return lines.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElseThrow();
        }
        if (selector.startsWith("$")) {
            return lines.stream().filter(l -> l.contains(selector.substring(1))).findFirst()
                    .orElseThrow(() -> new AssertionError(reference + ": no line holds " + selector.substring(1)));
        }
        return lines.get(Integer.parseInt(selector) - 1);
    }

    static List<Row> rows() {
        return read("messages.tsv").lines().filter(l -> !l.isBlank() && !l.startsWith("#")).map(l -> {
            String[] f = l.split("\t", -1);
            if (f.length != 5) {
                throw new IllegalStateException("messages.tsv: 5 tab-separated fields expected: " + l);
            }
            return new Row(f[0], f[1], f[2], f[3], f[4]);
        }).toList();
    }

    static Row row(String id, String sourceContains) {
        return rows().stream().filter(r -> r.id().equals(id) && r.source().contains(sourceContains)).findFirst()
                .orElseThrow(() -> new AssertionError("no row " + id + " " + sourceContains));
    }

    static Stream<Row> passingRows() {
        return rows().stream().filter(r -> !r.bug());
    }

    /**
     * What {@code next} must be for a match: diagnose the target read out, as one shell word, or
     * the entry's placeholder.
     */
    static void assertRunnableNext(Explanation.Match m) {
        if (m.target().isPresent()) {
            assertThat(m.next()).isEqualTo("conndoctor diagnose " + ShellWords.quote(m.target().get()));
            assertThatCode(() -> Target.parse(m.target().get())).as("the target is one diagnose accepts")
                    .doesNotThrowAnyException();
        } else {
            String scheme = m.message().defaultScheme();
            assertThat(m.next()).isEqualTo("conndoctor diagnose " + (scheme.equals("-") ? "HOST:PORT"
                    : scheme + "://HOST:PORT"));
        }
    }

    @Test
    void everyEntryHasATestMessage() {
        Set<String> covered = rows().stream().map(Row::id).collect(Collectors.toSet());
        Set<String> missing = KB.entries().stream().map(KnownMessage::id).filter(id -> !covered.contains(id))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(missing).as("knowledge-base entries without a message in messages.tsv").isEmpty();
    }

    @Test
    void everyRowNamesAnEntryThatExists() {
        Set<String> ids = KB.entries().stream().map(KnownMessage::id).collect(Collectors.toSet());
        assertThat(rows()).extracting(Row::id).allMatch(ids::contains);
    }

    @Test
    void capturedRowsPointAtARealCaptureListedInTheIndex() {
        String index = capturedFile("captured/INDEX.txt");
        for (Row r : rows()) {
            assertThat(r.origin()).isIn("captured", "written", "corpus");
            if (r.captured()) {
                String name = r.source().substring("captured/".length(), r.source().lastIndexOf(".txt"));
                assertThat(index).as(r.toString()).contains(name + ": ");
                assertThat(r.message()).as(r.toString()).isNotBlank();
            } else {
                assertThat(r.note()).as("a written row says where its form comes from: " + r).isNotEqualTo("-");
            }
        }
    }

    @Test
    void mostEntriesAreCoveredByACapturedMessage() {
        Set<String> captured = rows().stream().filter(r -> r.captured() || r.origin().equals("corpus")
                && r.note().startsWith("cap:")).map(Row::id).collect(Collectors.toSet());
        Set<String> clientsOnThisMachine = Set.of("node", "java", "python", "curl", "nginx", "any");
        List<String> notCaptured = KB.entries().stream()
                .filter(e -> clientsOnThisMachine.contains(e.client()) && !e.general() && !captured.contains(e.id()))
                .map(KnownMessage::id).toList();
        // only the forms this machine cannot produce: curl 7.88 no longer prints them (see the rows' notes), and
        // Java WebSocket and Python forms from clients this machine does not have (Tyrus, nv-websocket-client,
        // websocket-client): their rows are from public threads or the clients' sources
        assertThat(notCaptured).containsExactlyInAnyOrder(NOT_CAPTURED.toArray(String[]::new));
    }

    /** Entries of clients this machine has whose message was not captured here. */
    static final Set<String> NOT_CAPTURED = Set.of("curl.connect-timeout", "curl.no-route",
            // Java WebSocket clients this machine does not have: Tyrus, nv-websocket-client
            "java.ws-status-tyrus", "java.ws-status-nv", "java.ws-no-response",
            // captured, but the captures fell in the held-out half: the row is written from aiohttp's source
            "python.aiohttp-ws-status",
            // an application's own log of websockets' exception (repr), from a public thread
            "python.invalid-status-code");

    @ParameterizedTest(name = "{0}")
    @MethodSource("passingRows")
    void theMessageIsRecognizedAsItsEntry(Row row) {
        Explanation e = EXPLAINER.explain(row.message());

        assertThat(e.matches()).as(row.message()).hasSize(1);
        Explanation.Match m = e.matches().get(0);
        assertThat(m.message().id()).as(row.message()).isEqualTo(row.id());
        assertThat(m.count()).isEqualTo(1);
        assertThat(m.line()).isEqualTo(row.message().strip());
        assertThat(e.nearestFamilies()).isEmpty();
        switch (row.target()) {
            case "-" -> assertThat(m.target()).as("no target in " + row.message()).isEmpty();
            case "?" -> { }
            default -> assertThat(m.target()).as("the target of " + row.message()).contains(row.target());
        }
        assertRunnableNext(m);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("passingRows")
    void theMessageWithLogDressingIsStillItsEntry(Row row) {
        String dressed = "2024-11-22T10:00:00.123Z ERROR [app.client] \"" + row.message().strip() + "\"";

        Explanation e = EXPLAINER.explain(dressed);

        assertThat(e.matches()).as(dressed).hasSize(1);
        assertThat(e.matches().get(0).message().id()).isEqualTo(row.id());
        assertThat(e.matches().get(0).firstSeen()).contains("2024-11-22T10:00:00.123Z");
    }

    @Test
    void statusGroupIsReadWhereTheEntryHasOne() {
        Explanation.Match m = EXPLAINER.explain(row("node.ws-unexpected-other", "502").message()).matches().get(0);
        assertThat(m.status()).contains(502);
        assertThat(EXPLAINER.explain(row("chrome.ws-status-400", "426").source()).matches().get(0).status())
                .contains(426);
        assertThat(EXPLAINER.explain(row("python.ws-invalid-status", "404").message()).matches().get(0).status())
                .isEqualTo(Optional.of(404));
    }
}
