package dev.conndoctor.cli;

import dev.conndoctor.ConnDoctor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;

/**
 * {@code conndoctor --version}: the version the build stamped into the library, the git commit it was
 * built from (the build writes it beside these classes; "unknown" outside a git checkout) and the Java
 * it runs on.
 */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"conndoctor " + ConnDoctor.version() + " (commit " + commit() + ")",
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ", "
                    + System.getProperty("java.home") + ")"};
    }

    /** The commit the build wrote to commit.txt, or "unknown" when it could not (no git, a source archive). */
    static String commit() {
        try (InputStream in = VersionProvider.class.getResourceAsStream("commit.txt")) {
            String commit = in == null ? "" : new String(in.readNBytes(64), StandardCharsets.UTF_8).strip();
            return commit.matches("[0-9a-f]{7,40}(-dirty)?") ? commit : "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }
}
