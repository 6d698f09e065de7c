package dev.conndoctor;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.probe.Connector;
import dev.conndoctor.probe.HostFiles;
import dev.conndoctor.probe.LocalNetwork;
import dev.conndoctor.probe.Prober;
import dev.conndoctor.probe.ProtocolProbe;
import dev.conndoctor.probe.Resolver;
import dev.conndoctor.rules.Diagnoser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Properties;

/**
 * The library's entry point: diagnoses why a client cannot connect to a target.
 *
 * <pre>{@code
 * Diagnosis d = ConnDoctor.diagnose(Target.parse("ws://example.com:8282"), Options.defaults());
 * d.primaryCause().ifPresent(c -> log.warn("cannot connect: {} ({})", c.summary(), c.id()));
 * }</pre>
 *
 * <p>An instance holds the world it probes (resolver, interfaces, host files): build one with
 * fakes to diagnose without a network. It holds no other state and is safe to share.
 */
public final class ConnDoctor {

    private final Prober prober;
    private final Diagnoser diagnoser = new Diagnoser();

    /** A doctor that probes through the given world. */
    public ConnDoctor(Resolver resolver, LocalNetwork localNetwork, Path hostRoot, Clock clock) {
        this.prober = new Prober(resolver, localNetwork, new HostFiles(hostRoot), new Connector(),
                new ProtocolProbe(clock));
    }

    /** A doctor that probes through the given world, on the system clock. */
    public ConnDoctor(Resolver resolver, LocalNetwork localNetwork, Path hostRoot) {
        this(resolver, localNetwork, hostRoot, Clock.systemUTC());
    }

    /** A doctor for this machine: the system resolver, the live interfaces, the root file system. */
    public static ConnDoctor system() {
        return new ConnDoctor(Resolver.SYSTEM, LocalNetwork.SYSTEM, Path.of("/"));
    }

    /** Diagnoses {@code target} from this machine. Blocks for about one timeout at most. */
    public static Diagnosis diagnose(Target target, Options options) {
        return system().run(target, options, DiagnosisListener.NONE);
    }

    /** Diagnoses {@code target}, telling {@code listener} of the progress. */
    public Diagnosis run(Target target, Options options, DiagnosisListener listener) {
        long start = System.nanoTime();
        Evidence evidence = prober.probe(target, options, listener);
        return diagnoser.diagnose(evidence, (System.nanoTime() - start) / 1_000_000);
    }

    /** This library's version, as built. */
    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = ConnDoctor.class.getResourceAsStream("/dev/conndoctor/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version", "unknown");
    }
}
