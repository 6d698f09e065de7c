package dev.conndoctor.probe;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs a read-only system command (iptables-save, nft -j list ruleset) and hands back its
 * output. {@link #SYSTEM} runs it for real, bounded in time and output; tests pass a fake that
 * answers from captured outputs.
 */
@FunctionalInterface
public interface CommandRunner {

    /** At most this much output is kept: a ruleset larger than this is not a firewall a person reads. */
    int MAX_OUTPUT = 16 * 1024 * 1024;

    /**
     * Runs the command for real: its output read beside the wait, and the command with every
     * process it started killed at the deadline, so a command stuck, or whose child holds its
     * output open, costs one timeout and no more.
     */
    CommandRunner SYSTEM = new SystemCommandRunner();

    /** The command's standard output when it ran and exited 0 in time; empty otherwise. */
    Optional<String> run(List<String> command, Duration timeout);
}
