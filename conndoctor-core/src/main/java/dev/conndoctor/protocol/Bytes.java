package dev.conndoctor.protocol;

/** Shows bytes from the wire to a person: printable ASCII as is, the rest escaped, always bounded. */
public final class Bytes {
    private Bytes() {
    }

    /** At most {@code max} characters of escaped preview; "…" marks a cut. */
    public static String preview(byte[] data, int length, int max) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < length; i++) {
            int b = data[i] & 0xff;
            String piece = switch (b) {
                case '\r' -> "\\r";
                case '\n' -> "\\n";
                case '\t' -> "\\t";
                case '\\' -> "\\\\";
                default -> b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b);
            };
            if (sb.length() + piece.length() > max) {
                return sb.append('…').toString();
            }
            sb.append(piece);
        }
        return sb.toString();
    }

    public static String preview(byte[] data, int max) {
        return preview(data, data.length, max);
    }
}
