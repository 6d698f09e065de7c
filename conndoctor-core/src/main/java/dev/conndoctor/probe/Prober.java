package dev.conndoctor.probe;

import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.CdnSighting;
import dev.conndoctor.evidence.CdnSightings;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalFirewall;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.LocalListeners;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.LocalView;
import dev.conndoctor.evidence.PathView;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.PortUsage;
import dev.conndoctor.evidence.ProofCheck;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.ProxyPath;
import dev.conndoctor.evidence.Reach;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Routing;
import dev.conndoctor.evidence.Silence;
import dev.conndoctor.config.ServerFacts;
import dev.conndoctor.net.Endpoint;
import java.net.InetAddress;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs the probes of one diagnosis, in pipeline order, and collects what they saw as
 * {@link Evidence}; each step is a class of its own, this one only orders them.
 *
 * <p>The nameservers' answers and the proxy tunnel run beside resolution and the connect round.
 * The connection to the target and the follow-up probes that may be needed to explain its
 * failure (liveness of the host on usual ports) run in one concurrent round: a silent port on a
 * host that answers elsewhere is judged once a few unanswered connections outlast the first SYN
 * retransmission ({@link SilenceWatch}), any other silent port in about one timeout. What that round's outcomes call for, and only that, starts
 * as soon as they are known and runs beside the protocol probe: this machine's tables, its
 * firewall (subprocesses), the likely-port scan after a refusal.
 */
public final class Prober {

    /**
     * Outcomes that this machine's own OUTPUT rules may cause: a DROP looks like a remote timeout,
     * a REJECT like a refusal, an EPERM like nothing else.
     */
    private static final Set<ConnectOutcome> LOCAL_FIREWALL_SUSPECTS = EnumSet.of(ConnectOutcome.TIMEOUT,
            ConnectOutcome.REFUSED, ConnectOutcome.PERMISSION_DENIED, ConnectOutcome.HOST_UNREACHABLE);

    /**
     * How long the connect round may go unanswered before this machine's firewall is read beside
     * it: longer than a refusal or an answer takes on any sane path, far shorter than the 1 s a
     * silence needs at the least (the first SYN retransmission).
     */
    static final java.time.Duration EARLY_FIREWALL_READ = java.time.Duration.ofMillis(250);

    private final LocalNetwork localNetwork;
    private final HostFiles hostFiles;
    private final TargetResolver resolver;
    private final Connector connector;
    private final ProtocolProbe protocolProbe;
    private final NamesProbe namesProbe;
    private final ProxyPathProbe proxyPath;
    private final PortScanner portScanner;
    private final ProofChecker proofChecker;
    private final CommandRunner commands;
    private final ProbeExecutor executor;
    private final HoldProbe holdProbe;

    public Prober(LocalNetwork localNetwork, HostFiles hostFiles, TargetResolver resolver, Connector connector,
                  ProtocolProbe protocolProbe, NamesProbe namesProbe, ProxyPathProbe proxyPath, PortScanner portScanner,
                  ProofChecker proofChecker, CommandRunner commands, ProbeExecutor executor) {
        this(localNetwork, hostFiles, resolver, connector, protocolProbe, namesProbe, proxyPath, portScanner,
                proofChecker, commands, executor, new HoldProbe(executor));
    }

    /** The same, holding a connection that works with {@code holdProbe} when the options ask for a hold. */
    public Prober(LocalNetwork localNetwork, HostFiles hostFiles, TargetResolver resolver, Connector connector,
                  ProtocolProbe protocolProbe, NamesProbe namesProbe, ProxyPathProbe proxyPath, PortScanner portScanner,
                  ProofChecker proofChecker, CommandRunner commands, ProbeExecutor executor, HoldProbe holdProbe) {
        this.holdProbe = holdProbe;
        this.localNetwork = localNetwork;
        this.hostFiles = hostFiles;
        this.resolver = resolver;
        this.connector = connector;
        this.protocolProbe = protocolProbe;
        this.namesProbe = namesProbe;
        this.proxyPath = proxyPath;
        this.portScanner = portScanner;
        this.proofChecker = proofChecker;
        this.commands = commands;
        this.executor = executor;
    }

