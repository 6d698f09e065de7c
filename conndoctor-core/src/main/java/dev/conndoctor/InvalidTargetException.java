package dev.conndoctor;

/** Thrown when a target cannot be parsed; its message names the problem in one line. */
public final class InvalidTargetException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final transient Text problem;

    public InvalidTargetException(Text problem) {
        super(problem.toString());
        this.problem = problem;
    }

    /** The problem as a localizable text. */
    public Text problem() {
        return problem;
    }
}
