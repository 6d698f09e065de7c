package dev.conndoctor.explain;

import java.io.IOException;
import java.io.Reader;

/**
 * The lines of a text as it is read, each cut at a maximum length: a log of any size, or one
 * line of gigabytes, costs the memory of one line. Line ends are LF or CR LF.
 */
final class Lines {
    private final Reader in;
    private final int maxLine;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private int count;

    Lines(Reader in, int maxLine) {
        this.in = in;
        this.maxLine = maxLine;
    }

    /** The next line without its line end, cut at the maximum; null at the end of the text. */
    String next() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line == null ? null : done(line, 0, 0);
                }
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (position < limit) {
                position++; // the LF
                if (line == null) {
                    // the usual case, a whole line in the buffer: one string, no builder
                    count++;
                    int end = position - 1;
                    if (end > start && buffer[end - 1] == '\r') {
                        end--;
                    }
                    return new String(buffer, start, Math.min(end - start, maxLine));
                }
                return done(line, start, position - 1 - start);
            }
            if (line == null) {
                line = new StringBuilder();
            }
            int room = maxLine + 1 - line.length(); // one more, for a CR before the LF
            line.append(buffer, start, Math.min(position - start, Math.max(room, 0)));
        }
    }

    /** How many lines were read. */
    int count() {
        return count;
    }

    /** The line begun in {@code line}, ended by {@code length} characters of the buffer from {@code start}. */
    private String done(StringBuilder line, int start, int length) {
        count++;
        int room = maxLine + 1 - line.length();
        line.append(buffer, start, Math.min(length, Math.max(room, 0)));
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        return line.substring(0, Math.min(end, maxLine));
    }
}
