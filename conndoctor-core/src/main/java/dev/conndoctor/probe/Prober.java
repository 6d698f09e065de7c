package dev.conndoctor.probe;

import dev.conndoctor.net.Endpoint;
import dev.conndoctor.probe.classify.DnsFailureClassifier;

import dev.conndoctor.net.Endpoints;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.CdnSighting;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.ProofCheck;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.protocol.Proof;
import dev.conndoctor.evidence.ProxyPath;
import dev.conndoctor.evidence.CdnSightings;
import dev.conndoctor.config.ProxyDecision;
import dev.conndoctor.config.ProxySettings;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsFailure;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalView;
import dev.conndoctor.evidence.PathView;
import dev.conndoctor.evidence.Reach;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.LocalFirewall;
import dev.conndoctor.evidence.ServerFacts;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.LocalListeners;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.PortUsage;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.Route;
import dev.conndoctor.evidence.Routing;
import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import dev.conndoctor.host.ProcNetRoute;
import dev.conndoctor.host.ProcNetTcp;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Plans and runs the probes of one diagnosis and collects what they saw as {@link Evidence}.
 *
 * <p>The connection to the target and the follow-up probes that may be needed to explain its
 * failure (liveness of the host on usual ports) run in one concurrent round, so a silent port
 * is diagnosed in about one timeout. Host tables are read afterwards, only when an outcome calls
 * for them: they take microseconds.
 */
public final class Prober {

    /** Outcomes after which knowing whether the host is up changes the diagnosis. */
    private static final Set<ConnectOutcome> NEEDS_LIVENESS =
            EnumSet.of(ConnectOutcome.TIMEOUT, ConnectOutcome.HOST_UNREACHABLE, ConnectOutcome.NET_UNREACHABLE,
                    ConnectOutcome.OTHER);

    private final Resolver resolver;
    private final LocalNetwork localNetwork;
    private final HostFiles hostFiles;
    private final Connector connector;
    private final ProtocolProbe protocolProbe;
    private final NamesProbe namesProbe;
    private final ProxyProbe proxyProbe;
    private final ProxySettings proxySettings;
    private final CommandRunner commands;

    public Prober(Resolver resolver, LocalNetwork localNetwork, HostFiles hostFiles, Connector connector,
                  ProtocolProbe protocolProbe, NamesProbe namesProbe, ProxyProbe proxyProbe,
                  ProxySettings proxySettings, CommandRunner commands) {
        this.resolver = resolver;
        this.localNetwork = localNetwork;
        this.hostFiles = hostFiles;
        this.connector = connector;
        this.protocolProbe = protocolProbe;
        this.namesProbe = namesProbe;
        this.proxyProbe = proxyProbe;
        this.proxySettings = proxySettings;
        this.commands = commands;
    }

