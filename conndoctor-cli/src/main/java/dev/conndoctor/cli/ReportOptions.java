package dev.conndoctor.cli;

import picocli.CommandLine.Option;

/** Options every reporting command shares. */
final class ReportOptions {
    @Option(names = "--json", description = "Print exactly one JSON document on stdout, nothing else.")
    boolean json;

    @Option(names = "--no-color", description = "No colours, even on a terminal.")
    boolean noColor;

    @Option(names = {"-v", "--verbose"}, description = "Show every probe as it finishes, on stderr.")
    boolean verbose;

    @Option(names = "--lang", paramLabel = "en|es", converter = LangConverter.class,
            description = "The language of the report (default: from LC_ALL, LC_MESSAGES or LANG). "
                    + "Ids, JSON fields and exit codes never change.")
    String lang;

    /** Accepts en and es only: a report in a language conndoctor does not speak would silently be English. */
    static final class LangConverter implements picocli.CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            String v = value.toLowerCase(java.util.Locale.ROOT);
            if (!v.equals("en") && !v.equals("es")) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "': conndoctor speaks en and es");
            }
            return v;
        }
    }
}
