package dev.conndoctor.firewall;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small JSON reader for {@code nft -j} output: a tree of nodes with the few navigation
 * methods the ruleset parser needs, named and behaving as Jackson's {@code JsonNode} does
 * ({@code path} never null, {@code get} null when absent, {@code asText()} of a container ""),
 * so a diagnosis that reads the firewall does not load a JSON library (about 90 ms of class
 * loading on a cold JVM, on the hot path of every refused or silent port). Pure; RFC 8259, with
 * empty text read as a missing node, as Jackson reads it.
 */
final class JsonTree implements Iterable<JsonTree> {

    /** Deeper nesting than this is not a ruleset: refused rather than a stack overflow. */
    static final int MAX_DEPTH = 512;

    private enum Kind { OBJECT, ARRAY, STRING, NUMBER, BOOLEAN, NULL, MISSING }

    private static final JsonTree MISSING = new JsonTree(Kind.MISSING, null);

    private final Kind kind;
    private final Object value;

    private JsonTree(Kind kind, Object value) {
        this.kind = kind;
        this.value = value;
    }

    /** The tree of {@code text}; an {@link IllegalArgumentException} saying where it is not JSON. */
    static JsonTree parse(String text) {
        if (text.isBlank()) {
            return MISSING;
        }
        Reader reader = new Reader(text);
        reader.space();
        JsonTree tree = reader.value(0);
        reader.space();
        if (reader.pos != text.length()) {
            throw reader.error("text after the value");
        }
        return tree;
    }

    /** The member {@code name} of an object, or a missing node (never null). */
    JsonTree path(String name) {
        JsonTree member = get(name);
        return member == null ? MISSING : member;
    }

    /** The member {@code name} of an object; null when absent or not an object. */
    JsonTree get(String name) {
        return kind == Kind.OBJECT ? object().get(name) : null;
    }

    /** Element {@code index} of an array; null when out of range or not an array. */
    JsonTree get(int index) {
        return kind == Kind.ARRAY && index >= 0 && index < array().size() ? array().get(index) : null;
    }

    /** Whether this is an object with member {@code name} (a JSON null member counts). */
    boolean has(String name) {
        return get(name) != null;
    }

    boolean isTextual() {
        return kind == Kind.STRING;
    }

    boolean isArray() {
        return kind == Kind.ARRAY;
    }

    /** A string, number, boolean or null: not a container, not missing. */
    boolean isValueNode() {
        return kind != Kind.OBJECT && kind != Kind.ARRAY && kind != Kind.MISSING;
    }

