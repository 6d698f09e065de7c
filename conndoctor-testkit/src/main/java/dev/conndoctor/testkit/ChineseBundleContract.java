package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The contract of a Chinese (zh-CN) message bundle against its English one: everything
 * {@link TranslatedBundleContract} asks, and no English left: a pattern whose English says something
 * in words says it in Chinese, the commands, names and ids it quotes aside.
 */
public abstract class ChineseBundleContract extends TranslatedBundleContract {

    /** Han ideographs, the CJK punctuation and the full-width forms Chinese prose is written with. */
    private static final Pattern CHINESE = Pattern.compile("[\\u4e00-\\u9fff\\u3000-\\u303f\\uff00-\\uffef]");
    /** An English word of prose: four letters or more, lower case after its first. */
    private static final Pattern WORD = Pattern.compile("(?<![\\w./:@$-])[A-Za-z][a-z]{3,}(?![\\w./@-]|:\\S)");

    /**
     * Words English patterns share with Chinese ones as they are: product and protocol names, and
     * what a person types.
     */
    private static final Set<String> SHARED = Set.of("conndoctor", "none");

    /**
     * @param bundleName the bundle's base name, e.g. {@code dev.conndoctor.messages}
     * @param sampleKey a key whose Chinese text must load intact, and {@code sampleChinese} a part of it
     */
    protected ChineseBundleContract(String bundleName, String sampleKey, String sampleChinese) {
        super(bundleName, Locale.forLanguageTag("zh"), sampleKey, sampleChinese);
    }

    @Test
    void everyPatternWithEnglishWordsIsWrittenInChinese() {
        Map<String, String> untranslated = new TreeMap<>();
        english().forEach((key, en) -> {
            String zh = translated().get(key);
            if (zh != null && hasProse(en) && !CHINESE.matcher(withoutQuoted(zh)).find()) {
                untranslated.put(key, zh);
            }
        });

        assertThat(untranslated).as("patterns left in English").isEmpty();
    }

    @Test
    void noPatternIsTheEnglishOneCopied() {
        Map<String, String> copied = new TreeMap<>();
        english().forEach((key, en) -> {
            if (hasProse(en) && en.equals(translated().get(key))) {
                copied.put(key, en);
            }
        });

        assertThat(copied).isEmpty();
    }

    /** Whether {@code pattern} holds English words outside its commands and placeholders. */
    private static boolean hasProse(String pattern) {
        Matcher m = WORD.matcher(withoutQuoted(pattern));
        while (m.find()) {
            if (!SHARED.contains(m.group().toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /** {@code pattern} without its backticked commands and its placeholders. */
    private static String withoutQuoted(String pattern) {
        return pattern.replaceAll("`[^`]*`", " ").replaceAll("\\{\\d+}", " ");
    }
}
