package dev.conndoctor.cli;

/** A bad invocation noticed by a command itself; exits with {@link ExitCode#USAGE} and one line. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
