package dev.conndoctor.cli;

import dev.conndoctor.ConnDoctor;
import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the CLI: its exit code and everything it wrote. */
record CliRun(int exitCode, String out, String err) {

    static CliRun of(ConnDoctor doctor, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), Terminal.PLAIN, doctor);
        return new CliRun(code, out.toString(), err.toString());
    }

    static CliRun of(String... args) {
        return of(ConnDoctor.system(), args);
    }
}