    public Evidence probe(Target target, Options options, DiagnosisListener listener) {
        HostFiles files = hostFiles.fresh();
        // the nameservers' own answers and the proxy tunnel run beside resolution and the connect round
        CompletableFuture<Optional<DnsEvidence>> dnsLookups = target.hostIsLiteral()
                ? CompletableFuture.completedFuture(Optional.empty())
                : namesProbe.start(target.host(), options.dnsServers(), files, options.timeout()).thenApply(Optional::of);
        ProxyDecision decision = switch (options.proxy()) {
            case NONE -> ProxyDecision.direct();
            case EXPLICIT -> new ProxyDecision(options.explicitProxy(), "--proxy", options.explicitProxy(),
                    Optional.empty(), List.of());
            case AUTO -> proxySettings.decide(target);
        };
        CompletableFuture<Optional<ProxyAttempt>> tunnel = decision.proxy()
                .map(proxy -> CompletableFuture.supplyAsync(() -> Optional.of(
                        proxyProbe.tunnel(proxy, target, options.timeout())), DAEMONS))
                .orElseGet(() -> CompletableFuture.completedFuture(Optional.empty()));

        Resolution resolution = resolve(target, options, listener);
        if (!resolution.succeeded()) {
            return Evidence.builder(target, options.timeout())
                    .reach(Reach.unresolved(resolution))
                    .local(new LocalView(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                            files.unreadable()))
                    .path(new PathView(dnsLookups.join(), options.expectedAddresses(), List.of(),
                            proxyPath(decision, tunnel)))
                    .build();
        }

        List<LocalInterface> interfaces = localNetwork.interfaces();
        List<Endpoint> main = new ArrayList<>();
        List<Endpoint> followUps = new ArrayList<>();
        for (ResolvedAddress resolved : resolution.addresses()) {
            InetAddress address = resolved.address();
            main.add(new Endpoint(address, target.port()));
            if (!isLocal(address, interfaces)) {
                for (int port : options.livenessPorts()) {
                    if (port != target.port()) {
                        followUps.add(new Endpoint(address, port));
                    }
                }
            }
        }
        List<Endpoint> all = new ArrayList<>(main);
        all.addAll(followUps);
        listener.connecting(main.stream().map(Endpoint::text).toList(), followUps.size(), options.timeout());
        Map<Endpoint, ConnectAttempt> results = connector.connectAll(all, options.timeout(),
                done -> enough(main, followUps, done),
                attempt -> {
                    if (main.contains(new Endpoint(attempt.address(), attempt.port()))) {
                        listener.attemptFinished(attempt);
                    }
                });

        List<ConnectAttempt> attempts = main.stream().map(results::get).toList();
        List<HostLiveness> liveness = new ArrayList<>();
        for (ConnectAttempt attempt : attempts) {
            if (NEEDS_LIVENESS.contains(attempt.outcome())) {
                List<ConnectAttempt> probes = followUps.stream()
                        .filter(e -> e.address().equals(attempt.address()))
                        .map(results::get)
                        .filter(a -> a != null)
                        .toList();
                if (!probes.isEmpty()) {
                    liveness.add(new HostLiveness(attempt.address(), probes));
                }
            }
        }

        Optional<LocalListeners> localListeners = attempts.stream()
                .filter(a -> a.outcome() != ConnectOutcome.CONNECTED && isLocal(a.address(), interfaces))
                .findFirst()
                .map(a -> new LocalListeners(a.address(), a.port(), listeners(files, a.port(), listener)));
        Optional<PortUsage> portUsage = attempts.stream()
                .filter(a -> a.outcome() == ConnectOutcome.ADDRESS_UNAVAILABLE)
                .findFirst()
                .flatMap(a -> portUsage(files, a, listener));
        Optional<Routing> routing = attempts.stream().anyMatch(a -> NEEDS_LIVENESS.contains(a.outcome()))
                ? Optional.of(routing(files, interfaces, listener))
                : Optional.empty();

        Optional<String> nonce = options.token().map(t -> newNonce());
        Optional<ProtocolExchange> exchange = attempts.stream()
                .filter(a -> a.outcome() == ConnectOutcome.CONNECTED)
                .findFirst()
                .map(a -> {
                    listener.speaking(target.scheme().id(), a.endpoint());
                    return protocolProbe.probe(target, a.address(), options, nonce);
                });
        // no proof is asked for when nothing was sent (a TLS handshake that failed, a banner first)
        Optional<ProofCheck> proof = options.token().flatMap(token -> exchange.filter(x -> !x.request().isEmpty()).map(x -> {
            Optional<ProofReading.Answer> answer = ProofReading.read(x);
            boolean verified = answer.filter(ans -> Proof.verify(token, nonce.get(), ans.seenAs(), ans.proof())).isPresent();
            boolean local = answer.map(ans -> seenAsLocal(ans.seenAs(), interfaces)).orElse(false);
            return new ProofCheck(answer.isPresent(), verified, answer.map(ProofReading.Answer::seenAs), local);
        }));

        Optional<PortScan> portScan = attempts.stream()
                .filter(a -> a.outcome() == ConnectOutcome.REFUSED)
                .findFirst()
                .map(a -> scan(target, a.address(), options, listener));

        // a failed connection may be this machine's own OUTPUT rules: a DROP looks like a remote timeout,
        // a REJECT like a refusal, an EPERM like nothing else
        Optional<LocalFirewall> localFirewall = attempts.stream().anyMatch(a -> LOCAL_FIREWALL_SUSPECTS.contains(a.outcome()))
                ? Optional.of(FirewallReader.read(commands, files)) : Optional.empty();
        Optional<DnsEvidence> dns = dnsLookups.join();
        List<CdnSighting> cdn = CdnSightings.find(options.cdnCatalog(), resolution, dns, exchange, target.port());
        return Evidence.builder(target, options.timeout())
                .reach(new Reach(resolution, attempts, liveness))
                .exchange(exchange)
                .portScan(portScan)
                .local(new LocalView(localListeners, portUsage, routing, localFirewall, files.unreadable()))
                .path(new PathView(dns, options.expectedAddresses(), cdn, proxyPath(decision, tunnel)))
                .serverFacts(facts(options, target.port()))
                .proof(proof)
                .build();
    }

