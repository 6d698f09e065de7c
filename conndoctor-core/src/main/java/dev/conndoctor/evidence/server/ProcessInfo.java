package dev.conndoctor.evidence.server;

import java.util.Optional;

/**
 * The process that owns a listening socket: what /proc says of it, where readable.
 *
 * @param name the kernel's name of the process ({@code /proc/PID/comm})
 * @param commandLine the program and the shape of its arguments, secret-looking values redacted
 *     ({@code dev.conndoctor.host.CommandLines}); never the raw command line, which holds passwords and tokens
 */
public record ProcessInfo(int pid, String name, String commandLine, Optional<Integer> openFiles,
                          Optional<Long> openFilesLimit) {
}
