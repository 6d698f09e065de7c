package dev.conndoctor.probe;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads tables of a hosting panel's SQLite database (xerial sqlite-jdbc), read-only and without a
 * lock: the file is opened with {@code mode=ro&immutable=1}, so SQLite neither writes, nor creates a
 * journal, nor takes the lock a running panel would wait on. A table that the panel is writing at
 * that instant may read as damaged: then the read fails, and the caller says so.
 *
 * <p>sqlite-jdbc loads a native library on its first connection: only {@code server}, and only on a
 * host where a panel's database exists, ever reaches it.
 */
final class PanelTables {
    /** A panel's list is tens of rows; a damaged or hostile file is not read past this. */
    static final int MAX_ROWS = 5000;

    private PanelTables() {
    }

    /** The rows of one database's tables, by table name; a table the database lacks is absent from the map. */
    static Map<String, List<Map<String, String>>> read(Path file, List<String> tables) throws SQLException {
        org.sqlite.SQLiteConfig config = new org.sqlite.SQLiteConfig();
        config.setReadOnly(true);
        String url = "jdbc:sqlite:file:" + uriPath(file) + "?mode=ro&immutable=1";
        Map<String, List<Map<String, String>>> result = new LinkedHashMap<>();
        try (Connection connection = new org.sqlite.JDBC().connect(url, config.toProperties())) {
            if (connection == null) {
                throw new SQLException("not an SQLite address: " + url);
            }
            for (String table : tables) {
                if (exists(connection, table)) {
                    result.put(table, rows(connection, table));
                }
            }
        }
        return result;
    }

    /** Whether {@code file} is there to be read (sqlite's own "unable to open" says less). */
    static Optional<String> problem(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.of("not a file");
        }
        if (!Files.isReadable(file)) {
            return Optional.of("not readable (run as root)");
        }
        return Optional.empty();
    }

    private static boolean exists(Connection connection, String table) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            s.setString(1, table);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() && rs.getInt(1) > 0;
            }
        }
    }

    private static List<Map<String, String>> rows(Connection connection, String table) throws SQLException {
        List<Map<String, String>> rows = new ArrayList<>();
        // the name is one of the caller's constants, never the file's: quoting it is enough
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM \"" + table + "\" ORDER BY rowid LIMIT " + MAX_ROWS)) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    String value = rs.getString(i);
                    row.put(meta.getColumnName(i), value == null ? "" : value);
                }
                rows.add(row);
            }
        }
        return rows;
    }

    /** The path as a URI path: SQLite decodes %XX in URI file names, so a '%', '?' or '#' in a directory name is escaped. */
    private static String uriPath(Path file) {
        StringBuilder out = new StringBuilder();
        for (byte b : file.toAbsolutePath().toString().getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/-._~".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
