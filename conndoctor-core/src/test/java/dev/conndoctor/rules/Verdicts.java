package dev.conndoctor.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.Evidence;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/** Reads verdicts and renders their texts in English, failing on a text whose key the bundle lacks. */
final class Verdicts {
    private static final ResourceBundle BUNDLE = ResourceBundle.getBundle(Text.BUNDLE, Locale.ROOT);

    private Verdicts() {
    }

    static Cause found(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Found.class);
        Cause cause = ((Verdict.Found) verdict).cause();
        render(cause.summary());
        cause.evidence().forEach(Verdicts::render);
        cause.fixes().forEach(Verdicts::render);
        return cause;
    }

    static RuledOut excluded(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Excluded.class);
        RuledOut ruledOut = ((Verdict.Excluded) verdict).ruledOut();
        render(ruledOut.why());
        return ruledOut;
    }

    static void assertSilent(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Silent.class);
    }

    static String render(Text text) {
        assertThat(BUNDLE.containsKey(text.key())).as("bundle has key %s", text.key()).isTrue();
        return text.render(Locale.ROOT);
    }

    /** Every text of the cause, rendered: none leaves a {n} unfilled, none is blank or spans lines. */
    static Cause assertFilled(Cause cause) {
        assertFilled(textsOf(cause));
        return cause;
    }

    /**
     * Every text that every rule of the diagnoser gives for {@code evidence} (the causes found and
     * the reasons for ruling causes out), checked as by {@link #assertFilled(Cause)}; there must
     * be at least one.
     */
    static void assertEveryRuleTextFilled(Evidence evidence) {
        List<Text> texts = new ArrayList<>();
        for (Rule rule : Diagnoser.RULES) {
            Verdict verdict = rule.evaluate(evidence);
            if (verdict instanceof Verdict.Found found) {
                texts.addAll(textsOf(found.cause()));
            } else if (verdict instanceof Verdict.Excluded excluded) {
                texts.add(excluded.ruledOut().why());
            }
        }
        assertThat(texts).isNotEmpty();
        assertFilled(texts);
    }

    private static List<Text> textsOf(Cause cause) {
        List<Text> texts = new ArrayList<>();
        texts.add(cause.summary());
        texts.addAll(cause.evidence());
        texts.addAll(cause.fixes());
        return texts;
    }

    private static void assertFilled(List<Text> texts) {
        for (Text text : texts) {
            assertThat(render(text)).as(text.key())
                    .doesNotContainPattern("\\{\\d")
                    .doesNotContain("\n")
                    .isNotBlank();
        }
    }

    static String summary(Cause cause) {
        return render(cause.summary());
    }

    /** The evidence lines, one per line. */
    static String evidence(Cause cause) {
        return lines(cause.evidence());
    }

    static String fixes(Cause cause) {
        return lines(cause.fixes());
    }

    static List<String> evidenceKeys(Cause cause) {
        return cause.evidence().stream().map(Text::key).toList();
    }

    private static String lines(List<Text> texts) {
        return texts.stream().map(Verdicts::render).collect(Collectors.joining("\n"));
    }
}
