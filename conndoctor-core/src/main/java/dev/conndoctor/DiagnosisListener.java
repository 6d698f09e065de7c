package dev.conndoctor;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.Resolution;
import java.time.Duration;
import java.util.List;

/**
 * Told of a diagnosis's progress as it happens: the CLI's progress line and {@code -v} output
 * listen, and tests record the events. Every method has an empty default; calls come from the
 * diagnosing thread and must return quickly.
 */
public interface DiagnosisListener {

    /** A listener that ignores every event. */
    DiagnosisListener NONE = new DiagnosisListener() {
    };

    default void resolving(String host) {
    }

    default void resolved(Resolution resolution) {
    }

    /** Connection attempts start: {@code endpoints} to the target, {@code followUps} more to check the hosts. */
    default void connecting(List<String> endpoints, int followUps, Duration timeout) {
    }

    default void attemptFinished(ConnectAttempt attempt) {
    }

    /** The target's protocol ({@code ws}, {@code https}, ...) is spoken to an endpoint that accepted. */
    default void speaking(String protocol, String endpoint) {
    }

    /** With {@code --hold}: the connection to {@code endpoint} worked and is kept open for up to {@code hold}. */
    default void holding(String endpoint, Duration hold) {
    }

    /** The target port refused: {@code ports} likely ports of {@code address} are tried. */
    default void scanning(String address, int ports) {
    }

    /** A host file or table is read, e.g. {@code /proc/net/tcp}. */
    default void inspecting(String what) {
    }
}
