package dev.conndoctor;

import java.text.MessageFormat;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * A user-facing sentence kept as a message key and its arguments, so that the same diagnosis
 * can be rendered in any language the message bundles know.
 *
 * <p>Arguments are strings or other texts. Values are stored as strings on purpose: a port or
 * a count must never be rendered with a locale's digit grouping ("8,282"); a nested text is
 * rendered in the same language as the sentence around it.
 */
public record Text(String key, List<Object> args) {

    /** The bundle that holds every text of the library. */
    public static final String BUNDLE = "dev.conndoctor.messages";

    // never fall back to the JVM's default locale: --lang en on a Spanish desktop means English
    private static final ResourceBundle.Control NO_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    public Text {
        args = List.copyOf(args);
    }

    /** A text for {@code key}; arguments other than texts are turned into strings. */
    public static Text of(String key, Object... args) {
        return new Text(key, Arrays.stream(args).map(a -> a instanceof Text t ? t : (Object) String.valueOf(a)).toList());
    }

    /** This text in {@code locale}, falling back to English where the bundle has no translation. */
    public String render(Locale locale) {
        return render(BUNDLE, locale);
    }

    /** This text from another bundle (the CLI keeps its own), in {@code locale}. */
    public String render(String bundle, Locale locale) {
        String pattern;
        try {
            pattern = ResourceBundle.getBundle(bundle, locale, Text.class.getClassLoader(), NO_FALLBACK)
                    .getString(key);
        } catch (MissingResourceException e) {
            // a missing key is a bug, and tests catch it; a user still sees something readable
            return key + args;
        }
        Object[] rendered = args.stream().map(a -> a instanceof Text t ? t.render(bundle, locale) : a).toArray();
        return new MessageFormat(pattern, locale).format(rendered);
    }

    /** The English rendering, for logs and exception messages. */
    @Override
    public String toString() {
        return render(Locale.ROOT);
    }
}
