package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract of a translated message bundle against its English one, inherited by each module's
 * test through {@link SpanishBundleContract} and {@link ChineseBundleContract}: the same keys, the
 * same placeholders, patterns that format, single quotes written twice, and commands, code and
 * config lines (the text between backticks) copied as they are. A key added to either language
 * without the other fails.
 */
public abstract class TranslatedBundleContract {

    private final Locale language;
    private final String english_;
    private final String translated_;
    private final String bundleName;
    private final String sampleKey;
    private final String sample;

    /**
     * @param bundleName the bundle's base name, e.g. {@code dev.conndoctor.messages}
     * @param language the translation's language, whose bundle is {@code bundleName_LANGUAGE.properties}
     * @param sampleKey a key whose translated text must load with its own characters (accents, Hanzi),
     *     and {@code sample} a part of it
     */
    protected TranslatedBundleContract(String bundleName, Locale language, String sampleKey, String sample) {
        this.bundleName = bundleName;
        this.language = language;
        this.english_ = "/" + bundleName.replace('.', '/') + ".properties";
        this.translated_ = "/" + bundleName.replace('.', '/') + "_" + language.getLanguage() + ".properties";
        this.sampleKey = sampleKey;
        this.sample = sample;
        this.english = load(english_);
        this.translation = load(translated_);
    }

    /** The English patterns, by key. */
    protected Map<String, String> english() {
        return english;
    }

    /** The translated patterns, by key. */
    protected Map<String, String> translated() {
        return translation;
    }

    private static final Pattern BACKTICKED = Pattern.compile("`([^`]*)`");

    private final Map<String, String> english;
    private final Map<String, String> translation;

    @Test
    void bothLanguagesHaveTheSameKeys() {
        Set<String> missing = new TreeSet<>(english.keySet());
        missing.removeAll(translation.keySet());
        Set<String> extra = new TreeSet<>(translation.keySet());
        extra.removeAll(english.keySet());

        assertThat(english).as("English bundle " + english_).isNotEmpty();
        assertThat(missing).as("keys of " + english_ + " missing from " + translated_).isEmpty();
        assertThat(extra).as("keys of " + translated_ + " that " + english_ + " does not have").isEmpty();
    }

    @Test
    void noTranslatedKeyIsDefinedTwiceOrLeftBlank() {
        List<String> keys = new ArrayList<>();
        for (String line : text(translated_).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && !trimmed.startsWith("!") && trimmed.contains("=")) {
                keys.add(trimmed.substring(0, trimmed.indexOf('=')).strip());
            }
        }
        Set<String> seen = new HashSet<>();

        assertThat(keys.stream().filter(k -> !seen.add(k)).toList()).as("keys defined twice").isEmpty();
        assertThat(translation).allSatisfy((key, pattern) -> assertThat(pattern).as(key).isNotBlank().doesNotContain("\n"));
    }

    @Test
    void everyKeyNamesTheSamePlaceholdersInBothLanguages() {
        Map<String, String> differ = new TreeMap<>();
        english.forEach((key, en) -> {
            String tr = translation.get(key);
            if (tr != null && !placeholders(en).equals(placeholders(tr))) {
                differ.put(key, "English " + placeholders(en) + ", " + language + " " + placeholders(tr));
            }
        });

        assertThat(differ).isEmpty();
    }

    @Test
    void everyTranslatedPatternFormatsAndShowsEveryArgument() {
        Map<String, String> problems = new TreeMap<>();
        translation.forEach((key, pattern) -> {
            Set<Integer> indexes = placeholders(pattern);
            int count = Math.max(indexes.stream().mapToInt(i -> i + 1).max().orElse(0), 3);
            Object[] args = new String[count];
            for (int i = 0; i < count; i++) {
                args[i] = "A" + i;
            }
            try {
                String rendered = new MessageFormat(pattern, language).format(args);
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
            if (pattern.replace("''", "").contains("'")) {
                // a lone quote opens a quoted section: what follows is shown raw, placeholders included
                problems.put(key, "has a single quote not written twice: " + pattern);
            }
        });

        assertThat(problems).isEmpty();
    }

    @Test
    void commandsAndCodeBetweenBackticksAreCopiedAsTheyAre() {
        Map<String, String> differ = new TreeMap<>();
        english.forEach((key, en) -> {
            String tr = translation.get(key);
            List<String> expected = backticked(en);
            if (tr != null && !expected.isEmpty()) {
                List<String> actual = backticked(tr);
                if (!expected.stream().sorted().toList().equals(actual.stream().sorted().toList())) {
                    differ.put(key, "English " + expected + ", " + language + " " + actual);
                }
            }
        });

        assertThat(differ).isEmpty();
    }

    @Test
    void theTranslatedBundleIsWhatResourceBundleFindsForItsLanguage() {
        ResourceBundle bundle = ResourceBundle.getBundle(bundleName, language, getClass().getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));

        // read as UTF-8, as the JDK reads properties bundles: accents and Hanzi arrive intact
        assertThat(bundle.getString(sampleKey)).isEqualTo(translation.get(sampleKey)).contains(sample);
    }

    /** The argument indexes a MessageFormat pattern names outside quoted sections. */
    static Set<Integer> placeholders(String pattern) {
        Set<Integer> found = new TreeSet<>();
        boolean quoted = false;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '\'') {
                if (i + 1 < pattern.length() && pattern.charAt(i + 1) == '\'') {
                    i++; // '' is a literal quote, in or out of a quoted section
                } else {
                    quoted = !quoted;
                }
            } else if (c == '{' && !quoted) {
                int j = i + 1;
                while (j < pattern.length() && Character.isDigit(pattern.charAt(j))) {
                    j++;
                }
                if (j > i + 1) {
                    found.add(Integer.valueOf(pattern.substring(i + 1, j)));
                }
            }
        }
        return found;
    }

    protected static List<String> backticked(String pattern) {
        List<String> found = new ArrayList<>();
        Matcher m = BACKTICKED.matcher(pattern);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private Map<String, String> load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = open(resource); Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> map = new TreeMap<>();
        properties.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    private String text(String resource) {
        try (InputStream in = open(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private InputStream open(String resource) {
        InputStream in = getClass().getResourceAsStream(resource);
        assertThat(in).as("resource " + resource + " on the test classpath").isNotNull();
        return in;
    }
}
