package dev.conndoctor.cli.exporter;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import java.time.Duration;
import java.util.Optional;

/**
 * Runs one module's probe of one target as a conndoctor diagnosis within the scrape's deadline,
 * and answers blackbox_exporter's question about it ({@link ProbeVerdict}).
 *
 * <p>A diagnosis runs its stages one after the other (the look-up, the connect round, the
 * protocol exchange), each within conndoctor's per-probe timeout: the per-probe timeout is a
 * third of the deadline, so the whole diagnosis fits in it.
 */
public final class ModuleProber {

    /** The timeouts one diagnosis may take at most, one after the other. */
    static final int TIMEOUTS_PER_DIAGNOSIS = 3;

    private ModuleProber() {
    }

    /** Probes {@code target} with {@code module} on {@code doctor}, within {@code deadline} (nothing when it is not positive). */
    public static ProbeExposition.Result probe(ConnDoctor doctor, ProbeModule module, Target target, Duration deadline) {
        long start = System.nanoTime();
        if (deadline.isZero() || deadline.isNegative()) {
            // blackbox_exporter's context is already done: the probe fails at once
            return new ProbeExposition.Result(Optional.of(target), Optional.empty(), false, Duration.ZERO, deadline);
        }
        Diagnosis diagnosis = doctor.run(target, options(module, deadline), DiagnosisListener.NONE);
        boolean success = ProbeVerdict.success(module, target, diagnosis);
        return new ProbeExposition.Result(Optional.of(target), Optional.of(diagnosis), success,
                Duration.ofNanos(System.nanoTime() - start), deadline);
    }

    /** The options of {@code module}'s diagnoses within {@code deadline}. */
    static Options options(ProbeModule module, Duration deadline) {
        Options.Builder options = Options.builder()
                .timeout(diagnosisTimeout(deadline))
                .insecure(module.tlsSettings().insecureSkipVerify())
                .origin(module.origin().orElse(null))
                .subprotocols(module.subprotocols())
                // blackbox_exporter's probers ignore the environment's proxy unless told; conndoctor's own module
                // follows it as conndoctor diagnose does, since a proxy in the path is one of its causes
                .proxy(module.prober() == ProberKind.CONNDOCTOR ? Options.ProxyChoice.AUTO : Options.ProxyChoice.NONE);
        return options.build();
    }

    static Duration diagnosisTimeout(Duration deadline) {
        Duration each = deadline.dividedBy(TIMEOUTS_PER_DIAGNOSIS);
        return each.compareTo(Duration.ofMillis(1)) < 0 ? Duration.ofMillis(1) : each;
    }
}
