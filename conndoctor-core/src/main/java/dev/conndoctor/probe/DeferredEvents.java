package dev.conndoctor.probe;

import dev.conndoctor.DiagnosisListener;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Holds the progress events of reads done on probe threads, to be told on the diagnosing thread
 * afterwards: a {@link DiagnosisListener} is called from that thread only.
 */
final class DeferredEvents implements DiagnosisListener {

    private final Queue<String> inspected = new ConcurrentLinkedQueue<>();

    @Override
    public void inspecting(String what) {
        inspected.add(what);
    }

    /** Tells {@code listener} what was held so far, in the order it happened. */
    void tell(DiagnosisListener listener) {
        for (String what = inspected.poll(); what != null; what = inspected.poll()) {
            listener.inspecting(what);
        }
    }
}
