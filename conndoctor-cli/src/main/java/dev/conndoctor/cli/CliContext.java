package dev.conndoctor.cli;

import dev.conndoctor.cli.render.Style;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The world a command runs in: where it writes, what it reads as standard input, the terminal,
 * the doctor it diagnoses with (built when first asked for), the language its environment asks
 * for, and that environment (a command reads its variables here, never from {@code System.getenv},
 * so that tests fix them).
 */
record CliContext(PrintWriter out, PrintWriter err, InputStream in, Terminal terminal, Supplier<ConnDoctor> doctors,
        Locale environmentLocale, Map<String, String> environment) {

    /**
     * The doctor commands diagnose with, built on first use: {@code --version}, {@code --help},
     * {@code explain} and {@code listen} never build one.
     */
    ConnDoctor doctor() {
        return doctors.get();
    }

    /** A variable of the environment the command runs in, when set. */
    java.util.Optional<String> env(String name) {
        return java.util.Optional.ofNullable(environment.get(name));
    }

    /** Spanish, one of the other languages every text of conndoctor is written in. */
    static final Locale SPANISH = Locale.forLanguageTag("es");

    /** Chinese (simplified, zh-CN), the third. */
    static final Locale CHINESE = Locale.forLanguageTag("zh");

    /** The language for messages before options are read: the environment's. */
    Locale locale() {
        return environmentLocale;
    }

    /** The language a command reports in: {@code --lang} when given, else the environment's. */
    Locale locale(ReportOptions options) {
        return options.lang == null ? environmentLocale : byTag(options.lang);
    }

    /** The locale of a --lang value (en, es or zh). */
    static Locale byTag(String lang) {
        return switch (lang) {
            case "es" -> SPANISH;
            case "zh" -> CHINESE;
            default -> Locale.ROOT;
        };
    }

    Style style(boolean noColor) {
        return new Style(terminal.colorAllowed() && !noColor);
    }

    /** Spanish or Chinese when LC_ALL, LC_MESSAGES or LANG (the first one set) asks for it; English otherwise. */
    static Locale fromEnvironment(Map<String, String> env) {
        for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                String v = value.toLowerCase(Locale.ROOT);
                return v.startsWith("es") ? SPANISH : v.startsWith("zh") ? CHINESE : Locale.ROOT;
            }
        }
        return Locale.ROOT;
    }
}
