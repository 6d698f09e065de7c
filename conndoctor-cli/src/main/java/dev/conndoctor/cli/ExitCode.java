package dev.conndoctor.cli;

/** The exit codes of design §5; scripts depend on them, so they never change. */
public final class ExitCode {
    private ExitCode() {
    }

    /** The connection works (warnings may exist). */
    public static final int OK = 0;
    /** The connection fails and a diagnosis was made. */
    public static final int FAILED = 1;
    /** Bad invocation or target. */
    public static final int USAGE = 2;
    /** conndoctor itself failed. */
    public static final int INTERNAL = 3;
}
