package dev.conndoctor.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * {@link CommandRunner#SYSTEM}: runs a read-only command as a child process and ends it, with
 * everything it started, at the deadline.
 *
 * <p>The output is read on a thread of its own while this one waits for the deadline: reading
 * first and waiting afterwards, as before, blocked for as long as any process held the output
 * open, whatever the timeout. (Once the command itself has exited, the JDK may close the pipe
 * and hand back what the command wrote, whatever a child still holds: that output is the
 * command's, and it comes back at once.)
 *
 * <p>At the deadline the command and all it started are killed. The descendants are noted while
 * the command runs; a child orphaned before it was seen (its parent exited at once) is no longer
 * anyone's descendant, so the command runs with a marker in its environment, which its children
 * inherit, and the processes that still carry it are found in {@code /proc}. A child that clears
 * its environment and is orphaned between two looks can escape the kill, never the deadline.
 */
final class SystemCommandRunner implements CommandRunner {

    /** How often the running command's descendants are noted, to kill them all at the deadline. */
    static final long LOOK_MS = 20;
    /** The environment variable that marks a command's processes, orphans included. */
    static final String MARKER = "CONNDOCTOR_COMMAND";
    private static final Path PROC = Path.of("/proc");
    /** Numbers this process's commands, for their markers. */
    private static final AtomicLong COMMANDS = new AtomicLong();

    @Override
    public Optional<String> run(List<String> command, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        String id = uniqueMarker();
        String marker = MARKER.concat("=").concat(id);
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put(MARKER, id);
            process = builder.start();
        } catch (IOException e) {
            return Optional.empty(); // not installed, or not on PATH
        }
        Set<ProcessHandle> family = new LinkedHashSet<>();
        Output output = new Output(process.getInputStream());
        Thread reader = new Thread(output, "conndoctor-command-output");
        reader.setDaemon(true); // a pipe read cannot be interrupted: never keep the JVM alive for it
        reader.start();
        try {
            // the command's own end, then the end of its output: a child may hold the pipe after its parent exits
            while (!process.waitFor(Math.min(LOOK_MS, deadline.timeoutMillis()), TimeUnit.MILLISECONDS)) {
                note(process, family);
                if (deadline.passed() || output.tooLarge()) {
                    return Optional.empty();
                }
            }
            reader.join(Math.max(1, deadline.timeoutMillis()));
            if (!output.done() || output.tooLarge() || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(new String(output.bytes(), StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            if (process.isAlive()) {
                // descendants() walks every process of the host; once the command has ended its children
                // belong to another parent, so the walk would find none of them: the marker does instead
                note(process, family);
            }
            family.forEach(ProcessHandle::destroyForcibly); // a no-op for those that have ended
            process.destroyForcibly();
            if (!output.done()) {
                marked(marker).forEach(ProcessHandle::destroyForcibly); // orphans holding the output open
            }
        }
    }

    /**
     * A value no other command carries: this process's id (no other live process has it), the
     * command's number in it, and the monotonic clock, which tells a reused id of an earlier
     * run apart. Not a random UUID: the first one seeds a SecureRandom, about 7 ms on a cold JVM.
     */
    private static String uniqueMarker() {
        // a builder, not +: each new shape of string concatenation costs a cold JVM milliseconds of bootstrap
        return new StringBuilder().append(ProcessHandle.current().pid()).append('-')
                .append(COMMANDS.incrementAndGet()).append('-').append(System.nanoTime()).toString();
    }

    /** The processes whose environment holds {@code marker}: the command's, orphans included. */
    private static List<ProcessHandle> marked(String marker) {
        byte[] wanted = (marker + "\0").getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> entries = Files.list(PROC)) {
            return entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
                    .filter(p -> environmentHolds(p.resolve("environ"), wanted))
                    .map(p -> ProcessHandle.of(Long.parseLong(p.getFileName().toString())))
                    .flatMap(java.util.Optional::stream)
                    .toList();
        } catch (IOException | RuntimeException e) {
            return List.of(); // no /proc here: the noted descendants are all that can be killed
        }
    }

    private static boolean environmentHolds(Path environ, byte[] wanted) {
        try {
            byte[] bytes = Files.readAllBytes(environ);
            outer:
            for (int i = 0; i + wanted.length <= bytes.length; i++) {
                if (i > 0 && bytes[i - 1] != 0) {
                    continue; // entries start after a NUL
                }
                for (int j = 0; j < wanted.length; j++) {
                    if (bytes[i + j] != wanted[j]) {
                        continue outer;
                    }
                }
                return true;
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // another user's process, or one that has just ended
        }
    }

    /** Adds the command's descendants alive now to {@code family}. */
    private static void note(Process process, Set<ProcessHandle> family) {
        process.descendants().forEach(family::add);
    }

    /** The command's standard output, read to its end or to {@link CommandRunner#MAX_OUTPUT}. */
    private static final class Output implements Runnable {
        private final InputStream in;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile boolean done;
        private volatile boolean tooLarge;

        Output(InputStream in) {
            this.in = in;
        }

        @Override
        public void run() {
            byte[] buffer = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (bytes.size() + n > MAX_OUTPUT) {
                        tooLarge = true; // not a ruleset a person reads; the command is killed
                        return;
                    }
                    synchronized (bytes) {
                        bytes.write(buffer, 0, n);
                    }
                }
                done = true;
            } catch (IOException e) {
                // the pipe broke: what was read is incomplete, so nothing is kept
            }
        }

        boolean done() {
            return done;
        }

        boolean tooLarge() {
            return tooLarge;
        }

        byte[] bytes() {
            synchronized (bytes) {
                return bytes.toByteArray();
            }
        }
    }
}
