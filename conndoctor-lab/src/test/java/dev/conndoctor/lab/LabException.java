package dev.conndoctor.lab;

/** The lab could not be built, changed or torn down; the message carries the failing command's stderr. */
public final class LabException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public LabException(String message) {
        super(message);
    }

    public LabException(String message, Throwable cause) {
        super(message, cause);
    }
}
