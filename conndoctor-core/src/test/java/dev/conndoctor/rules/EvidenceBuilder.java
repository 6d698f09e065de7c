package dev.conndoctor.rules;

import dev.conndoctor.Target;
import dev.conndoctor.evidence.CdnSighting;
import dev.conndoctor.evidence.Cidr;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.DnsFailure;
import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.LocalListeners;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.evidence.PortScan;
import dev.conndoctor.evidence.PortUsage;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.evidence.ProxyPath;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.Route;
import dev.conndoctor.evidence.Routing;
import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import dev.conndoctor.path.ProxyDecision;
import dev.conndoctor.path.ProxyUrl;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the evidence a diagnosis would have collected, by hand, so that each rule is tested
 * without probes. Addresses are literals only (documentation ranges), never looked up.
 */
final class EvidenceBuilder {

    private final Target target;
    private Duration timeout = Duration.ofMillis(3000);
    private Resolution resolution;
    private final List<ConnectAttempt> attempts = new ArrayList<>();
    private final List<HostLiveness> liveness = new ArrayList<>();
    private LocalListeners localListeners;
    private PortUsage portUsage;
    private final List<LocalInterface> interfaces = new ArrayList<>();
    private final List<Route> routes = new ArrayList<>();
    private boolean routingRead;
    private boolean routeTablesRead = true;
    private final List<String> unreadable = new ArrayList<>();
    private ProtocolExchange exchange;
    private PortScan portScan;
    private DnsEvidence dns;
    private final List<InetAddress> expectedAddresses = new ArrayList<>();
    private final List<CdnSighting> cdn = new ArrayList<>();
    private ProxyPath proxy;
    private dev.conndoctor.evidence.ServerFacts serverFacts;
    private dev.conndoctor.evidence.LocalFirewall localFirewall;

    private EvidenceBuilder(Target target) {
        this.target = target;
    }

    /** Evidence for the target as the user typed it, e.g. {@code ws://192.0.2.10:8282}. */
    static EvidenceBuilder target(String input) {
        return new EvidenceBuilder(Target.parse(input));
    }

    EvidenceBuilder timeoutMs(long ms) {
        timeout = Duration.ofMillis(ms);
        return this;
    }

    /** The target's name resolved to these addresses. */
    EvidenceBuilder resolvedTo(String... addresses) {
        resolution = Resolution.resolved(target.host(),
                Arrays.stream(addresses).map(a -> ResolvedAddress.of(ip(a))).toList(), 7);
        return this;
    }

    EvidenceBuilder dnsFailed(DnsFailure failure, String detail, long elapsedMs) {
        resolution = Resolution.failed(target.host(), failure, detail, elapsedMs);
        return this;
    }

    /** The name exists and has no address: the resolver answered with an empty list. */
    EvidenceBuilder resolvedToNothing(long elapsedMs) {
        resolution = Resolution.resolved(target.host(), List.of(), elapsedMs);
        return this;
    }

    /** One attempt to the target's port. */
    EvidenceBuilder attempt(String address, ConnectOutcome outcome, long elapsedMs, String detail) {
        attempts.add(new ConnectAttempt(ip(address), target.port(), outcome, elapsedMs, detail));
        return this;
    }

    EvidenceBuilder refused(String address, long elapsedMs) {
        return attempt(address, ConnectOutcome.REFUSED, elapsedMs, "Connection refused");
    }

    EvidenceBuilder connected(String address, long elapsedMs) {
        return attempt(address, ConnectOutcome.CONNECTED, elapsedMs, "connected");
    }

    /** Silent until the deadline, as the connector reports it. */
    EvidenceBuilder timedOut(String address) {
        return attempt(address, ConnectOutcome.TIMEOUT, timeout.toMillis(),
                "no answer within " + timeout.toMillis() + " ms");
    }

    /** The usual ports of {@code address} that were probed, each with its outcome. */
    EvidenceBuilder liveness(String address, ConnectAttempt... probes) {
        liveness.add(new HostLiveness(ip(address), List.of(probes)));
        return this;
    }

    /** Every usual port of {@code address} stayed silent until the deadline. */
    EvidenceBuilder usualPortsSilent(String address, int... ports) {
        return liveness(address, Arrays.stream(ports)
                .mapToObj(p -> probe(address, p, ConnectOutcome.TIMEOUT, timeout.toMillis()))
                .toArray(ConnectAttempt[]::new));
    }

