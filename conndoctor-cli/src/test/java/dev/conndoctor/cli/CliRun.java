package dev.conndoctor.cli;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/**
 * One in-process run of the CLI: its exit code and everything it wrote. The run's environment
 * and standard input are fixed here, never the machine's: no LANG, LC_ALL or LC_MESSAGES unless a
 * test sets them, and an empty standard input unless a test gives one.
 */
record CliRun(int exitCode, String out, String err) {

    /** No variable set: messages in English whatever the locale of the machine running the tests. */
    static final Map<String, String> NO_ENVIRONMENT = Map.of();

    static CliRun of(ConnDoctor doctor, String... args) {
        return of(doctor, NO_ENVIRONMENT, InputStream.nullInputStream(), args);
    }

    static CliRun of(String... args) {
        return of(ConnDoctor.system(), args);
    }

    /** A run with {@code env} as its environment and {@code stdin} as its standard input. */
    static CliRun of(ConnDoctor doctor, Map<String, String> env, InputStream stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), stdin, env, Terminal.PLAIN,
                doctor);
        return new CliRun(code, out.toString(), err.toString());
    }
}
