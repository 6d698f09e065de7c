package dev.conndoctor.probe;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * {@link CommandRunner#SYSTEM}: runs a read-only command as a child process and ends it, with
 * everything it started, at the deadline.
 *
 * <p>The output is read on a thread of its own while this one waits for the deadline: reading
 * first and waiting afterwards, as before, blocked for as long as any process held the output
 * open, whatever the timeout. The descendants are noted while the command runs, because a child
 * whose parent has exited is no longer a descendant; one started and orphaned between two looks
 * can escape the kill, but never the deadline.
 */
final class SystemCommandRunner implements CommandRunner {

    /** How often the running command's descendants are noted, to kill them all at the deadline. */
    static final long LOOK_MS = 20;

    @Override
    public Optional<String> run(List<String> command, Duration timeout) {
        Deadline deadline = Deadline.after(timeout);
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
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
            note(process, family);
            family.forEach(ProcessHandle::destroyForcibly); // a no-op for those that have ended
            process.destroyForcibly();
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