    /**
     * The round may end once every main attempt is known and, for each address whose attempt
     * needs explaining, its liveness is known too (one answer proves the host up).
     */
    private static boolean enough(List<Endpoint> main, List<Endpoint> followUps, Map<Endpoint, ConnectAttempt> done) {
        for (Endpoint endpoint : main) {
            ConnectAttempt attempt = done.get(endpoint);
            if (attempt == null) {
                return false;
            }
            if (NEEDS_LIVENESS.contains(attempt.outcome())) {
                boolean settled = true;
                for (Endpoint f : followUps) {
                    if (f.address().equals(endpoint.address())) {
                        ConnectAttempt a = done.get(f);
                        if (a != null && a.outcome().provesHostUp()) {
                            settled = true;
                            break;
                        }
                        settled &= a != null;
                    }
                }
                if (!settled) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * The target port refused, so the host is up: which likely ports accept, and what do the
     * open ones say in the target's protocol? One connect round, then the open ports in parallel.
     */
    private PortScan scan(Target target, InetAddress address, Options options, DiagnosisListener listener) {
        List<Endpoint> endpoints = LikelyPorts.around(target.port(), options.scanPorts()).stream()
                .map(port -> new Endpoint(address, port))
                .toList();
        listener.scanning(Endpoints.text(address), endpoints.size());
        // a port that serves answers within a round trip; a filtered one is no candidate, so no need to wait for it
        Options quick = options.toBuilder().timeout(options.timeout().compareTo(SCAN_WAIT) < 0 ? options.timeout() : SCAN_WAIT).build();
        List<ConnectAttempt> attempts = List.copyOf(
                connector.connectAll(endpoints, quick.timeout(), done -> false, a -> { }).values());
        List<Integer> open = attempts.stream().filter(a -> a.outcome() == ConnectOutcome.CONNECTED)
                .map(ConnectAttempt::port).limit(MAX_PORTS_SPOKEN_TO).toList();
        Map<Integer, ProtocolExchange> spoken = new java.util.concurrent.ConcurrentHashMap<>();
        if (!open.isEmpty()) {
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(open.size(), 8), daemon("conndoctor-scan"));
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int port : open) {
                    Target other = new Target(target.input(), target.scheme(), target.host(), port, target.path());
                    futures.add(pool.submit(() -> spoken.put(port, protocolProbe.probe(other, address, quick))));
                }
                for (Future<?> future : futures) {
                    future.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException e) {
                // a probe that failed says nothing about its port; the others still count
            } finally {
                pool.shutdownNow();
            }
        }
        return new PortScan(address, attempts, spoken);
    }

    /** Open ports beyond this many are listed, not spoken to: the scan stays one short round. */
    private static final int MAX_PORTS_SPOKEN_TO = 16;
    private static final java.time.Duration SCAN_WAIT = java.time.Duration.ofSeconds(1);

    private static final Set<ConnectOutcome> LOCAL_FIREWALL_SUSPECTS = EnumSet.of(ConnectOutcome.TIMEOUT,
            ConnectOutcome.REFUSED, ConnectOutcome.PERMISSION_DENIED, ConnectOutcome.HOST_UNREACHABLE);

    private static final java.security.SecureRandom RANDOM = new java.security.SecureRandom();

    private static String newNonce() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return java.util.HexFormat.of().formatHex(bytes);
    }

    /** Whether the address a listener saw us as is one of ours: nothing rewrote it on the way. */
    private static boolean seenAsLocal(String seenAs, List<LocalInterface> interfaces) {
        int colon = seenAs.lastIndexOf(':');
        String host = (colon > 0 ? seenAs.substring(0, colon) : seenAs).replace("[", "").replace("]", "");
        return interfaces.stream().anyMatch(i -> dev.conndoctor.net.Endpoints.text(i.address()).equals(host))
                || host.startsWith("127.") || host.equals("::1");
    }

    private static Optional<ServerFacts> facts(Options options, int port) {
        return options.serverFacts().stream().filter(f -> f.port() == port).findFirst();
    }

    /** The proxy side, when a proxy is configured at all (in the environment, the JVM, or --proxy). */
    private static Optional<ProxyPath> proxyPath(ProxyDecision decision, CompletableFuture<Optional<ProxyAttempt>> tunnel) {
        ProxyPath path = new ProxyPath(decision, tunnel.join());
        return decision.configured().isPresent() || !decision.jvmProperties().isEmpty()
                ? Optional.of(path) : Optional.empty();
    }

