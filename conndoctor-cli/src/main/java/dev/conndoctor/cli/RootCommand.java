package dev.conndoctor.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code conndoctor}: lists the commands; {@code conndoctor TARGET} is read as {@code conndoctor diagnose TARGET}.
 * Its subcommands are {@link Cli#SUBCOMMANDS}, added by {@link Cli} (only the one a command line names).
 */
@Command(name = "conndoctor",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {
            "Names the cause of a failed client connection, with the evidence and the fix.",
            "",
            "  conndoctor demo                  failures staged on loopback, each diagnosed",
            "  conndoctor diagnose ws://host:port  why can this client not connect?",
            "  conndoctor host:port             the same as diagnose",
            "  conndoctor watch host:port       the diagnosis every second, changes marked",
            "  conndoctor server 8282           on the server: what it knows about the port",
            "  conndoctor explain 'ERROR'       which client said it, the likely causes",
            "  conndoctor listen websocket://0.0.0.0:8282  a test server for clients",
            "  conndoctor exporter              blackbox_exporter's /probe, with the cause"},
        footer = {"", "Exit codes: 0 the connection works, 1 it fails (diagnosed), 2 bad invocation, 3 conndoctor failed."})
final class RootCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** No command is a bad invocation: the usage goes to stderr, as the answer to any other one. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        spec.commandLine().getErr().flush();
        return ExitCode.USAGE;
    }
}
