package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The English bundle against the code: every key the library uses has a text, and every text
 * is a MessageFormat pattern that shows all the arguments it names.
 */
class MessagesTest {

    private static final String BUNDLE_RESOURCE = "/dev/conndoctor/messages.properties";

    /**
     * Literal keys passed whole (not concatenated) to the calls that make texts: Text.of, evidence,
     * fix, ruledOut, RuledOut.of, and Target's invalid(...), which builds an InvalidTargetException.
     */
    private static final Pattern KEY_AT_CALL = Pattern.compile(
            "(?:Text\\.of|\\.evidence|\\.fix|\\bruledOut|RuledOut\\.of|\\binvalid)\\(\\s*(?:CauseId\\.[A-Z_]+\\s*,\\s*)?\"([^\"]+)\"\\s*[,)]");

    /** Any string literal shaped like a key of one of the bundle's families. */
    private static final Pattern KEY_LIKE_LITERAL = Pattern.compile(
            "\"((?:target|cause|evidence|fix|ruled-out|warning)\\.[a-z0-9.-]+)\"");

    private static final Pattern CAUSE_ID = Pattern.compile("CauseId\\.([A-Z][A-Z_]+)\\b");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)[,}]");

    private final Map<String, String> bundle = loadBundle();

    @Test
    void everyKeyUsedInTheCodeHasAText() {
        Set<String> used = new TreeSet<>();
        for (String source : mainSources().values()) {
            used.addAll(matches(KEY_AT_CALL, source));
        }

        assertThat(used).as("keys found by the scan").hasSizeGreaterThan(40)
                .contains("target.empty", "evidence.refused", "fix.dns.spelling", "ruled-out.host-answered",
                        "warning.address-failed");
        assertThat(bundle.keySet()).containsAll(used);
    }

    @Test
    void everyKeyShapedLiteralInTheCodeHasAText() {
        Set<String> literals = new TreeSet<>();
        for (String source : mainSources().values()) {
            literals.addAll(matches(KEY_LIKE_LITERAL, source));
        }

        assertThat(literals).isNotEmpty();
        assertThat(bundle.keySet()).containsAll(literals);
    }

    @Test
    void everyCauseARuleNamesHasASummary() {
        Set<String> summaries = new TreeSet<>();
        mainSources().forEach((path, source) -> {
            if (path.contains("/rules/")) {
                for (String name : matches(CAUSE_ID, source)) {
                    summaries.add("cause." + CauseId.valueOf(name).id() + ".summary");
                }
            }
        });

        assertThat(summaries).as("causes named in rules").hasSizeGreaterThanOrEqualTo(13)
                .contains("cause.server-not-listening.summary", "cause.dns-timeout.summary");
        assertThat(bundle.keySet()).containsAll(summaries);
    }

    @Test
    void everyPatternShowsEveryArgumentItNames() {
        Map<String, String> problems = new TreeMap<>();
        bundle.forEach((key, pattern) -> {
            List<Integer> indexes = matches(PLACEHOLDER, pattern).stream().map(Integer::valueOf).toList();
            int count = indexes.stream().mapToInt(i -> i + 1).max().orElse(0);
            Object[] args = new String[Math.max(count, 3)];
            for (int i = 0; i < args.length; i++) {
                args[i] = "A" + i;
            }
            try {
                String rendered = new MessageFormat(pattern, Locale.ROOT).format(args);
                for (int i : indexes) {
                    if (!rendered.contains("A" + i)) {
                        problems.put(key, "does not show {" + i + "}: " + rendered);
                    }
                }
                if (rendered.matches("(?s).*\\{\\d.*")) {
                    problems.put(key, "leaves a placeholder: " + rendered);
                }
            } catch (IllegalArgumentException e) {
                problems.put(key, "does not format: " + e.getMessage());
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void everySingleQuoteIsWrittenTwice() {
        // a lone quote starts a quoted section and swallows the placeholders after it
        Map<String, String> lone = bundle.entrySet().stream()
                .filter(e -> e.getValue().replace("''", "").contains("'"))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));

        assertThat(lone).isEmpty();
    }

    @Test
    void apostrophesSurviveRendering() {
        assertThat(Text.of("cause.local-firewall.summary", "192.0.2.10:8282").render(Locale.ROOT))
                .isEqualTo("This machine's own firewall blocks outgoing connections to 192.0.2.10:8282.");
        assertThat(Text.of("fix.not-listening.check", 8282).render(Locale.ROOT))
                .contains("`ss -ltnp 'sport = :8282'`");
    }

    @Test
    void everyTextIsOneLine() {
        assertThat(bundle).allSatisfy((key, pattern) -> assertThat(pattern).as(key).doesNotContain("\n").isNotBlank());
    }

    @Test
    void noKeyIsDefinedTwice() {
        List<String> keys = new ArrayList<>();
        for (String line : bundleText().split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && !trimmed.startsWith("!") && trimmed.contains("=")) {
                keys.add(trimmed.substring(0, trimmed.indexOf('=')).strip());
            }
        }
        Set<String> seen = new HashSet<>();
        List<String> twice = keys.stream().filter(k -> !seen.add(k)).toList();

        assertThat(keys).hasSameSizeAs(bundle.keySet());
        assertThat(twice).isEmpty();
    }

    @Test
    void textRendersTheBundlePatternWithItsArguments() {
        assertThat(Text.of("target.port-too-large", "65536").render(Locale.ROOT))
                .isEqualTo("port 65536 is out of range: ports go from 1 to 65535");
        assertThat(Text.of("target.empty")).hasToString(
                "the target is empty: give host:port or a URL such as ws://example.com:8282");
    }

    @Test
    void numbersAreNeverGroupedWhateverTheLocale() {
        String rendered = Text.of("evidence.port-range", 10000, 65535, 55536).render(Locale.GERMANY);

        assertThat(rendered).contains("10000-65535: 55536 ports").doesNotContain("55.536");
    }

    @Test
    void localeWithoutTranslationRendersTheEnglishText() {
        Text text = Text.of("target.port-zero");

        assertThat(text.render(Locale.forLanguageTag("zz"))).isEqualTo(text.render(Locale.ROOT));
    }

    @Test
    void missingKeyRendersTheKeyAndItsArguments() {
        assertThat(Text.of("no.such.key", 1, "b").render(Locale.ROOT)).isEqualTo("no.such.key[1, b]");
    }

    private static List<String> matches(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    /** The library's main sources by path; Maven runs tests in the module directory. */
    private static Map<String, String> mainSources() {
        Path root = Stream.of("../conndoctor-core/src/main/java", "src/main/java", "conndoctor-core/src/main/java")
                .map(Path::of)
                .filter(p -> Files.isDirectory(p.resolve("dev/conndoctor")))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("main sources not found from " + Path.of("").toAbsolutePath()));
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file.toString().replace('\\', '/'), Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(sources).as("main sources under %s", root).hasSizeGreaterThan(20);
        return sources;
    }

    private static Map<String, String> loadBundle() {
        Properties properties = new Properties();
        try (InputStream in = MessagesTest.class.getResourceAsStream(BUNDLE_RESOURCE)) {
            assertThat(in).as(BUNDLE_RESOURCE).isNotNull();
            // ResourceBundle reads properties as UTF-8 since Java 9: read them the same way
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    private static String bundleText() {
        try (InputStream in = MessagesTest.class.getResourceAsStream(BUNDLE_RESOURCE)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