    /** This machine's socket table for the port of the target, which was dialled at {@code dialled}. */
    EvidenceBuilder localListeners(String dialled, SocketEntry... listeners) {
        localListeners = new LocalListeners(ip(dialled), target.port(), List.of(listeners));
        return this;
    }

    EvidenceBuilder portUsage(int low, int high, int twReuse, String destination, Map<TcpState, Integer> held,
                              int timeWaitTotal) {
        portUsage = new PortUsage(low, high, twReuse, ip(destination), target.port(), held, timeWaitTotal);
        return this;
    }

    /** The routing table was read; add interfaces and routes to fill it. */
    EvidenceBuilder routingTable() {
        routingRead = true;
        return this;
    }

    EvidenceBuilder localInterface(String name, String address, int prefixLength) {
        routingRead = true;
        interfaces.add(new LocalInterface(name, ip(address), prefixLength));
        return this;
    }

    /** A route; {@code gateway} null for a directly attached network. */
    EvidenceBuilder route(String cidr, String gateway, String device) {
        routingRead = true;
        routes.add(new Route(Cidr.parse(cidr), Optional.ofNullable(gateway).map(EvidenceBuilder::ip), device));
        return this;
    }

    /** The interfaces are known, but /proc/net/route and ipv6_route could not be read. */
    EvidenceBuilder routeTablesUnread() {
        routingRead = true;
        routeTablesRead = false;
        return this;
    }

    EvidenceBuilder unreadable(String what) {
        unreadable.add(what);
        return this;
    }

    /** The target's protocol as spoken to the first address that connected. */
    EvidenceBuilder exchange(ProtocolExchange exchange) {
        this.exchange = exchange;
        return this;
    }

    /** The likely ports of the host, scanned after the target's port refused. */
    EvidenceBuilder portScan(PortScan portScan) {
        this.portScan = portScan;
        return this;
    }

    /** The hosts-file entry and the nameservers' own answers for the target's name. */
    EvidenceBuilder dns(DnsEvidence dns) {
        this.dns = dns;
        return this;
    }

    /** Where the user says the server is ({@code --expect-ip}). */
    EvidenceBuilder expect(String... addresses) {
        Arrays.stream(addresses).map(EvidenceBuilder::ip).forEach(expectedAddresses::add);
        return this;
    }

    /** A sign of a CDN edge in front of the target. */
    EvidenceBuilder cdn(CdnSighting sighting) {
        cdn.add(sighting);
        return this;
    }

    /** What a typical client does about proxies here, and the tunnel tried through one. */
    EvidenceBuilder proxy(ProxyPath proxy) {
        this.proxy = proxy;
        return this;
    }

    /** What the server's own report ({@code --server-report}) says of the target's port. */
    EvidenceBuilder serverFacts(dev.conndoctor.evidence.ServerFacts facts) {
        this.serverFacts = facts;
        return this;
    }

    /** This machine's own firewall, as read after a connection failed. */
    EvidenceBuilder localFirewall(dev.conndoctor.evidence.LocalFirewall firewall) {
        this.localFirewall = firewall;
        return this;
    }

    /** A client here goes through {@code proxyUrl} (named by {@code variable}), and the tunnel ended so. */
    static ProxyPath throughProxy(String proxyUrl, String variable, ProxyAttempt.Result result, int status,
                                  String detail) {
        ProxyUrl proxy = ProxyUrl.parse(proxyUrl).orElseThrow();
        return new ProxyPath(new ProxyDecision(Optional.of(proxy), variable, Optional.of(proxy), Optional.empty(),
                List.of()), Optional.of(new ProxyAttempt(proxy, result, status, detail, 4)));
    }

    /** A proxy is configured by {@code variable}, and the NO_PROXY entry {@code bypass} takes the target out of it. */
    static ProxyPath bypassedProxy(String proxyUrl, String variable, String bypass) {
        ProxyUrl proxy = ProxyUrl.parse(proxyUrl).orElseThrow();
        return new ProxyPath(new ProxyDecision(Optional.empty(), variable, Optional.of(proxy), Optional.of(bypass),
                List.of()), Optional.empty());
    }

    /** An answer of {@code server} to one question: NOERROR with these records. */
    static NameserverAnswer answer(String server, String type, DnsRecord... records) {
        return new NameserverAnswer(server, type, Optional.of("NOERROR"), List.of(records), 3, Optional.empty());
    }