    public Evidence probe(Target target, Options options, DiagnosisListener listener) {
        HostFiles files = hostFiles.fresh();
        Evidence.Builder evidence = Evidence.builder(target, options.timeout());

        // beside everything else: what the nameservers say, and the tunnel through the proxy
        // localhost names are this machine's and never go to a nameserver (RFC 6761 §6.3): nothing to ask
        CompletableFuture<Optional<DnsEvidence>> dnsLookups = target.hostIsLiteral() || isLocalhostName(target.host())
                ? CompletableFuture.completedFuture(Optional.empty())
                : namesProbe.start(target.host(), options.dnsServers(), files, options.timeout()).thenApply(Optional::of);
        ProxyPathProbe.Started proxy = proxyPath.start(target, options);

        Resolution resolution = resolver.resolve(target, options.timeout(), listener);
        if (!resolution.succeeded()) {
            return evidence
                    .reach(Reach.unresolved(resolution))
                    .local(new LocalView(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                            files.unreadable()))
                    .path(new PathView(dnsLookups.join(), options.expectedAddresses(), List.of(), proxy.join()))
                    .build();
        }

        // one round: the target on every address, and the host's liveness where it may explain a failure
        List<LocalInterface> interfaces = localNetwork.interfaces();
        Plan plan = Plan.of(resolution.addresses(), target.port(), options.livenessPorts(), interfaces);
        listener.connecting(plan.main().stream().map(Endpoint::text).toList(), plan.followUps().size(),
                options.timeout());
        // a connection still unanswered after EARLY_FIREWALL_READ is most likely going to be a timeout, which
        // calls for this machine's firewall: read it beside the wait, not after it (a refusal never waits this long)
        Set<FirewallReader.Family> dialled = FirewallReader.Family.of(
                resolution.addresses().stream().map(ResolvedAddress::address).toList());
        AtomicBoolean firewallClaimed = new AtomicBoolean();
        CompletableFuture<Optional<LocalFirewall>> earlyFirewall = CompletableFuture.supplyAsync(
                () -> firewallClaimed.compareAndSet(false, true)
                        ? Optional.of(FirewallReader.read(commands, files, dialled, executor::execute))
                        : Optional.<LocalFirewall>empty(),
                CompletableFuture.delayedExecutor(EARLY_FIREWALL_READ.toMillis(), TimeUnit.MILLISECONDS,
                        executor::execute));
        // a silent port on a host that answers elsewhere is judged in a fraction of the timeout
        Connector.Round round = connector.round(plan.all(), plan.rttProbes(), plan.judgedEarly(), options.timeout(),
                plan::enough,
                attempt -> {
                    if (plan.isMain(attempt)) {
                        listener.attemptFinished(attempt);
                    }
                });
        boolean firewallReadEarly = !firewallClaimed.compareAndSet(false, true);
        if (!firewallReadEarly) {
            earlyFirewall.complete(Optional.empty()); // the round ended first: the delayed read will not run
        }
        Map<Endpoint, ConnectAttempt> results = round.attempts();
        List<Silence> silences = List.copyOf(round.silences().values());
        List<ConnectAttempt> attempts = plan.attempts(results);

        // this machine's tables and firewall, and the likely-port scan, only where an outcome calls for them:
        // each starts now on a probe thread, beside the protocol probe, and is joined within its deadline
        Deadline tablesDeadline = Deadline.after(options.timeout());
        DeferredEvents inspected = new DeferredEvents();
        CompletableFuture<LocalTables> localTables = startTables(attempts, interfaces, files, inspected);
        // a refusal proves the host up: is the server on another port? Not when another address of the name
        // accepted on this one (a dual-stack name with one family refused): the port is right
        Optional<ConnectAttempt> refused = attempts.stream()
                .filter(a -> a.outcome() == ConnectOutcome.REFUSED)
                .filter(a -> attempts.stream().noneMatch(other -> other.outcome() == ConnectOutcome.CONNECTED))
                .findFirst();
        CompletableFuture<Optional<PortScan>> portScan = refused
                .map(a -> portScanner.start(target, a, options, listener).thenApply(Optional::of))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));
        List<InetAddress> firewallSuspects = attempts.stream()
                .filter(a -> LOCAL_FIREWALL_SUSPECTS.contains(a.outcome()))
                .map(ConnectAttempt::address)
                .toList();
        CompletableFuture<Optional<LocalFirewall>> localFirewall = firewallSuspects.isEmpty()
                ? CompletableFuture.completedFuture(Optional.empty())
                : firewallReadEarly && dialled.containsAll(FirewallReader.Family.of(firewallSuspects)) ? earlyFirewall
                : executor.supply(() -> Optional.of(FirewallReader.read(commands, files,
                        FirewallReader.Family.of(firewallSuspects), executor::execute)));

        // the target's protocol on the first address that accepted, with the end-to-end proof if asked
        Optional<String> nonce = proofChecker.nonce(options.token());
        // with --hold, a connection that worked is kept open on this thread until it ends or the hold does
        java.util.concurrent.atomic.AtomicReference<Lifetime> lifetime = new java.util.concurrent.atomic.AtomicReference<>();
        Optional<ProtocolProbe.Keeper> keeper = options.hold().map(hold -> new ProtocolProbe.Keeper() {
            @Override
            public boolean wants(ProtocolExchange x) {
                return HoldProbe.holds(x);
            }

            @Override
            public void keep(java.net.Socket socket, ProtocolExchange x, byte[] unread) {
                listener.holding(x.endpoint(), hold.duration());
                lifetime.set(holdProbe.hold(socket, x, unread, hold, options.timeout()));
            }
        });
        Optional<ProtocolExchange> exchange = attempts.stream()
                .filter(a -> a.outcome() == ConnectOutcome.CONNECTED)
                .findFirst()
                .map(a -> {
                    listener.speaking(target.scheme().id(), a.endpoint());
                    return protocolProbe.probe(target, a.address(), options, nonce, keeper);
                });
        Optional<ProofCheck> proof = proofChecker.check(options.token(), nonce, exchange, interfaces);

        LocalTables tables = joinTables(localTables, tablesDeadline, files);
        inspected.tell(listener);

        Optional<DnsEvidence> dns = dnsLookups.join();
        Optional<ProxyPath> proxyPath = proxy.join();
        List<CdnSighting> cdn = CdnSightings.find(options.cdnCatalog(), resolution, dns, exchange, target.port());
        return evidence
                .reach(new Reach(resolution, attempts, plan.liveness(results), silences))
                .exchange(exchange)
                .portScan(joined(portScan))
                .local(new LocalView(tables.listeners(), tables.portUsage(), tables.routing(), joined(localFirewall),
                        files.unreadable()))
                .path(new PathView(dns, options.expectedAddresses(), cdn, proxyPath))
                .serverFacts(serverFacts(options, target.port()))
                .proof(proof)
                .lifetime(Optional.ofNullable(lifetime.get()))
                .build();
    }

    /** What this machine's tables said, each part present when an outcome called for it. */
    private record LocalTables(Optional<LocalListeners> listeners, Optional<PortUsage> portUsage,
                               Optional<Routing> routing) {
        static final LocalTables NONE = new LocalTables(Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * Starts reading the tables {@code attempts} call for, on a probe thread; none is read, and no
     * thread started, when no outcome calls for them. Progress goes to {@code events}, to be told later.
     */
    private CompletableFuture<LocalTables> startTables(List<ConnectAttempt> attempts, List<LocalInterface> interfaces,
                                                       HostFiles files, DeferredEvents events) {
        // listeners: the dialled address is this machine's, so its socket table says who listens
        Optional<ConnectAttempt> localFailure = attempts.stream()
                .filter(a -> a.outcome() != ConnectOutcome.CONNECTED && Plan.isLocal(a.address(), interfaces))
                .findFirst();
        Optional<ConnectAttempt> unavailable = attempts.stream()
                .filter(a -> a.outcome() == ConnectOutcome.ADDRESS_UNAVAILABLE)
                .findFirst();
        boolean routingNeeded = attempts.stream().anyMatch(a -> Plan.needsLiveness(a.outcome()));
        if (localFailure.isEmpty() && unavailable.isEmpty() && !routingNeeded) {
            return CompletableFuture.completedFuture(LocalTables.NONE);
        }
        return executor.supply(() -> {
            HostTables tables = new HostTables(files, events);
            return new LocalTables(
                    localFailure.map(a -> new LocalListeners(a.address(), a.port(), tables.listeners(a.port()),
                            a.address().isLoopbackAddress() ? tables.container() : Optional.empty())),
                    unavailable.flatMap(tables::portUsage),
                    routingNeeded ? Optional.of(tables.routing(interfaces)) : Optional.empty());
        });
    }

    /** The tables read, or none when reading them outlived {@code deadline} (a stuck file system), noted as unread. */
    private static LocalTables joinTables(CompletableFuture<LocalTables> tables, Deadline deadline, HostFiles files) {
        try {
            return tables.get(deadline.remainingNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            files.noteUnreadable("this machine's tables: not read within " + deadline.remaining().toMillis() + " ms");
        } catch (ExecutionException e) {
            files.noteUnreadable("this machine's tables: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return LocalTables.NONE;
    }

    /**
     * What {@code work} on a probe thread gave; its failure is thrown as it was thrown there (a
     * failed selector stays an UncheckedIOException), as when the work ran on this thread.
     */
    private static <T> T joined(CompletableFuture<T> work) {
        try {
            return work.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            if (e.getCause() instanceof Error cause) {
                throw cause;
            }
            throw e;
        }
    }

    /** The server's own report of the target port, when the user gave one. */
    private static Optional<ServerFacts> serverFacts(Options options, int port) {
        return options.serverFacts().stream().filter(f -> f.port() == port).findFirst();
    }

    /** {@code localhost} and the names under {@code .localhost}: resolved on this machine only, by every conforming resolver. */
    static boolean isLocalhostName(String host) {
        String name = host.toLowerCase(java.util.Locale.ROOT).replaceAll("\\.$", "");
        return name.equals("localhost") || name.endsWith(".localhost");
    }
}
