package dev.conndoctor.probe;

import dev.conndoctor.net.Endpoint;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.evidence.LocalFirewall;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import dev.conndoctor.host.CommandLines;
import dev.conndoctor.host.ProcLimits;
import dev.conndoctor.host.ProcNetNetstat;
import dev.conndoctor.host.ProcNetTcp;
import dev.conndoctor.host.SsListeners;
import dev.conndoctor.evidence.server.ContainerEvidence;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.ServerEvidence;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads what this host knows about its TCP ports, read-only: the socket tables and the
 * processes that own the listeners, the firewalls (iptables, ip6tables, nft; ufw and firewalld
 * as their managers), the hosting panels' own port lists, kernel limits and counters; and connects to its own
 * addresses on each port. Works without root with what it can read, and says what it could not.
 */
public final class ServerInspector {
    /** A host with more processes than this is scanned this far for socket owners. */
    static final int MAX_PROCESSES = 20_000;

    private final HostFiles hostFiles;
    private final CommandRunner commands;
    private final LocalNetwork localNetwork;
    private final Connector connector;

    public ServerInspector(HostFiles hostFiles, CommandRunner commands, LocalNetwork localNetwork, Connector connector) {
        this.hostFiles = hostFiles;
        this.commands = commands;
        this.localNetwork = localNetwork;
        this.connector = connector;
    }

    /** Inspects {@code ports}, or every listening port when the list is empty. */
    public ServerEvidence inspect(List<Integer> ports, Duration timeout) {
        HostFiles files = hostFiles.fresh();
        List<SocketEntry> sockets = new ArrayList<>();
        Map<Long, Integer> queues = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            files.read(table).ifPresent(text -> {
                sockets.addAll(ProcNetTcp.parse(text, table.endsWith("6")));
                queues.putAll(ProcNetTcp.listenQueues(text));
            });
        }
        Map<String, Integer> backlogs = command(files, List.of("ss", "-Hltn")).map(SsListeners::backlogs).orElse(Map.of());
        List<SocketEntry> listening = sockets.stream().filter(s -> s.state() == TcpState.LISTEN).toList();
        Owners owners = owners(files, listening);
        List<Listener> listeners = listening.stream().map(s -> new Listener(s.localAddress(), s.localPort(),
                s.ipv6Table() ? "tcp6" : "tcp", s.inode(), queues.getOrDefault(s.inode(), 0),
                backlogs.getOrDefault(Endpoints.text(s.localAddress()) + " " + s.localPort(), -1),
                Optional.ofNullable(owners.byInode().get(s.inode())),
                owners.byInode().containsKey(s.inode()) ? Optional.empty() : owners.unseenWhy())).toList();

        LocalFirewall firewall = FirewallReader.read(commands, files);
        // where ports are published into containers: from the same firewall read, and /proc
        ContainerEvidence containers = new ContainerInspector(files, commands).inspect(ports, firewall.chains());

        List<Integer> inspected = ports;
        if (ports.isEmpty()) {
            // every listener, and every published port (a DNAT publication without a proxy listens nowhere here)
            TreeSet<Integer> every = new TreeSet<>(listeners.stream().map(Listener::port).toList());
            containers.publications().stream().filter(containers::inHostNamespace)
                    .forEach(p -> every.add(p.hostPort()));
            inspected = new ArrayList<>(every);
        }

        Optional<Boolean> ufw = files.readIfPresent("/etc/ufw/ufw.conf")
                .map(conf -> conf.lines().anyMatch(l -> l.trim().matches("(?i)ENABLED\\s*=\\s*\"?yes\"?")));
        boolean firewalld = processNames(files).contains("firewalld");
        // the panels' own lists, read-only (their SQLite databases, CSF's files); what fails is named, never thrown
        List<dev.conndoctor.evidence.server.PanelFinding> panels = new PanelInspector(files).inspect(ufw, firewalld);
        panels.forEach(p -> p.unreadable().ifPresent(why -> files.noteUnreadable(p.kind().label() + ": " + why)));
        Optional<String> panel = panels.stream().findFirst().map(p -> p.kind().id());

