package dev.conndoctor.testkit;

import java.util.List;

/** A finished command that a testkit fixture ran: its words, exit code and both outputs. */
public record CommandResult(List<String> command, int exitCode, String stdout, String stderr) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** This result, or an exception carrying the command and what it said when it failed. */
    public CommandResult orThrow() {
        if (!ok()) {
            throw new IllegalStateException("`" + String.join(" ", command) + "` exited " + exitCode + ": "
                    + (stderr.isBlank() ? stdout : stderr).strip());
        }
        return this;
    }
}
