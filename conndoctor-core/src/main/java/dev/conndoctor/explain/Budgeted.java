package dev.conndoctor.explain;

/**
 * A line as the regex engine reads it, one character at a time, with a budget of reads: a
 * pattern that backtracks on a hostile line runs out of it and gives the line up instead of
 * running for minutes. Each read is one step of the engine, so the budget bounds its work.
 */
final class Budgeted implements CharSequence {
    private final String text;
    private long left;

    Budgeted(String text, long steps) {
        this.text = text;
        this.left = steps;
    }

    @Override
    public char charAt(int index) {
        if (--left < 0) {
            throw Exhausted.INSTANCE;
        }
        return text.charAt(index);
    }

    @Override
    public int length() {
        return text.length();
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return text.substring(start, end); // a group read out of a match: no more matching on it
    }

    @Override
    public String toString() {
        return text;
    }

    /** The budget is spent; thrown through the regex engine, caught per line. */
    static final class Exhausted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        static final Exhausted INSTANCE = new Exhausted();

        private Exhausted() {
            super("the line's budget of matching steps is spent", null, false, false);
        }
    }
}
