package dev.conndoctor.explain;

import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.KB;
import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.fixtures;
import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.rows;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The words read out of a pattern, which rule a line out before its regex runs: they must be
 * words the pattern really needs (else a message goes unrecognized), and most lines of a log
 * must lack them (else the filter saves nothing).
 */
class RequiredWordsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", quoteCharacter = '`', textBlock = """
            net::ERR_CONNECTION_REFUSED => [[net::err_connection_refused]]
            connect ECONNREFUSED (?:(?<host>\\d{1,3}):(?<port>\\d+))? => [[connect econnrefused ]]
            dial tcp .*connect: no route to host => [[dial tcp , connect: no route to host]]
            \\bconnection refused\\b|(?<!code: ')ECONNREFUSED|拒绝连接 => [[connection refused], [econnrefused], [拒绝连接]]
            curl: \\(7\\) Failed => [[curl: (7) failed]]
            time ?d? ?out|ETIMEDOUT => [[time, out], [etimedout]]
            Firefox can(?:’|')t establish => [[firefox can, (’|'), t establish]]
            self[- ]signed certificate => [[self, signed certificate]]
            PKIX path (?:building|validation) failed => [[pkix path , (building|validation),  failed]]
            x509: certificate is (?:valid for|not valid) => [[x509: certificate is , (valid for|not valid)]]
            dial tcp .*(?:connect: connection timed out|i/o timeout) => [[dial tcp , (connect: connection timed out|i/o timeout)]]
            (?:(?:tcp|ws)://)?(?<host>[^\\s:]+):(?<port>\\d+) fail after => [[:,  fail after]]
            WebSocket (?=.*failed)x => [[websocket , x]]
            Hostname/IP does not match certificate's altnames => [[hostname/ip does not match certificate's altnames]]
            """)
    void theWordsOfAPatternAreItsLiteralRunsInOrderLowerCased(String pattern, String words) {
        assertThat(RequiredWords.of(pattern).alternatives().toString()).isEqualTo(words);
    }

    @Test
    void anAlternativeWithoutAWordLetsEveryLineThrough() {
        assertThat(RequiredWords.of("ECONNRESET|\\b\\d{5}\\b").alternatives()).isEmpty();
        assertThat(RequiredWords.of("(?:a|b)c?").mayMatch("anything")).isTrue();
        assertThat(RequiredWords.of("(?s)refused").mayMatch("x")).as("an inline flag is not read: no filter").isTrue();
    }

    @Test
    void theWordsMustAppearInTheirOrder() {
        RequiredWords words = RequiredWords.of("dial tcp .*connect: connection refused");

        assertThat(words.mayMatch("dial tcp 10.0.0.1:80: connect: connection refused")).isTrue();
        assertThat(words.mayMatch("connect: connection refused after dial tcp")).isFalse();
        assertThat(words.mayMatch("dial tcp 10.0.0.1:80: i/o timeout")).isFalse();
    }

    /**
     * The filter's one promise, over every line this project has seen: captured clients, written
     * messages, whole logs. A line a pattern finds is never ruled out by that pattern's words.
     */
    @Test
    void noLineAnEntryRecognizesIsRuledOutByItsWords() throws IOException {
        List<String> lines = new ArrayList<>();
        rows().forEach(r -> lines.add(r.message()));
        try (Stream<Path> files = Files.walk(fixtures())) {
            files.filter(Files::isRegularFile).forEach(f -> lines.addAll(text(f).lines().toList()));
        }
        int matched = 0;
        for (String line : lines) {
            String lower = line.toLowerCase(Locale.ROOT);
            for (KnownMessage entry : KB.entries()) {
                if (entry.pattern().matcher(line).find()) {
                    matched++;
                    assertThat(entry.mayMatch(lower)).as("%s on %s", entry.id(), line).isTrue();
                }
            }
        }
        assertThat(matched).as("lines recognized in the fixtures").isGreaterThan(200);
    }

    @Test
    void everyEntryHasWordsSoThatOrdinaryLinesCostNoRegex() {
        List<String> ordinary = List.of("2024-11-22T10:00:00.001Z INFO request 1234 served in 12 ms",
                "GET /api/v1/items?page=2 200 532", "    at com.example.App.main(App.java:12)");
        for (KnownMessage entry : KB.entries()) {
            for (String line : ordinary) {
                assertThat(entry.mayMatch(line.toLowerCase(Locale.ROOT))).as(entry.id() + " on " + line).isFalse();
            }
        }
    }

    private static String text(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
