package dev.conndoctor.cli;

import dev.conndoctor.ConnDoctor;
import picocli.CommandLine;

/** {@code conndoctor --version}: the version the build stamped into the library. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"conndoctor " + ConnDoctor.version(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"};
    }
}
