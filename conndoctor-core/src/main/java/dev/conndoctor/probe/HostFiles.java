package dev.conndoctor.probe;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the host's kernel files ({@code /proc}, {@code /etc}) through a root directory, so
 * that tests read fixture trees the same way the tool reads the live system. Read-only, bounded,
 * and it remembers what it could not read so the report can say so.
 */
public final class HostFiles {

    /** A busy server's socket table can be tens of megabytes; more than this is not read. */
    static final int MAX_BYTES = 64 * 1024 * 1024;

    private final Path root;
    private final List<String> unreadable = new ArrayList<>();

    public HostFiles(Path root) {
        this.root = root;
    }

    /** The live system. */
    public static HostFiles system() {
        return new HostFiles(Path.of("/"));
    }

    /** The text of {@code absolutePath} under the root, or empty when it is missing or unreadable. */
    public Optional<String> read(String absolutePath) {
        Path path = root.resolve(absolutePath.replaceFirst("^/+", ""));
        try (InputStream in = Files.newInputStream(path)) {
            return Optional.of(new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            synchronized (unreadable) {
                unreadable.add(absolutePath + ": " + e.getClass().getSimpleName());
            }
            return Optional.empty();
        }
    }

    /**
     * At most {@code maxBytes} of {@code absolutePath}, or empty, without noting a failure: for
     * reads over many processes, where one that exited meanwhile is no news and the caller says
     * once what it could not read.
     */
    public Optional<String> readAtMost(String absolutePath, int maxBytes) {
        Path path = root.resolve(absolutePath.replaceFirst("^/+", ""));
        try (InputStream in = Files.newInputStream(path)) {
            return Optional.of(new String(in.readNBytes(Math.min(maxBytes, MAX_BYTES)), StandardCharsets.UTF_8));
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Like {@link #read}, for a file that many hosts do not have: its absence is not worth reporting. */
    public Optional<String> readIfPresent(String absolutePath) {
        return exists(absolutePath) ? read(absolutePath) : Optional.empty();
    }

    /** The names in directory {@code absolutePath} under the root (empty when it cannot be listed). */
    public List<String> list(String absolutePath) {
        Path dir = root.resolve(absolutePath.replaceFirst("^/+", ""));
        try (java.util.stream.Stream<Path> entries = Files.list(dir)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException | SecurityException e) {
            return List.of();
        }
    }

    /** Where symbolic link {@code absolutePath} points ({@code socket:[12345]} for a socket descriptor). */
    public Optional<String> readLink(String absolutePath) {
        try {
            return Optional.of(Files.readSymbolicLink(root.resolve(absolutePath.replaceFirst("^/+", ""))).toString());
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** Where {@code absolutePath} is under the root: for a reader that opens the file itself (a panel's SQLite database). */
    public Path locate(String absolutePath) {
        return root.resolve(absolutePath.replaceFirst("^/+", ""));
    }

    /** Whether {@code absolutePath} exists under the root. */
    public boolean exists(String absolutePath) {
        return Files.exists(root.resolve(absolutePath.replaceFirst("^/+", "")));
    }

    /** Notes something that could not be read (a command that did not run, say). */
    public void noteUnreadable(String what) {
        synchronized (unreadable) {
            unreadable.add(what);
        }
    }

    /** What could not be read so far, for the report. */
    public List<String> unreadable() {
        synchronized (unreadable) {
            return List.copyOf(unreadable);
        }
    }

    /** The same root with a fresh record of unreadable files, for one diagnosis. */
    public HostFiles fresh() {
        return new HostFiles(root);
    }
}
