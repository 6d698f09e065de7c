package dev.conndoctor.probe;

import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ContainerContext;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.PortUsage;
import dev.conndoctor.evidence.Route;
import dev.conndoctor.evidence.Routing;
import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import dev.conndoctor.host.ContainerMarkers;
import dev.conndoctor.host.ProcNetRoute;
import dev.conndoctor.host.ProcNetTcp;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads this machine's kernel tables that explain a failed connection: its listening sockets,
 * its use of local ports, its routes. Reads through {@link HostFiles}, so tests read fixture
 * trees; tells the listener of each file it inspects.
 */
public final class HostTables {

    private final HostFiles files;
    private final DiagnosisListener listener;

    public HostTables(HostFiles files, DiagnosisListener listener) {
        this.files = files;
        this.listener = listener;
    }

    /** The sockets listening on {@code port} here, on any address. */
    public List<SocketEntry> listeners(int port) {
        return socketTable().stream()
                .filter(e -> e.state() == TcpState.LISTEN && e.localPort() == port)
                .toList();
    }

    /**
     * How this machine uses its ephemeral ports, towards {@code attempt}'s destination and in
     * TIME_WAIT overall; empty when the port range cannot be read.
     */
    public Optional<PortUsage> portUsage(ConnectAttempt attempt) {
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
        for (SocketEntry entry : socketTable()) {
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

    /** The routing tables of both families, with {@code interfaces}, and which of the tables could be read. */
    public Routing routing(List<LocalInterface> interfaces) {
        listener.inspecting("/proc/net/route");
        List<Route> routes = new ArrayList<>();
        Optional<String> ipv4 = files.read("/proc/net/route");
        Optional<String> ipv6 = files.read("/proc/net/ipv6_route");
        ipv4.ifPresent(t -> routes.addAll(ProcNetRoute.parseIpv4(t)));
        ipv6.ifPresent(t -> routes.addAll(ProcNetRoute.parseIpv6(t)));
        return new Routing(interfaces, routes, ipv4.isPresent(), ipv6.isPresent());
    }

    /**
     * Whether this process runs in a container ({@link ContainerMarkers}), with its default
     * gateway: read when a loopback address refused, since the host is then another machine.
     */
    public Optional<ContainerContext> container() {
        listener.inspecting("/proc/1/cgroup");
        Optional<ContainerMarkers.Finding> finding = ContainerMarkers.detect(files.exists("/.dockerenv"),
                files.exists("/run/.containerenv"), files.exists("/var/run/secrets/kubernetes.io"),
                files.readIfPresent("/proc/1/cgroup"), files.readIfPresent("/proc/self/mountinfo"));
        return finding.map(f -> new ContainerContext(f.engine(), f.signs(), f.id(),
                files.readIfPresent("/proc/net/route").stream()
                        .flatMap(t -> ProcNetRoute.parseIpv4(t).stream())
                        .filter(Route::isDefault)
                        .flatMap(r -> r.gateway().stream())
                        .findFirst()));
    }

    private List<SocketEntry> socketTable() {
        listener.inspecting("/proc/net/tcp");
        List<SocketEntry> entries = new ArrayList<>();
        files.read("/proc/net/tcp").ifPresent(t -> entries.addAll(ProcNetTcp.parse(t, false)));
        files.read("/proc/net/tcp6").ifPresent(t -> entries.addAll(ProcNetTcp.parse(t, true)));
        return entries;
    }
}
