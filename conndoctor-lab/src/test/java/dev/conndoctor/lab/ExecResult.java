package dev.conndoctor.lab;

import java.util.List;

/** What one finished command left behind: its exit code and everything it printed. */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr, long elapsedMs) {

    public boolean ok() {
        return exitCode == 0;
    }

    /** Throws with the command, the exit code and stderr unless the command succeeded. */
    public ExecResult orThrow() {
        if (!ok()) {
            throw new LabException("`" + String.join(" ", command) + "` exited with " + exitCode
                    + (stderr.isBlank() ? "" : ": " + stderr.strip())
                    + (stdout.isBlank() ? "" : " (stdout: " + stdout.strip() + ")"));
        }
        return this;
    }
}