        Map<Integer, List<ConnectAttempt>> selfCheck = selfCheck(inspected, timeout);
        Optional<String> netstat = files.read("/proc/net/netstat");
        return new ServerEvidence(inspected, listeners,
                files.readIfPresent("/proc/sys/net/ipv6/bindv6only").map(String::trim).map(v -> v.equals("1")),
                firewall.chains(), firewall.sources(), ufw, firewalld, panel,
                files.read("/proc/sys/net/core/somaxconn").map(String::trim).filter(v -> v.matches("\\d+"))
                        .map(Integer::parseInt),
                netstat.flatMap(t -> ProcNetNetstat.counter(t, "TcpExt", "ListenOverflows")),
                netstat.flatMap(t -> ProcNetNetstat.counter(t, "TcpExt", "ListenDrops")),
                (int) sockets.stream().filter(s -> s.state() == TcpState.TIME_WAIT).count(),
                selfCheck, localNetwork.interfaces(),
                java.util.stream.Stream.concat(files.unreadable().stream(), containers.unreadable().stream()).toList(),
                Optional.of(containers), panels);
    }

    private Optional<String> command(HostFiles files, List<String> command) {
        Optional<String> output = commands.run(command, FirewallReader.COMMAND_TIMEOUT);
        if (output.isEmpty()) {
            files.noteUnreadable(String.join(" ", command) + ": did not run (not installed, or needs root)");
        }
        return output;
    }

    /**
     * Socket owners by inode, and why the others are unseen: processes whose descriptors could not
     * be read (then the owner may be one of them), or none (then it is in another PID namespace).
     */
    private record Owners(Map<Long, ProcessInfo> byInode, Optional<String> unseenWhy) {
    }

    /** Socket inode to owning process, through /proc/PID/fd links ("socket:[inode]"). */
    private static Owners owners(HostFiles files, List<SocketEntry> listening) {
        Set<Long> wanted = new java.util.HashSet<>(listening.stream().map(SocketEntry::inode).toList());
        Map<Long, ProcessInfo> owners = new HashMap<>();
        List<String> pids = files.list("/proc").stream().filter(n -> n.matches("\\d+")).limit(MAX_PROCESSES).toList();
        List<String> unreadable = new ArrayList<>();
        for (String pid : pids) {
            List<String> fds = files.list("/proc/" + pid + "/fd");
            ProcessInfo info = null;
            boolean anyRead = false;
            for (String fd : fds) {
                Optional<String> link = files.readLink("/proc/" + pid + "/fd/" + fd);
                anyRead |= link.isPresent();
                if (link.isEmpty() || !link.get().startsWith("socket:[")) {
                    continue;
                }
                long inode = Long.parseLong(link.get().substring(8, link.get().length() - 1));
                if (wanted.contains(inode) && !owners.containsKey(inode)) {
                    if (info == null) {
                        info = process(files, pid, fds.size());
                    }
                    owners.put(inode, info);
                }
            }
            if (!fds.isEmpty() && !anyRead) {
                unreadable.add(pid);
            }
        }
        boolean someUnseen = owners.size() < wanted.size();
        if (someUnseen && !unreadable.isEmpty()) {
            boolean root = files.read("/proc/self/status").map(t -> t.lines()
                    .anyMatch(l -> l.matches("Uid:\\s+\\d+\\s+0\\s.*"))).orElse(false);
            files.noteUnreadable("/proc/PID/fd of " + unreadable.size() + " process" + (unreadable.size() == 1 ? "" : "es")
                    + " (" + String.join(", ", unreadable.subList(0, Math.min(5, unreadable.size())))
                    + (unreadable.size() > 5 ? ", ..." : "") + "): "
                    + (root ? "not readable even as root (a protected process)" : "run as root to see every process"));
        }
        Optional<String> why = !someUnseen ? Optional.empty()
                : Optional.of(unreadable.isEmpty() ? Listener.OWNER_OTHER_PID_NAMESPACE : Listener.OWNER_PROTECTED);
        return new Owners(owners, why);
    }

    private static ProcessInfo process(HostFiles files, String pid, int openFiles) {
        String name = files.read("/proc/" + pid + "/comm").map(String::trim).orElse("?");
        // never the raw command line: the report is copied to other machines, and argv holds secrets
        String commandLine = files.read("/proc/" + pid + "/cmdline").map(CommandLines::shape).orElse("");
        Optional<Long> limit = files.read("/proc/" + pid + "/limits").flatMap(ProcLimits::openFilesSoftLimit);
        return new ProcessInfo(Integer.parseInt(pid), name, commandLine, Optional.of(openFiles), limit);
    }

    private static Set<String> processNames(HostFiles files) {
        Set<String> names = new java.util.HashSet<>();
        files.list("/proc").stream().filter(n -> n.matches("\\d+")).limit(MAX_PROCESSES)
                .forEach(pid -> files.read("/proc/" + pid + "/comm").ifPresent(c -> names.add(c.trim())));
        return names;
    }

    /** This host's own addresses, dialled on each port: which of them accept. */
    private Map<Integer, List<ConnectAttempt>> selfCheck(List<Integer> ports, Duration timeout) {
        List<InetAddress> own = new ArrayList<>();
        for (LocalInterface i : localNetwork.interfaces()) {
            if (!i.address().isLinkLocalAddress() && !own.contains(i.address())) {
                own.add(i.address());
            }
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (int port : ports) {
            for (InetAddress address : own) {
                endpoints.add(new Endpoint(address, port));
            }
        }
        Map<Integer, List<ConnectAttempt>> result = new LinkedHashMap<>();
        if (endpoints.isEmpty() || endpoints.size() > Connector.MAX_ENDPOINTS) {
            return result;
        }
        Duration wait = timeout.compareTo(Duration.ofSeconds(1)) < 0 ? timeout : Duration.ofSeconds(1);
        connector.connectAll(endpoints, wait, done -> false, a -> { }).values()
                .forEach(a -> result.computeIfAbsent(a.port(), p -> new ArrayList<>()).add(a));
        return result;
    }
}
