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
