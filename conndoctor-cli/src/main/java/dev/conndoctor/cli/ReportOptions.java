package dev.conndoctor.cli;

import java.util.Locale;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Options every reporting command shares. */
final class ReportOptions {
    /** The commands that print one report, so that it can be Markdown or redacted; the others print as they go. */
    static final Set<String> ONE_REPORT = Set.of("diagnose", "demo", "server", "explain");

    /** What a report is printed as. */
    enum Format {
        TEXT, JSON, MARKDOWN
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    /** Set by --json and by --format json: the commands read this one field. */
    @Option(names = "--json", description = "Print exactly one JSON document on stdout, nothing else.")
    boolean json;

    Format format;

    @Option(names = "--format", paramLabel = "text|json|markdown", converter = FormatConverter.class,
            completionCandidates = FormatConverter.class,
            description = "text (default), json (the same as --json) or markdown, to paste into an issue or a forum.")
    void format(Format value) {
        if (value == Format.MARKDOWN && !ONE_REPORT.contains(mixee.name())) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "--format markdown: " + mixee.name() + " prints as it goes; use text or json");
        }
        format = value;
        if (value == Format.JSON) {
            json = true;
        }
    }

    boolean redact;

    @Option(names = "--redact", description = "Replace host names, addresses (loopback aside), tokens, paths and user "
            + "names with stable placeholders (host-1, 203.0.113.1), so that the report can be shared.")
    void redact(boolean value) {
        if (value && !ONE_REPORT.contains(mixee.name())) {
            throw new CommandLine.ParameterException(mixee.commandLine(),
                    "--redact: " + mixee.name() + " prints as it goes and cannot redact");
        }
        redact = value;
    }

    @Option(names = "--no-color", description = "No colours, even on a terminal.")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Show every probe as it finishes, on stderr.")
    boolean verbose;

    @Option(names = "--lang", paramLabel = "en|es|zh", converter = LangConverter.class,
            completionCandidates = LangConverter.class,
            description = "The language of the report (default: from LC_ALL, LC_MESSAGES or LANG). "
                    + "Ids, JSON fields and exit codes never change.")
    String lang;

    /**
     * The format asked for: {@code --json} and {@code --format} agree, or the invocation is bad (one
     * line, exit 2), since printing either would ignore the other.
     */
    Format format() {
        if (format != null && format != Format.JSON && json) {
            throw new UsageException("error.format-conflict", format.name().toLowerCase(Locale.ROOT));
        }
        return json ? Format.JSON : format == null ? Format.TEXT : format;
    }

    /** Accepts en, es and zh only: a report in a language conndoctor does not speak would silently be English. */
    static final class LangConverter implements CommandLine.ITypeConverter<String>, Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("en", "es", "zh").iterator();
        }

        @Override
        public String convert(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (v.equals("zh-cn") || v.equals("zh_cn") || v.equals("zh-hans")) {
                return "zh";
            }
            if (!v.equals("en") && !v.equals("es") && !v.equals("zh")) {
                throw new CommandLine.TypeConversionException("'" + value + "': conndoctor speaks en, es and zh");
            }
            return v;
        }
    }

    /** text, json or markdown, in any case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format>, Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.List.of("text", "json", "markdown").iterator();
        }

        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "': the format is text, json or markdown");
        }
    }
}
