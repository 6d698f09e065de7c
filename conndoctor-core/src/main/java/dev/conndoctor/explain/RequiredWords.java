package dev.conndoctor.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The literal words a knowledge-base pattern cannot match without, in the order it needs them:
 * a cheap test ({@link String#indexOf}) that rules a line out before the regex runs.
 *
 * <p>A case-insensitive regex has no fast scan, so trying every entry on every line of a log
 * cost seconds per megabyte; most lines hold none of the words, and the few that do are the
 * ones worth matching. The words are read from the pattern itself, so an entry added to the
 * knowledge base is filtered without anyone keeping a list. The reading is conservative: what
 * it does not understand (a group, a class, an optional character) ends a word, and an
 * alternative with no word at all makes the filter let every line through.
 */
public final class RequiredWords {
    /**
     * Per top-level alternative, its words in order, each a choice of one or more spellings (a
     * group {@code (?:a|b)} is a choice); none means every line may match.
     */
    private final List<List<List<String>>> alternatives;
    /** Per alternative, the characters of its sure words as a {@link #mask}: one AND rules most lines out. */
    private final long[] masks;

    private RequiredWords(List<List<List<String>>> alternatives) {
        this.alternatives = alternatives;
        this.masks = alternatives.stream().mapToLong(words -> mask(String.join("", words.stream()
                .filter(choice -> choice.size() == 1).map(choice -> choice.get(0)).toList()))).toArray();
    }

    /** The characters of {@code text}, each as one of 64 bits: a line lacks a word if it lacks one of its bits. */
    public static long mask(String text) {
        long mask = 0;
        for (int i = 0; i < text.length(); i++) {
            mask |= 1L << (text.charAt(i) & 63);
        }
        return mask;
    }

    /**
     * The {@link #mask} of {@code line} lower-cased, without making the lower-cased string: each
     * character counts as itself and as its lower case, so the mask holds every bit the
     * lower-cased line would.
     */
    public static long foldedMask(String line) {
        long mask = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            mask |= 1L << (c & 63);
            if (c >= 'A' && c <= 'Z') {
                mask |= 1L << ((c + 32) & 63);
            } else if (c >= 0x80) {
                mask |= 1L << (Character.toLowerCase(c) & 63) | 1L << (0x307 & 63); // İ lower-cases to i and U+0307
            }
        }
        return mask;
    }

    /** Whether a line of this {@link #mask} has the characters of one alternative: the first half of the test. */
    public boolean mayMatch(long lineMask) {
        if (masks.length == 0) {
            return true;
        }
        for (long mask : masks) {
            if ((mask & ~lineMask) == 0) {
                return true;
            }
        }
        return false;
    }

    /** The masks of the alternatives, one each; none when every line may match. */
    long[] masks() {
        return masks.clone();
    }

    /** The words of {@code regex}, a pattern compiled case-insensitive without other flags. */
    public static RequiredWords of(String regex) {
        List<List<List<String>>> alternatives = new ArrayList<>();
        for (String alternative : topLevelAlternatives(regex)) {
            List<List<String>> words = words(alternative);
            if (words == null || words.isEmpty()) {
                return new RequiredWords(List.of()); // this alternative may match any line
            }
            alternatives.add(words);
        }
        return new RequiredWords(List.copyOf(alternatives));
    }

    /**
     * Whether a line, lower-cased with {@link Locale#ROOT}, holds every word of one alternative in
     * order. False means the pattern cannot match the line; true means it may.
     */
    public boolean mayMatch(String lowerLine) {
        return mayMatch(lowerLine, mask(lowerLine));
    }

    /** {@link #mayMatch(String)} with the line's {@link #mask} computed once for every pattern. */
    public boolean mayMatch(String lowerLine, long lineMask) {
        if (alternatives.isEmpty()) {
            return true;
        }
        for (int a = 0; a < masks.length; a++) {
            if ((masks[a] & ~lineMask) != 0) {
                continue;
            }
            int from = 0;
            boolean all = true;
            for (List<String> choice : alternatives.get(a)) {
                // the spelling that ends first leaves the most room for the words after it
                int end = -1;
                for (String word : choice) {
                    int at = lowerLine.indexOf(word, from);
                    if (at >= 0 && (end < 0 || at + word.length() < end)) {
                        end = at + word.length();
                    }
                }
                if (end < 0) {
                    all = false;
                    break;
                }
                from = end;
            }
            if (all) {
                return true;
            }
        }
        return false;
    }

    /** The words per alternative, a choice written {@code (a|b)}, for tests. */
    List<List<String>> alternatives() {
        return alternatives.stream().map(words -> words.stream()
                .map(choice -> choice.size() == 1 ? choice.get(0) : "(" + String.join("|", choice) + ")").toList())
                .toList();
    }

    private static List<String> topLevelAlternatives(String regex) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(regex, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == '|' && depth == 0) {
                parts.add(regex.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(regex.substring(start));
        return parts;
    }

    /**
     * The literal runs one alternative needs, lower-cased, or null when it holds a construct this
     * reading does not know ({@code \Q}, inline flags), so that nothing wrong is required.
     */
    private static List<List<String>> words(String alternative) {
        List<List<String>> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        int i = 0;
        int n = alternative.length();
        while (i < n) {
            char c = alternative.charAt(i);
            char literal;
            if (c == '\\') {
                if (i + 1 >= n) {
                    return null;
                }
                char e = alternative.charAt(i + 1);
                if (Character.isLetterOrDigit(e)) {
                    // a class (\d \s \w), an anchor (\b), a back reference or a quote: not one character
                    if (e == 'Q' || e == 'E' || e == 'x' || e == 'u' || e == 'p' || e == 'P' || e == 'k' || e == 'c'
                            || e == 'N' || e == '0') {
                        return null;
                    }
                    end(word, words);
                    i = skipQuantifier(alternative, i + 2);
                    continue;
                }
                literal = e;
                i += 2;
            } else if (c == '[') {
                end(word, words);
                i = skipQuantifier(alternative, classEnd(alternative, i) + 1);
                continue;
            } else if (c == '(') {
                if (alternative.startsWith("(?", i) && i + 2 < n
                        && "<:=!>".indexOf(alternative.charAt(i + 2)) < 0) {
                    return null; // an inline flag such as (?s) or (?-i) changes what the rest means
                }
                end(word, words);
                int close = groupEnd(alternative, i);
                int after = skipQuantifier(alternative, close + 1);
                boolean optional = after > close + 1 && "?*{".indexOf(alternative.charAt(close + 1)) >= 0;
                if (!optional) {
                    choice(alternative, i, close).ifPresent(words::add);
                }
                i = after;
                continue;
            } else if (c == '.' || c == '^' || c == '$' || c == ')' || c == '|') {
                end(word, words);
                i = skipQuantifier(alternative, i + 1);
                continue;
            } else if (c == '?' || c == '*' || c == '+' || c == '{') {
                end(word, words);
                i = skipQuantifier(alternative, i);
                continue;
            } else {
                literal = c;
                i++;
            }
            char next = i < n ? alternative.charAt(i) : 0;
            if (next == '?' || next == '*' || next == '{') {
                end(word, words); // an optional character: the word ends before it
                i = skipQuantifier(alternative, i);
            } else if (next == '+') {
                word.append(literal); // at least once: this character is needed, what follows may repeat it
                end(word, words);
                i = skipQuantifier(alternative, i);
            } else {
                word.append(literal);
            }
        }
        end(word, words);
        return words;
    }

    private static void end(StringBuilder word, List<List<String>> words) {
        if (word.length() > 0) {
            words.add(List.of(word.toString().toLowerCase(Locale.ROOT)));
            word.setLength(0);
        }
    }

    /**
     * What a group that must match needs: the longest word of each of its branches, one of which
     * the line must hold. Nothing for a lookaround (what it needs may lie anywhere, out of order)
     * or for a group with a branch that needs no word.
     */
    private static java.util.Optional<List<String>> choice(String regex, int open, int close) {
        String body = regex.substring(open + 1, close);
        if (body.startsWith("?")) {
            if (body.startsWith("?:")) {
                body = body.substring(2);
            } else if (body.startsWith("?<") && body.length() > 2 && Character.isLetter(body.charAt(2))) {
                body = body.substring(body.indexOf('>') + 1); // a named group
            } else {
                return java.util.Optional.empty(); // a lookaround, an atomic group or flags
            }
        }
        List<String> options = new ArrayList<>();
        for (String branch : topLevelAlternatives(body)) {
            List<List<String>> words = words(branch);
            if (words == null) {
                return java.util.Optional.empty();
            }
            String longest = words.stream().filter(w -> w.size() == 1).map(w -> w.get(0))
                    .max(java.util.Comparator.comparingInt(String::length)).orElse("");
            if (longest.isEmpty()) {
                return java.util.Optional.empty();
            }
            options.add(longest);
        }
        return java.util.Optional.of(List.copyOf(options));
    }

    /** The index after a quantifier ({@code ? * + {n,m}}, lazy or possessive) at {@code i}, or {@code i}. */
    private static int skipQuantifier(String s, int i) {
        if (i >= s.length()) {
            return i;
        }
        char c = s.charAt(i);
        if (c == '{') {
            int close = s.indexOf('}', i);
            i = close < 0 ? s.length() : close + 1;
        } else if (c == '?' || c == '*' || c == '+') {
            i++;
        } else {
            return i;
        }
        if (i < s.length() && (s.charAt(i) == '?' || s.charAt(i) == '+')) {
            i++;
        }
        return i;
    }

    /** The index of the {@code ]} that closes the class opening at {@code open}. */
    private static int classEnd(String s, int open) {
        int i = open + 1;
        if (i < s.length() && s.charAt(i) == '^') {
            i++;
        }
        if (i < s.length() && s.charAt(i) == ']') {
            i++; // a ] first in a class is a character
        }
        int depth = 1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                depth++;
            } else if (c == ']' && --depth == 0) {
                return i;
            }
        }
        return s.length() - 1;
    }

    /** The index of the {@code )} that closes the group opening at {@code open}. */
    private static int groupEnd(String s, int open) {
        int depth = 0;
        for (int i = open; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '[') {
                i = classEnd(s, i);
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return s.length() - 1;
    }
}
