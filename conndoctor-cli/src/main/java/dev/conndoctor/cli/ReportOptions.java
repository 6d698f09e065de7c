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
}