    /** Probes that block on sockets run here; daemons, so a stuck read never holds the JVM. */
    private static final ExecutorService DAEMONS = Executors.newCachedThreadPool(daemon("conndoctor-probe"));

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true); // a socket read cannot be interrupted; never keep the JVM alive for it
            return t;
        };
    }

    private Resolution resolve(Target target, Options options, DiagnosisListener listener) {
        if (target.hostIsLiteral()) {
            try {
                // a literal is parsed, never looked up
                return Resolution.literal(target.host(), ResolvedAddress.of(InetAddress.getByName(target.host())));
            } catch (UnknownHostException e) {
                return Resolution.failed(target.host(), DnsFailure.OTHER, String.valueOf(e.getMessage()), 0);
            }
        }
        listener.resolving(target.host());
        long start = System.nanoTime();
        ExecutorService executor = Executors.newSingleThreadExecutor(daemon("conndoctor-resolver"));
        Resolution resolution;
        try {
            Future<List<InetAddress>> lookup = executor.submit(() -> resolver.resolve(target.host()));
            List<InetAddress> addresses = lookup.get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
            resolution = Resolution.resolved(target.host(),
                    addresses.stream().distinct().map(ResolvedAddress::of).toList(), elapsedMs(start));
        } catch (TimeoutException e) {
            resolution = Resolution.failed(target.host(), DnsFailure.TIMEOUT,
                    "no answer within " + options.timeout().toMillis() + " ms", elapsedMs(start));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            resolution = cause instanceof UnknownHostException u
                    ? Resolution.failed(target.host(), DnsFailureClassifier.classify(u), String.valueOf(u.getMessage()),
                            elapsedMs(start))
                    : Resolution.failed(target.host(), DnsFailure.OTHER, String.valueOf(cause), elapsedMs(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            resolution = Resolution.failed(target.host(), DnsFailure.OTHER, "interrupted", elapsedMs(start));
        } finally {
            executor.shutdownNow();
        }
        listener.resolved(resolution);
        return resolution;
    }

    private static List<SocketEntry> listeners(HostFiles files, int port, DiagnosisListener listener) {
        return socketTable(files, listener).stream()
                .filter(e -> e.state() == TcpState.LISTEN && e.localPort() == port)
                .toList();
    }

    private static Optional<PortUsage> portUsage(HostFiles files, ConnectAttempt attempt, DiagnosisListener listener) {
        listener.inspecting("/proc/sys/net/ipv4/ip_local_port_range");
        Optional<int[]> range = files.read("/proc/sys/net/ipv4/ip_local_port_range")
                .map(text -> text.trim().split("\\s+"))
                .filter(parts -> parts.length == 2 && parts[0].matches("\\d{1,5}") && parts[1].matches("\\d{1,5}"))
                .map(parts -> new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        if (range.isEmpty()) {
            return Optional.empty();
        }
        int twReuse = files.read("/proc/sys/net/ipv4/tcp_tw_reuse").map(String::trim)
                .filter(t -> t.matches("\\d")).map(Integer::parseInt).orElse(-1);
        Map<TcpState, Integer> toDestination = new EnumMap<>(TcpState.class);
        int timeWait = 0;
        for (SocketEntry entry : socketTable(files, listener)) {
            if (entry.state() == TcpState.TIME_WAIT) {
                timeWait++;
            }
            if (entry.remoteAddress().equals(attempt.address()) && entry.remotePort() == attempt.port()) {
                toDestination.merge(entry.state(), 1, Integer::sum);
            }
        }
        return Optional.of(new PortUsage(range.get()[0], range.get()[1], twReuse, attempt.address(), attempt.port(),
                toDestination, timeWait));
    }

    private static Routing routing(HostFiles files, List<LocalInterface> interfaces, DiagnosisListener listener) {
        listener.inspecting("/proc/net/route");
        List<Route> routes = new ArrayList<>();
        Optional<String> ipv4 = files.read("/proc/net/route");
        Optional<String> ipv6 = files.read("/proc/net/ipv6_route");
        ipv4.ifPresent(t -> routes.addAll(ProcNetRoute.parseIpv4(t)));
        ipv6.ifPresent(t -> routes.addAll(ProcNetRoute.parseIpv6(t)));
        return new Routing(interfaces, routes, ipv4.isPresent(), ipv6.isPresent());
    }

    private static List<SocketEntry> socketTable(HostFiles files, DiagnosisListener listener) {
        listener.inspecting("/proc/net/tcp");
        List<SocketEntry> entries = new ArrayList<>();
        files.read("/proc/net/tcp").ifPresent(t -> entries.addAll(ProcNetTcp.parse(t, false)));
        files.read("/proc/net/tcp6").ifPresent(t -> entries.addAll(ProcNetTcp.parse(t, true)));
        return entries;
    }

    private static boolean isLocal(InetAddress address, List<LocalInterface> interfaces) {
        return address.isLoopbackAddress() || address.isAnyLocalAddress()
                || interfaces.stream().anyMatch(i -> i.address().equals(address));
    }

    private static long elapsedMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
