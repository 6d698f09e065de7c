package dev.conndoctor.cli;

import dev.conndoctor.ConnDoctor;
import java.io.PrintWriter;
import java.util.Locale;

/** The world a command runs in: where it writes, the terminal, and the doctor it diagnoses with. */
record CliContext(PrintWriter out, PrintWriter err, Terminal terminal, ConnDoctor doctor) {

    /** Reports are English until the Spanish bundles exist; kept in one place for that day. */
    Locale locale() {
        return Locale.ROOT;
    }

    Style style(boolean noColor) {
        return new Style(terminal.colorAllowed() && !noColor);
    }
}
