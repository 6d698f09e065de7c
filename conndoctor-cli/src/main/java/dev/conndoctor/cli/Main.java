package dev.conndoctor.cli;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.probe.Resolver;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The launcher's entry point: the real terminal, the real machine. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // first, before anything touches an address: a name's addresses in the operating system's order
        // (getaddrinfo, RFC 6724), as curl, Go and Node dial them, not the JVM's IPv4-first regrouping
        Resolver.preferSystemOrder();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        exit(run(args, out, err, System.in, System.getenv(), Terminal.detect()));
    }

    /** Ends the process: here only, for every entry point ({@link Training} too). */
    static void exit(int code) {
        System.exit(code);
    }

    /**
     * Ends a process that is already shutting down (a signal ran the shutdown hooks) with {@code
     * code} instead of the signal's status: {@code watch}'s Ctrl-C ends with its last round's code.
     */
    static void haltFromShutdownHook(int code) {
        Runtime.getRuntime().halt(code);
    }

    /** The process's run, on the streams given (the archive's {@link Training} runs it on none). */
    static int run(String[] args, PrintWriter out, PrintWriter err, InputStream in, Map<String, String> env,
            Terminal terminal) {
        // a thread that dies of anything says so in one line, as the main thread does
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> {
            err.println("conndoctor: internal failure in " + Cli.visible(thread.getName()) + ": "
                    + e.getClass().getName());
            err.flush();
        });
        int code;
        try {
            code = Cli.run(args, out, err, in, env, terminal, ConnDoctor::system);
        } catch (Throwable e) { // the last line of defence: one line and exit 3, never a trace
            err.println("conndoctor: internal failure: " + e.getClass().getName());
            code = ExitCode.INTERNAL;
        }
        out.flush();
        err.flush();
        return code;
    }
}