    /** No answer from {@code server} to one question, in the client's words (e.g. "timed out"). */
    static NameserverAnswer noAnswer(String server, String type, String why) {
        return new NameserverAnswer(server, type, Optional.empty(), List.of(), 3000, Optional.of(why));
    }

    /** An A (or, with a colon, AAAA) record of {@code name}. */
    static DnsRecord address(String name, String literal) {
        return new DnsRecord(name, literal.contains(":") ? "AAAA" : "A", 300, literal);
    }

    /** DNS evidence for {@code name}: its hosts-file addresses (may be none), the servers asked, their answers. */
    static DnsEvidence dnsOf(String name, List<String> hostsFile, List<String> servers, NameserverAnswer... answers) {
        return new DnsEvidence(name, hostsFile.stream().map(EvidenceBuilder::ip).toList(), servers, List.of(answers));
    }

    Evidence build() {
        Resolution r = resolution;
        if (r == null) {
            r = target.hostIsLiteral()
                    ? Resolution.literal(target.host(), ResolvedAddress.of(ip(target.host())))
                    : Resolution.resolved(target.host(),
                            attempts.stream().map(ConnectAttempt::address).distinct().map(ResolvedAddress::of).toList(), 7);
        }
        Map<String, Object> known = Map.ofEntries(
                Map.entry("target", target),
                Map.entry("timeout", timeout),
                Map.entry("resolution", r),
                Map.entry("attempts", attempts),
                Map.entry("liveness", liveness),
                Map.entry("localListeners", Optional.ofNullable(localListeners)),
                Map.entry("portUsage", Optional.ofNullable(portUsage)),
                Map.entry("routing", routingRead
                        ? Optional.of(new Routing(interfaces, routes, routeTablesRead, routeTablesRead)) : Optional.empty()),
                Map.entry("unreadable", unreadable),
                Map.entry("exchange", Optional.ofNullable(exchange)),
                Map.entry("portScan", Optional.ofNullable(portScan)),
                Map.entry("dns", Optional.ofNullable(dns)),
                Map.entry("expectedAddresses", expectedAddresses),
                Map.entry("cdn", cdn),
                Map.entry("proxy", Optional.ofNullable(proxy)),
                Map.entry("serverFacts", Optional.ofNullable(serverFacts)),
                Map.entry("localFirewall", Optional.ofNullable(localFirewall)));
        return construct(known);
    }

    /**
     * Calls the canonical constructor by component name: the evidence record grows as probes are
     * added, and what these rules do not read (an Optional or a List) is simply absent.
     */
    private static Evidence construct(Map<String, Object> known) {
        RecordComponent[] components = Evidence.class.getRecordComponents();
        Class<?>[] types = Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new);
        List<String> names = Arrays.stream(components).map(RecordComponent::getName).toList();
        if (!names.containsAll(known.keySet())) {
            throw new IllegalStateException("evidence components are now " + names + "; update EvidenceBuilder");
        }
        Object[] args = new Object[components.length];
        for (int i = 0; i < components.length; i++) {
            String name = components[i].getName();
            if (known.containsKey(name)) {
                args[i] = known.get(name);
            } else if (types[i] == Optional.class) {
                args[i] = Optional.empty();
            } else if (types[i] == List.class) {
                args[i] = List.of();
            } else {
                throw new IllegalStateException("EvidenceBuilder does not know the evidence component " + name);
            }
        }
        try {
            return Evidence.class.getDeclaredConstructor(types).newInstance(args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection attempt to another port, as the liveness probes make them. */
    static ConnectAttempt probe(String address, int port, ConnectOutcome outcome, long elapsedMs) {
        String detail = switch (outcome) {
            case CONNECTED -> "connected";
            case REFUSED -> "Connection refused";
            case TIMEOUT -> "no answer within " + elapsedMs + " ms";
            case HOST_UNREACHABLE -> "No route to host";
            default -> outcome.id();
        };
        return new ConnectAttempt(ip(address), port, outcome, elapsedMs, detail);
    }

    /** A LISTEN row of the socket table; addresses with a colon come from tcp6. */
    static SocketEntry listening(String address, int port) {
        return new SocketEntry(address.contains(":"), ip(address), port, ip(address.contains(":") ? "::" : "0.0.0.0"), 0,
                TcpState.LISTEN, 1000, 4242);
    }

    /** An address literal; refuses anything that could make getByName look a name up. */
    static InetAddress ip(String literal) {
        if (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
