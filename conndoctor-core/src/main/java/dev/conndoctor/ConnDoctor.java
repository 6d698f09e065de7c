package dev.conndoctor;

import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.config.ProxySettings;
import dev.conndoctor.probe.CommandRunner;
import dev.conndoctor.probe.Connector;
import dev.conndoctor.probe.ServerInspector;
import dev.conndoctor.evidence.server.ServerEvidence;
import dev.conndoctor.probe.DnsClient;
import dev.conndoctor.probe.NamesProbe;
import dev.conndoctor.probe.ProxyProbe;
import dev.conndoctor.probe.HostFiles;
import dev.conndoctor.probe.LocalNetwork;
import dev.conndoctor.probe.PortScanner;
import dev.conndoctor.probe.ProbeExecutor;
import dev.conndoctor.probe.Prober;
import dev.conndoctor.probe.ProofChecker;
import dev.conndoctor.probe.ProxyPathProbe;
import dev.conndoctor.probe.TargetResolver;
import dev.conndoctor.probe.ProtocolProbe;
import dev.conndoctor.probe.Resolver;
import dev.conndoctor.rules.Diagnoser;
import dev.conndoctor.rules.RuleEngine;
import dev.conndoctor.rules.ServerDiagnoser;
import dev.conndoctor.rules.client.ClientRules;
import dev.conndoctor.rules.client.HostFoundCauseRule;
import dev.conndoctor.rules.server.ServerRules;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The library's entry point: diagnoses why a client cannot connect to a target.
 *
 * <pre>{@code
 * Diagnosis d = ConnDoctor.diagnose(Target.parse("ws://example.com:8282"), Options.defaults());
 * d.primaryCause().ifPresent(c -> log.warn("cannot connect: {} ({})", c.summary(), c.id()));
 * }</pre>
 *
 * <p>An instance holds the world it probes (resolver, interfaces, host files, clock, trusted
 * certificates) and the {@link ProbeExecutor} its probes run on: {@link #builder()} swaps any of
 * them for a fake, so that a diagnosis can run without a network. It holds no other state and is
 * safe to share; diagnoses may run on it concurrently.
 */
public final class ConnDoctor {

    /**
     * The composition root of the rules: each side's rules with the precedence among their causes.
     * A holder, so that {@link #version()} and building a doctor load no rule; each side's rules
     * load with its first diagnosis.
     */
    private static final class ClientSide {
        static final Diagnoser DIAGNOSER = new Diagnoser(new RuleEngine<>(ClientRules.all(), ClientRules.precedence()));
    }

    /**
     * Loads the client rules on a thread of its own, while the first diagnosis waits for the network.
     * Its class initialisation is the one start of that thread: the JVM runs it once, no flag needed.
     */
    private static final class ClientSidePreload {
        private static final Thread LOADER = new Thread(() -> {
            try {
                ClientSide.DIAGNOSER.getClass();
            } catch (Throwable e) {
                // the diagnosis meets the same failure on its own thread, and reports it there
            }
        }, "conndoctor-rules");

        static {
            LOADER.setDaemon(true);
            LOADER.start();
        }

        /** Nothing: calling it initialises the class, once. */
        static void start() {
        }
    }

    private static final class ServerSide {
        static final ServerDiagnoser DIAGNOSER =
                new ServerDiagnoser(new RuleEngine<>(ServerRules.all(), ServerRules.precedence()));
    }

    private final Builder world;
    private final Prober prober;

    private ConnDoctor(Builder builder) {
        this.world = builder.copy();
        ProbeExecutor executor = world.executor;
        Connector connector = new Connector();
        ProtocolProbe protocolProbe = new ProtocolProbe(world.clock, world.trust, executor);
        this.prober = new Prober(world.localNetwork, new HostFiles(world.hostRoot),
                new TargetResolver(world.resolver, executor), connector, protocolProbe,
                new NamesProbe(world.dnsClient, executor),
                new ProxyPathProbe(new ProxySettings(world.environment, world.systemProperties),
                        new ProxyProbe(world.resolver, world.trust, executor), executor),
                new PortScanner(connector, protocolProbe::probe, executor), new ProofChecker(new SecureRandom()),
                world.commands, executor);
    }

    /** A builder holding this doctor's world, to change one part of it. */
    public Builder toBuilder() {
        return world.copy();
    }

    /** A doctor for this machine: the system resolver, the live interfaces, the root file system, the system trust. */
    public static ConnDoctor system() {
        return builder().build();
    }

    /** A builder that starts from this machine's world. */
    public static Builder builder() {
        return new Builder();
    }

    /** Diagnoses {@code target} from this machine. Blocks for about one timeout, two at most. */
    public static Diagnosis diagnose(Target target, Options options) {
        return system().run(target, options, DiagnosisListener.NONE);
    }

    /** Diagnoses {@code target}, telling {@code listener} of the progress. */
    public Diagnosis run(Target target, Options options, DiagnosisListener listener) {
        long start = System.nanoTime();
        ClientSidePreload.start();
        Evidence evidence = prober.probe(target, options, listener);
        if (failedOnThisHostBesideContainers(evidence)) {
            // the client is the server's host: follow the port into its containers, as `server PORT` would
            List<Cause> found = inspectServer(List.of(target.port()), options.timeout()).ports().stream()
                    .flatMap(p -> p.causes().stream())
                    .filter(c -> HostFoundCauseRule.CAUSES.contains(c.id()))
                    .toList();
            evidence = evidence.withHostCauses(found);
        }
        return ClientSide.DIAGNOSER.diagnose(evidence, (System.nanoTime() - start) / 1_000_000);
    }

    /** A container engine's bridge (Docker's, a compose network's, Podman's, a CNI plugin's): containers live here. */
    private static final java.util.regex.Pattern CONTAINER_BRIDGE =
            java.util.regex.Pattern.compile("docker0|br-[0-9a-f]{12}|podman\\d+|cni\\d+|cni-podman\\d+");

    /**
     * Whether the target is this machine, it failed there (refused, or every connection closed at
     * once), and a container bridge says ports here may be published into containers. Only then is
     * the host's own inspection worth its cost (every process's namespace, the firewall again).
     */
    private boolean failedOnThisHostBesideContainers(Evidence evidence) {
        boolean refusedHere = evidence.local().listeners().isPresent();
        boolean closedHere = evidence.exchange()
                .filter(x -> x.closesEveryConnectionAtOnce())
                .filter(x -> x.address().isLoopbackAddress() || world.localNetwork.interfaces().stream()
                        .anyMatch(i -> i.address().equals(x.address())))
                .isPresent();
        return (refusedHere || closedHere) && world.localNetwork.interfaces().stream()
                .anyMatch(i -> CONTAINER_BRIDGE.matcher(i.name()).matches());
    }

    /**
     * The server side: what this host knows about {@code ports} (every listening port when
     * empty). Read-only; without root it reads what it can and says what it could not.
     */
    public ServerReport inspectServer(List<Integer> ports, Duration timeout) {
        long start = System.nanoTime();
        ServerEvidence evidence = new ServerInspector(new HostFiles(world.hostRoot), world.commands,
                world.localNetwork, new Connector()).inspect(ports, timeout);
        return ServerSide.DIAGNOSER.diagnose(evidence, (System.nanoTime() - start) / 1_000_000, ports.isEmpty());
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

    /** The world a doctor probes; every part defaults to this machine's. */
    public static final class Builder {
        private Resolver resolver = Resolver.SYSTEM;
        private LocalNetwork localNetwork = LocalNetwork.SYSTEM;
        private Path hostRoot = Path.of("/");
        private Clock clock = Clock.systemUTC();
        private Optional<X509ExtendedTrustManager> trust = Optional.empty();
        private DnsClient dnsClient = DnsClient.DNSJAVA;
        private Map<String, String> environment = System.getenv();
        private Properties systemProperties = System.getProperties();
        private CommandRunner commands = CommandRunner.SYSTEM;
        private ProbeExecutor executor;

        private Builder() {
        }

        /** How read-only system commands (iptables-save, nft, ss) are run; a fake answers from captures. */
        public Builder commands(CommandRunner value) {
            this.commands = value;
            return this;
        }

        /** How nameservers are asked directly (a fake in tests: no query leaves the machine). */
        public Builder dnsClient(DnsClient value) {
            this.dnsClient = value;
            return this;
        }

        /** The environment whose proxy variables a typical client would follow. */
        public Builder environment(Map<String, String> value) {
            this.environment = Map.copyOf(value);
            return this;
        }

        /** The JVM properties whose proxy settings a Java client would follow. */
        public Builder systemProperties(Properties value) {
            this.systemProperties = value;
            return this;
        }

        public Builder resolver(Resolver value) {
            this.resolver = value;
            return this;
        }

        public Builder localNetwork(LocalNetwork value) {
            this.localNetwork = value;
            return this;
        }

        /** The directory that stands for {@code /} when reading /proc and /etc (a fixture tree in tests). */
        public Builder hostRoot(Path value) {
            this.hostRoot = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        /** Trust these certificates in TLS probes instead of the JDK's default trust store. */
        public Builder trust(X509ExtendedTrustManager value) {
            this.trust = Optional.of(value);
            return this;
        }

        /**
         * The threads the probes run on. Without one, the first {@link #build()} creates one, and
         * every doctor built from this builder or from {@link ConnDoctor#toBuilder()} shares it.
         * The doctor never closes it: whoever passes one here closes it when done (see
         * {@link ProbeExecutor}).
         */
        public Builder executor(ProbeExecutor value) {
            this.executor = value;
            return this;
        }

        public ConnDoctor build() {
            if (executor == null) {
                executor = new ProbeExecutor(); // kept here, so that doctors made from this one share it
            }
            return new ConnDoctor(this);
        }

        private Builder copy() {
            Builder copy = new Builder();
            copy.resolver = resolver;
            copy.localNetwork = localNetwork;
            copy.hostRoot = hostRoot;
            copy.clock = clock;
            copy.trust = trust;
            copy.dnsClient = dnsClient;
            copy.environment = environment;
            copy.systemProperties = systemProperties;
            copy.commands = commands;
            copy.executor = executor;
            return copy;
        }
    }
}
