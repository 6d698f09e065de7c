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
        int code = Cli.run(args, out, err, System.in, System.getenv(), Terminal.detect(), ConnDoctor.system());
        out.flush();
        err.flush();
        System.exit(code);
    }
}
