package dev.conndoctor.cli;

import dev.conndoctor.ConnDoctor;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The launcher's entry point: the real terminal, the real machine. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        // a thread that dies of anything says so in one line, as the main thread does
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            err.println("conndoctor: internal failure in " + Cli.visible(thread.getName()) + ": "
                    + e.getClass().getName());
            err.flush();
        });
        int code;
        try {
            code = Cli.run(args, out, err, System.in, System.getenv(), Terminal.detect(), ConnDoctor::system);
        } catch (Throwable e) { // the last line of defence: one line and exit 3, never a trace
            err.println("conndoctor: internal failure: " + e.getClass().getName());
            code = ExitCode.INTERNAL;
        }
        out.flush();
        err.flush();
        System.exit(code);
    }
}
