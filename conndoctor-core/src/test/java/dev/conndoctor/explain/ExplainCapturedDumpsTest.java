package dev.conndoctor.explain;

import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.EXPLAINER;
import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.capturedFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.Row;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The raw captures whole, as a user pastes them: a Node error object with its stack and
 * properties, a Java stack trace with its causes, a Python traceback, curl's hint lines.
 */
class ExplainCapturedDumpsTest {

    /** Captures nothing recognizes today, each one a bug of ExplainKnownBugsTest. */
    private static final Set<String> KNOWN_UNRECOGNIZED = Set.of(
            "curl-28-connect-timeout", "curl-28-syn-timeout",
            "java-httpclient-refused", "java-httpclient-unknown-host", "java-not-tls-httpclient",
            "python-ssl-ip-mismatch",
            "os-es_ES-no-route", "os-fr_FR-addr-not-avail", "os-de_DE-name-not-known",
            "os-de_DE-reset", "os-de_DE-try-again",
            "os-zh_CN-no-route", "os-zh_CN-net-unreachable", "os-zh_CN-addr-not-avail", "os-zh_CN-name-not-known",
            "os-zh_CN-try-again", "os-zh_CN-reset");

    /** The captured rows whose message is the capture's headline (its first or last line). */
    static Stream<Row> headlineRows() {
        return ExplainKnowledgeBaseEntriesTest.passingRows()
                .filter(r -> r.captured() && !r.source().matches(".*:\\$\\w.*"));
    }

    static List<String> captureNames() {
        return capturedFile("captured/INDEX.txt").lines().filter(l -> !l.isBlank())
                .map(l -> l.substring(0, l.indexOf(':'))).toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headlineRows")
    void theWholeCaptureIsExplainedFirstAsItsHeadline(Row row) {
        Explanation e = EXPLAINER.explain(row.capture());

        assertThat(e.recognized()).isTrue();
        assertThat(e.matches().get(0).message().id()).as(row.source()).isEqualTo(row.id());
    }

    @Test
    void everyCaptureIsRecognizedButTheKnownBugs() {
        Set<String> unrecognized = new TreeSet<>();
        for (String name : captureNames()) {
            if (!EXPLAINER.explain(capturedFile("captured/" + name + ".txt")).recognized()) {
                unrecognized.add(name);
            }
        }
        assertThat(unrecognized).isSubsetOf(KNOWN_UNRECOGNIZED);
    }

    @Test
    void theIndexListsEveryCaptureFileAndTheClientVersions() {
        assertThat(captureNames()).hasSizeGreaterThan(100).doesNotHaveDuplicates();
        String versions = capturedFile("captured/VERSIONS.txt");
        assertThat(versions).contains("curl ", "node v", "ws ", "openjdk", "Python ", "websockets ", "nginx");
    }

    @Test
    void curlsHintLinesAfterA60AreNotErrorsOfTheirOwn() {
        Explanation e = EXPLAINER.explain(capturedFile("captured/curl-60-name.txt"));
        assertThat(e.matches()).singleElement()
                .satisfies(m -> assertThat(m.message().id()).isEqualTo("curl.cert-name"));
    }

    @Test
    void aPythonTracebackIsOneError() {
        Explanation e = EXPLAINER.explain(capturedFile("captured/python-refused.txt"));
        assertThat(e.matches()).singleElement().satisfies(m -> {
            assertThat(m.message().id()).isEqualTo("python.refused");
            assertThat(m.line()).isEqualTo("ConnectionRefusedError: [Errno 111] Connection refused");
        });
    }

    @Test
    void nginxsPlainHttpPageIsRecognizedWhereverItsLinesAre() {
        Explanation e = EXPLAINER.explain(capturedFile("captured/nginx-plain-http-to-https.txt"));
        assertThat(e.matches()).singleElement().satisfies(m -> {
            assertThat(m.message().id()).isEqualTo("nginx.plain-http-to-https");
            assertThat(m.count()).as("its <title> and its body").isEqualTo(2);
        });
    }
}
