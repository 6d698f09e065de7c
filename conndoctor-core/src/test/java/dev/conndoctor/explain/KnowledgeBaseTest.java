package dev.conndoctor.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.CauseId;
import dev.conndoctor.Symptom;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The knowledge base as data: the embedded file parses, its ids and causes are sound, bad lines are named. */
class KnowledgeBaseTest {

    private static final Set<String> CAUSE_IDS = Arrays.stream(CauseId.values()).map(CauseId::id)
            .collect(Collectors.toSet());
    private static final Set<String> SYMPTOM_IDS = Arrays.stream(Symptom.values()).map(Symptom::id)
            .collect(Collectors.toSet());
    private static final Pattern NAMED_GROUP = Pattern.compile("\\(\\?<([a-zA-Z][a-zA-Z0-9]*)>");

    /** messages.kb as it is in the jar, read raw (not through the parser under test). */
    static String embeddedText() {
        try (InputStream in = KnowledgeBase.class.getResourceAsStream("/dev/conndoctor/explain/messages.kb")) {
            assertThat(in).as("messages.kb on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry lines of the raw file, split into their six fields. */
    private static List<String[]> rawEntries() {
        return embeddedText().lines().map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .map(l -> l.split("\\s+\\|\\s+", 6)).toList();
    }

    @Test
    void theEmbeddedFileParses() {
        KnowledgeBase kb = KnowledgeBase.embedded();

        assertThat(kb.entries()).hasSize(rawEntries().size());
        assertThat(kb.entries()).hasSizeGreaterThan(100);
        assertThat(kb.entries()).allSatisfy(e -> {
            assertThat(e.id()).matches("[a-z0-9]+\\.[a-z0-9.-]+");
            assertThat(e.client()).isNotBlank();
            assertThat(e.pattern().flags() & Pattern.CASE_INSENSITIVE).isNotZero();
        });
    }

    @Test
    void everyLineHasSixFields() {
        assertThat(rawEntries()).allSatisfy(f -> assertThat(f).hasSize(6));
    }

    @Test
    void noTwoEntriesHaveTheSameId() {
        Map<String, Long> counts = rawEntries().stream().collect(Collectors.groupingBy(f -> f[0], Collectors.counting()));
        assertThat(counts).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1L));
        assertThat(KnowledgeBase.embedded().entries()).extracting(KnownMessage::id).doesNotHaveDuplicates();
    }

    @Test
    void everyCauseIdInTheFileIsInTheCatalogue() {
        for (String[] f : rawEntries()) {
            assertThat(f[3]).as(f[0] + " lists its causes").isNotEqualTo("-");
            if (f[3].equals("by-status")) {
                assertThat(f[5]).as(f[0] + ": causes by status need the status").contains("(?<status>");
                continue;
            }
            List<String> causes = Arrays.stream(f[3].split(",")).map(String::strip).toList();
            assertThat(causes).as(f[0]).isNotEmpty().doesNotHaveDuplicates().allMatch(CAUSE_IDS::contains);
        }
    }

    @Test
    void everySymptomIsOneOfTheContract() {
        for (String[] f : rawEntries()) {
            assertThat(f[2]).as(f[0]).isIn(SYMPTOM_IDS).isNotEqualTo("ok");
        }
    }

    @Test
    void causesAndSymptomsKeepTheirOrderThroughTheParser() {
        Map<String, String[]> raw = new HashMap<>();
        rawEntries().forEach(f -> raw.put(f[0], f));
        for (KnownMessage e : KnowledgeBase.embedded().entries()) {
            String[] f = raw.get(e.id());
            assertThat(e.client()).isEqualTo(f[1]);
            assertThat(e.symptom().id()).isEqualTo(f[2]);
            assertThat(e.causes()).extracting(CauseId::id).containsExactlyElementsOf(f[3].equals("by-status") ? List.of()
                    : Arrays.stream(f[3].split(",")).map(String::strip).toList());
            assertThat(e.byStatus()).isEqualTo(f[3].equals("by-status"));
            assertThat(e.defaultScheme()).isEqualTo(f[4]);
            assertThat(e.pattern().pattern()).isEqualTo(f[5]);
        }
    }

    @Test
    void schemesAreOnesDiagnoseAccepts() {
        assertThat(KnowledgeBase.embedded().entries()).extracting(KnownMessage::defaultScheme)
                .allMatch(s -> Set.of("-", "tcp", "http", "https", "ws", "wss").contains(s));
    }

    @Test
    void clientsAreTheContractsNames() {
        assertThat(KnowledgeBase.embedded().entries()).extracting(KnownMessage::client).allMatch(
                c -> Set.of("chrome", "firefox", "safari", "ios", "android", "okhttp", "netty", "jetty", "node", "java",
                        "python", "go", "rust", "dart", "ruby", "perl", "php", "workerman", "curl", "git", "wget", "dotnet",
                        "mysql", "libpq", "redis", "openssh", "openssl", "netcat", "signalr", "socketio", "nginx", "any")
                        .contains(c));
    }

    @Test
    void patternsOnlyNameTheGroupsTheExplainerReads() {
        for (KnownMessage e : KnowledgeBase.embedded().entries()) {
            Matcher m = NAMED_GROUP.matcher(e.pattern().pattern());
            while (m.find()) {
                assertThat(m.group(1)).as(e.id()).isIn("url", "host", "port", "status");
            }
            String p = e.pattern().pattern();
            assertThat(p.contains("(?<host>")).as(e.id() + ": host and port go together")
                    .isEqualTo(p.contains("(?<port>"));
        }
    }

    @Test
    void noPatternMatchesAnEmptyOrHarmlessLine() {
        for (KnownMessage e : KnowledgeBase.embedded().entries()) {
            for (String harmless : List.of("", " ", "INFO server started on port 8282", "GET /chat HTTP/1.1 101",
                    "connected to ws://example.com:8282/chat")) {
                assertThat(e.pattern().matcher(harmless).find()).as(e.id() + " on '" + harmless + "'").isFalse();
            }
        }
    }

    @Test
    void commentsAndBlankLinesAreSkipped() {
        KnowledgeBase kb = KnowledgeBase.parse("""
                # a comment
                   # an indented comment

                t.one | node | refused | server-not-listening | tcp | connect ECONNREFUSED
                """);
        assertThat(kb.entries()).singleElement().satisfies(e -> {
            assertThat(e.id()).isEqualTo("t.one");
            assertThat(e.symptom()).isEqualTo(Symptom.REFUSED);
            assertThat(e.causes()).containsExactly(CauseId.SERVER_NOT_LISTENING);
        });
    }

    @Test
    void aPatternMayHoldThePipeCharacter() {
        KnowledgeBase kb = KnowledgeBase.parse("t.alt | curl | closed | closed-without-reply | http | a|b | c\n");
        assertThat(kb.entries().get(0).pattern().pattern()).isEqualTo("a|b | c");
    }

    @Test
    void crlfLineEndsParse() {
        KnowledgeBase kb = KnowledgeBase.parse("# x\r\nt.one | node | refused | wrong-port | tcp | refused\r\n");
        assertThat(kb.entries()).singleElement().satisfies(e -> assertThat(e.pattern().matcher("refused").find()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', textBlock = """
            too few fields;       t.bad | node | refused | server-not-listening | tcp;                     line 3: expected 6 fields
            unknown symptom;      t.bad | node | exploded | server-not-listening | tcp | x;                 line 3 (t.bad)
            unknown cause id;     t.bad | node | refused | server-not-listening,gremlins | tcp | x;         line 3 (t.bad)
            a broken pattern;     t.bad | node | refused | server-not-listening | tcp | connect (ECONN;    line 3 (t.bad)
            no separator spaces;  t.bad|node|refused|server-not-listening|tcp|x;                           line 3: expected 6 fields
            """)
    void aMalformedLineIsReportedWithItsNumber(String what, String line, String expected) {
        String text = "# header\nt.ok | node | refused | wrong-port | tcp | fine\n" + line + "\n";

        assertThatThrownBy(() -> KnowledgeBase.parse(text)).as(what)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(expected);
    }

    @Test
    void theUnknownCauseIsNamedInTheMessage() {
        assertThatThrownBy(() -> KnowledgeBase.parse("t.bad | node | refused | gremlins | tcp | x"))
                .hasMessageContaining("line 1").hasMessageContaining("GREMLINS");
    }
}
