package dev.conndoctor.protocol;

/**
 * What a server's first bytes are, named: the kind, a one-line label for people (the status
 * line, the alert's name, the banner) and an escaped, bounded preview of the bytes.
 */
public record Sniffed(Speech speech, String label, String preview) {
}