    /** A whole number that fits an int. */
    boolean isInt() {
        if (kind != Kind.NUMBER) {
            return false;
        }
        String number = (String) value;
        if (number.contains(".") || number.contains("e") || number.contains("E")) {
            return false;
        }
        try {
            Integer.parseInt(number);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** A number's int value, a string's if it is one; otherwise 0. */
    int asInt() {
        if (kind == Kind.NUMBER || kind == Kind.STRING) {
            try {
                return kind == Kind.NUMBER && !isInt() ? (int) Double.parseDouble((String) value)
                        : Integer.parseInt(((String) value).trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    /** A value's text ("null" for null); "" for a container or a missing node. */
    String asText() {
        return switch (kind) {
            case STRING, NUMBER -> (String) value;
            case BOOLEAN -> value.toString();
            case NULL -> "null";
            default -> "";
        };
    }

    /** Like {@link #asText()}, but {@code fallback} for a missing node or null. */
    String asText(String fallback) {
        return kind == Kind.MISSING || kind == Kind.NULL ? fallback : asText();
    }

    /** An array's elements or an object's member values; nothing for a value. */
    @Override
    public Iterator<JsonTree> iterator() {
        return switch (kind) {
            case ARRAY -> array().iterator();
            case OBJECT -> object().values().iterator();
            default -> Collections.emptyIterator();
        };
    }

    /** Compact JSON, as in the input but without its spaces; "" for a missing node. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        write(out);
        return out.toString();
    }

    private void write(StringBuilder out) {
        switch (kind) {
            case OBJECT -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, JsonTree> e : object().entrySet()) {
                    out.append(first ? "" : ",");
                    quote(e.getKey(), out);
                    out.append(':');
                    e.getValue().write(out);
                    first = false;
                }
                out.append('}');
            }
            case ARRAY -> {
                out.append('[');
                for (int i = 0; i < array().size(); i++) {
                    out.append(i == 0 ? "" : ",");
                    array().get(i).write(out);
                }
                out.append(']');
            }
            case STRING -> quote((String) value, out);
            case NUMBER, BOOLEAN -> out.append(value);
            case NULL -> out.append("null");
            case MISSING -> { }
        }
    }

    private static void quote(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    @SuppressWarnings("unchecked")
    private Map<String, JsonTree> object() {
        return (Map<String, JsonTree>) value;
    }

    @SuppressWarnings("unchecked")
    private List<JsonTree> array() {
        return (List<JsonTree>) value;
    }

    /** A recursive-descent reader over the text, one position. */
    private static final class Reader {
        private final String text;
        private int pos;

        Reader(String text) {
            this.text = text;
        }

        JsonTree value(int depth) {
            if (depth > MAX_DEPTH) {
                throw error("nested deeper than " + MAX_DEPTH);
            }
            if (pos >= text.length()) {
                throw error("the text ends where a value should be");
            }
            char c = text.charAt(pos);
            switch (c) {
                case '{':
                    return object(depth);
                case '[':
                    return array(depth);
                case '"':
                    return new JsonTree(Kind.STRING, string());
                case 't':
                    literal("true");
                    return new JsonTree(Kind.BOOLEAN, Boolean.TRUE);
                case 'f':
                    literal("false");
                    return new JsonTree(Kind.BOOLEAN, Boolean.FALSE);
                case 'n':
                    literal("null");
                    return new JsonTree(Kind.NULL, null);
                default:
                    if (c == '-' || (c >= '0' && c <= '9')) {
                        return new JsonTree(Kind.NUMBER, number());
                    }
                    throw error("unexpected '" + c + "'");
            }
        }

        private JsonTree object(int depth) {
            pos++; // {
            Map<String, JsonTree> members = new LinkedHashMap<>();
            space();
            if (peek() == '}') {
                pos++;
                return new JsonTree(Kind.OBJECT, members);
            }
            while (true) {
                space();
                if (peek() != '"') {
                    throw error("a member name expected");
                }
                String name = string();
                space();
                expect(':');
                space();
                members.put(name, value(depth + 1));
                space();
                char c = next();
                if (c == '}') {
                    return new JsonTree(Kind.OBJECT, members);
                }
                if (c != ',') {
                    throw error("',' or '}' expected");
                }
            }
        }

        private JsonTree array(int depth) {
            pos++; // [
            List<JsonTree> elements = new ArrayList<>();
            space();
            if (peek() == ']') {
                pos++;
                return new JsonTree(Kind.ARRAY, elements);
            }
            while (true) {
                space();
                elements.add(value(depth + 1));
                space();
                char c = next();
                if (c == ']') {
                    return new JsonTree(Kind.ARRAY, elements);
                }
                if (c != ',') {
                    throw error("',' or ']' expected");
                }
            }
        }

        private String string() {
            pos++; // "
            StringBuilder out = new StringBuilder();
            while (true) {
                if (pos >= text.length()) {
                    throw error("an unterminated string");
                }
                char c = text.charAt(pos++);
                if (c == '"') {
                    return out.toString();
                }
                if (c < 0x20) {
                    throw error("a control character in a string");
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char e = next();
                switch (e) {
                    case '"', '\\', '/' -> out.append(e);
                    case 'b' -> out.append('\b');
                    case 'f' -> out.append('\f');
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        if (pos + 4 > text.length()) {
                            throw error("a short \\u escape");
                        }
                        try {
                            out.append((char) Integer.parseInt(text.substring(pos, pos + 4), 16));
                        } catch (NumberFormatException ex) {
                            throw error("a bad \\u escape");
                        }
                        pos += 4;
                    }
                    default -> throw error("a bad escape \\" + e);
                }
            }
        }

        private String number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            digits();
            if (peek() == '.') {
                pos++;
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                digits();
            }
            return text.substring(start, pos);
        }

        private void digits() {
            int start = pos;
            while (pos < text.length() && Character.isDigit(text.charAt(pos)) && text.charAt(pos) < 128) {
                pos++;
            }
            if (pos == start) {
                throw error("a digit expected");
            }
        }

        private void literal(String word) {
            if (!text.startsWith(word, pos)) {
                throw error("'" + word + "' expected");
            }
            pos += word.length();
        }

        void space() {
            while (pos < text.length()) {
                char c = text.charAt(pos);
                if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                    return;
                }
                pos++;
            }
        }

        private char peek() {
            return pos < text.length() ? text.charAt(pos) : '\0';
        }

        private char next() {
            if (pos >= text.length()) {
                throw error("the text ends too soon");
            }
            return text.charAt(pos++);
        }

        private void expect(char c) {
            if (next() != c) {
                throw error("'" + c + "' expected");
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException(what + " at offset " + pos);
        }
    }
}
