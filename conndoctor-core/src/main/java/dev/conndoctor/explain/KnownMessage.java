package dev.conndoctor.explain;

import dev.conndoctor.CauseId;
import dev.conndoctor.Symptom;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One known form of an error message: which client prints it, the failure it reports, the
 * causes that produce it (most likely first), and the pattern that recognizes it. Named groups
 * {@code url}, {@code host}, {@code port} and {@code status} are read when the pattern has them.
 */
public record KnownMessage(String id, String client, Symptom symptom, List<CauseId> causes, Pattern pattern,
                           String defaultScheme) {

    public KnownMessage {
        causes = List.copyOf(causes);
    }
}
