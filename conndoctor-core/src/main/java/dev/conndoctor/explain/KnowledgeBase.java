package dev.conndoctor.explain;

import dev.conndoctor.CauseId;
import dev.conndoctor.Symptom;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The error messages conndoctor recognizes, kept as data ({@code explain/messages.kb}), one
 * entry per message form. Entries are tried in file order: the more specific ones come first.
 */
public final class KnowledgeBase {
    private final List<KnownMessage> entries;

    private KnowledgeBase(List<KnownMessage> entries) {
        this.entries = List.copyOf(entries);
    }

    public List<KnownMessage> entries() {
        return entries;
    }

    /** The knowledge base shipped in the jar. */
    public static KnowledgeBase embedded() {
        try (InputStream in = KnowledgeBase.class.getResourceAsStream("/dev/conndoctor/explain/messages.kb")) {
            if (in == null) {
                throw new IllegalStateException("messages.kb is missing from the build");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses entries, one per line: {@code id | client | symptom | causes | scheme | pattern},
     * causes a comma list of catalogue ids (or {@code by-status}: the causes of the HTTP status the
     * pattern's {@code status} group reads), the pattern a case-insensitive Java regex running to
     * the end of the line. Throws naming the line of a bad entry.
     */
    public static KnowledgeBase parse(String text) {
        List<KnownMessage> entries = new ArrayList<>();
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\\s+\\|\\s+", 6);
            if (f.length != 6) {
                throw new IllegalArgumentException("line " + (n + 1) + ": expected 6 fields separated by ' | '");
            }
            try {
                Symptom symptom = Symptom.valueOf(f[2].toUpperCase(Locale.ROOT).replace('-', '_'));
                if (f[3].equals("by-status") && !f[5].contains("(?<status>")) {
                    throw new IllegalArgumentException("by-status needs a (?<status>...) group");
                }
                List<CauseId> causes = f[3].equals("-") || f[3].equals("by-status") ? List.of() : Arrays.stream(f[3].split(","))
                        .map(id -> CauseId.valueOf(id.trim().toUpperCase(Locale.ROOT).replace('-', '_'))).toList();
                entries.add(new KnownMessage(f[0], f[1], symptom, causes,
                        Pattern.compile(f[5], Pattern.CASE_INSENSITIVE), f[4]));
            } catch (IllegalArgumentException e) { // a bad symptom or cause id, or a PatternSyntaxException
                throw new IllegalArgumentException("line " + (n + 1) + " (" + f[0] + "): " + e.getMessage(), e);
            }
        }
        return new KnowledgeBase(entries);
    }
}
