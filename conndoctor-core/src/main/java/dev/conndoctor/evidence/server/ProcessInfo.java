package dev.conndoctor.evidence.server;

import java.util.Optional;

/** The process that owns a listening socket: what /proc says of it, where readable. */
public record ProcessInfo(int pid, String name, String commandLine, Optional<Integer> openFiles,
                          Optional<Long> openFilesLimit) {
}
