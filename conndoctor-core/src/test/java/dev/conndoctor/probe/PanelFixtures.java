package dev.conndoctor.probe;

import dev.conndoctor.TestResources;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Builds a panel's SQLite database from a fixture script of {@code fixtures/panels/} (the panel's real
 * schema and rows written as the panel writes them), where a test's host root needs it.
 */
final class PanelFixtures {
    private PanelFixtures() {
    }

    /** Creates {@code file} (and its directories) from the SQL script {@code resource}. */
    static Path database(Path file, String resource) throws IOException {
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement s = c.createStatement()) {
            for (String statement : script(TestResources.text("/fixtures/panels/" + resource))) {
                s.execute(statement);
            }
        } catch (SQLException e) {
            throw new IOException("cannot build " + file + " from " + resource, e);
        }
        return file;
    }

    /** The statements of a script: its "--" comment lines dropped, split at ";" ending a line. */
    private static String[] script(String sql) {
        String body = sql.lines().filter(l -> !l.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n");
        return java.util.Arrays.stream(body.split(";\\s*\n")).map(String::strip).filter(s -> !s.isEmpty())
                .toArray(String[]::new);
    }
}
