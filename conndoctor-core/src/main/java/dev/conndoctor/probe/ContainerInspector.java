package dev.conndoctor.probe;

import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import dev.conndoctor.evidence.server.ContainerEvidence;
import dev.conndoctor.evidence.server.ContainerNamespace;
import dev.conndoctor.evidence.server.ContainerPort;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.Publication;
import dev.conndoctor.evidence.server.PublicationPath;
import dev.conndoctor.firewall.Chain;
import dev.conndoctor.firewall.DnatRule;
import dev.conndoctor.firewall.NatRules;
import dev.conndoctor.host.Argv;
import dev.conndoctor.host.CommandLines;
import dev.conndoctor.host.DockerProxyCommand;
import dev.conndoctor.host.DockerState;
import dev.conndoctor.host.FibTrie;
import dev.conndoctor.host.IfInet6;
import dev.conndoctor.host.NamespaceLinks;
import dev.conndoctor.host.PastaCommand;
import dev.conndoctor.host.PodmanState;
import dev.conndoctor.host.ProcCgroup;
import dev.conndoctor.host.ProcNetTcp;
import dev.conndoctor.host.ProcStat;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;

/**
 * Follows this host's published ports into its containers, read-only and without an engine's
 * API: finds what publishes a port (docker-proxy, rootlesskit-docker-proxy and pasta processes by
 * their command lines, rootlesskit by the listeners it holds; DNAT rules of the nat tables), groups the other processes by network
 * namespace ({@code /proc/PID/ns/net}), reads each namespace's addresses and listeners through
 * one of its processes ({@code /proc/PID/net/fib_trie}, {@code if_inet6}, {@code tcp},
 * {@code tcp6}: no {@code setns}), names the container from its cgroup and the engine's files, and
 * joins them for each port asked. Reads through {@link HostFiles}, so tests read fixture trees.
 *
 * <p>"This host" is the namespace of the reading process ({@code /proc/self/ns/net}), not PID 1's:
 * the server's inspection reads {@code /proc/net/*}, which is the reading process's namespace, so
 * the two agree on which sockets are the host's. When conndoctor runs in a namespace of its own
 * (the docker host in a test lab, {@code nsenter --net}), PID 1's namespace is the machine's root
 * namespace, another namespace here; and PID 1's link is often unreadable where the process's own
 * always is (a sandbox, {@code hidepid}). The machine's root namespace, PID 1's (or kthreadd's when
 * PID 1's link is closed: kernel threads live in the root namespace), is marked {@code init}, not a
 * container.
 *
 * <p>Bounded: at most {@value #MAX_PROCESSES} processes and {@value #MAX_NAMESPACES} namespaces,
 * {@value #MAX_SMALL_FILE} bytes of a command line or cgroup, {@value #MAX_TABLE} of a socket
 * table or trie. One unreadable file never fails the inspection: it is said in {@code unreadable}.
 */
public final class ContainerInspector {
    static final int MAX_PROCESSES = 20_000;
    static final int MAX_NAMESPACES = 512;
    /** Processes of one namespace whose descriptors are read for the owners of its listeners. */
    static final int MAX_OWNER_PROCESSES = 64;
    /** Processes of one namespace remembered in the evidence. */
    static final int MAX_LISTED_PIDS = 16;
    /** Host ports one rule or forward is expanded to when no port is asked. */
    static final int MAX_PORTS_PER_RULE = 256;
    static final int MAX_SMALL_FILE = 64 * 1024;
    static final int MAX_TABLE = 4 * 1024 * 1024;
    static final int MAX_STATE_FILE = 1024 * 1024;

    private final HostFiles hostFiles;
    private final CommandRunner commands;

    public ContainerInspector(HostFiles hostFiles, CommandRunner commands) {
        this.hostFiles = hostFiles;
        this.commands = commands;
    }

    /**
     * Follows {@code ports} (every published port when empty) with the firewall's chains as the
     * server's inspection already read them ({@code ServerEvidence.firewall()}): iptables-save
     * prints the nat table with the others, so no command runs here.
     */
    public ContainerEvidence inspect(List<Integer> ports, List<Chain> firewall) {
        return inspect(ports, firewall, hostFiles.fresh());
    }

    /** Follows {@code ports}, reading the firewall itself (iptables-save, ip6tables-save, nft within one deadline). */
    public ContainerEvidence inspect(List<Integer> ports) {
        HostFiles files = hostFiles.fresh();
        return inspect(ports, FirewallReader.read(commands, files).chains(), files);
    }

    private ContainerEvidence inspect(List<Integer> ports, List<Chain> firewall, HostFiles files) {
        Scan scan = scan(files);
        List<ContainerNamespace> namespaces = new ArrayList<>();
        int namespaceCount = 0;
        for (Map.Entry<Long, List<Integer>> ns : scan.byNamespace.entrySet()) {
            if (++namespaceCount > MAX_NAMESPACES) {
                files.noteUnreadable("network namespaces past the first " + MAX_NAMESPACES + ": not read");
                break;
            }
            namespace(files, scan, ns.getKey(), ns.getValue()).ifPresent(namespaces::add);
        }

        // every published port, not only those asked: a container listening on an asked port may be
        // published from another host port, which is no "port-not-published"
        List<DnatRule> dnat = NatRules.dnat(firewall);
        List<Publication> forwarded = rootlesskit(files, scan);
        Set<Integer> published = new TreeSet<>();
        forwarded.forEach(p -> published.add(p.hostPort()));
        scan.proxies.forEach(p -> published.add(p.command.hostPort()));
        scan.pastas.forEach(p -> p.command.forwards().forEach(f -> expand(f.low(), f.high(), published)));
        dnat.forEach(r -> r.hostPorts().forEach(range -> expand(range.low(), range.high(), published)));
        List<Integer> asked = ports.isEmpty() ? new ArrayList<>(published) : ports;
        Set<Integer> candidates = new TreeSet<>(published);
        candidates.addAll(asked);
        List<Publication> publications = new ArrayList<>();
        for (int port : candidates) {
            forwarded.stream().filter(p -> p.hostPort() == port).forEach(publications::add);
            publications.addAll(publications(scan, dnat, port));
        }
        List<ContainerPort> joined = asked.stream().map(p -> join(p, publications, namespaces)).toList();
        return new ContainerEvidence(scan.self, publications, namespaces, joined, files.unreadable());
    }

    private static void expand(int low, int high, Set<Integer> into) {
        for (int p = low; p <= high && p - low < MAX_PORTS_PER_RULE; p++) {
            into.add(p);
        }
    }

    /** A forwarding process and what its command line says. */
    private record Proxy(int pid, OptionalLong namespace, DockerProxyCommand command, String shape) {
    }

    private record Pasta(int pid, OptionalLong namespace, OptionalLong target, PastaCommand command, String shape) {
    }

    /** What one pass over /proc found. */
    private static final class Scan {
        Optional<Long> self = Optional.empty();
        OptionalLong init = OptionalLong.empty();
        final Map<Long, List<Integer>> byNamespace = new LinkedHashMap<>();
        final List<Proxy> proxies = new ArrayList<>();
        final List<Pasta> pastas = new ArrayList<>();
        /** rootlesskit parents (rootless Docker): their pid, namespace and command line's shape. */
        final Map<Integer, String> forwarderShapes = new LinkedHashMap<>();
        final Map<Integer, OptionalLong> forwarderNamespaces = new HashMap<>();
        final Set<String> dataRoots = new LinkedHashSet<>();
        final Map<String, String> podmanNames = new HashMap<>();
    }

    private static Scan scan(HostFiles files) {
        Scan scan = new Scan();
        scan.self = netns(files, "self").stream().boxed().findFirst();
        if (scan.self.isEmpty()) {
            files.noteUnreadable("/proc/self/ns/net: this host's namespace unknown, every namespace is read as another");
        }
        scan.init = netns(files, "1");
        if (scan.init.isEmpty() && files.readAtMost("/proc/2/comm", MAX_SMALL_FILE).map(String::trim)
                .filter("kthreadd"::equals).isPresent()) {
            // PID 1's link is closed to us (a sandbox, another user's init); kernel threads live in the root namespace
            scan.init = netns(files, "2");
        }
        List<String> pids = files.list("/proc").stream().filter(n -> n.matches("\\d+")).toList();
        if (pids.size() > MAX_PROCESSES) {
            files.noteUnreadable("/proc: " + pids.size() + " processes, the first " + MAX_PROCESSES + " read");
        }
        int hiddenNamespaces = 0;
        boolean dockerd = false;
        for (String pid : pids.stream().limit(MAX_PROCESSES).toList()) {
            OptionalLong ns = netns(files, pid);
            if (ns.isEmpty()) {
                hiddenNamespaces++;
            } else if (scan.self.isEmpty() || ns.getAsLong() != scan.self.get()) {
                scan.byNamespace.computeIfAbsent(ns.getAsLong(), k -> new ArrayList<>()).add(Integer.parseInt(pid));
            }
            Optional<String> cmdline = files.readAtMost("/proc/" + pid + "/cmdline", MAX_SMALL_FILE);
            if (cmdline.isEmpty() || cmdline.get().isEmpty()) {
                continue;
            }
            List<String> argv = Argv.of(cmdline.get());
            int id = Integer.parseInt(pid);
            DockerProxyCommand.parse(argv).ifPresent(c ->
                    scan.proxies.add(new Proxy(id, ns, c, CommandLines.shape(argv))));
            PastaCommand.parse(argv).ifPresent(c ->
                    scan.pastas.add(new Pasta(id, ns, pastaTarget(files, pid, ns), c, CommandLines.shape(argv))));
            if (Argv.program(argv).equals("rootlesskit")) {
                scan.forwarderShapes.put(id, CommandLines.shape(argv));
                scan.forwarderNamespaces.put(id, ns);
            }
            PodmanState.conmon(argv).ifPresent(c -> c.name().ifPresent(n -> scan.podmanNames.put(c.id(), n)));
            if (DockerState.isDockerd(argv)) {
                dockerd = true;
                scan.dataRoots.add(DockerState.dataRoot(argv).or(() -> files
                        .readAtMost(DockerState.configFile(argv), MAX_SMALL_FILE)
                        .flatMap(DockerState::dataRootOfConfig)).orElse(DockerState.DEFAULT_DATA_ROOT));
            }
        }
        if (!dockerd) {
            // dockerd in another PID namespace, or none: its default place may still hold the state
            scan.dataRoots.add(DockerState.DEFAULT_DATA_ROOT);
        }
        if (hiddenNamespaces > 0) {
            files.noteUnreadable("/proc/*/ns/net: " + hiddenNamespaces
                    + " processes' namespaces not readable (run as root to see every container)");
        }
        return scan;
    }

    private static OptionalLong netns(HostFiles files, String pid) {
        return files.readLink("/proc/" + pid + "/ns/net").map(l -> NamespaceLinks.inode(l, "net"))
                .orElse(OptionalLong.empty());
    }

    /** The namespace pasta forwards into: a descriptor it holds on a namespace other than its own. */
    private static OptionalLong pastaTarget(HostFiles files, String pid, OptionalLong own) {
        for (String fd : files.list("/proc/" + pid + "/fd").stream().limit(256).toList()) {
            OptionalLong ns = files.readLink("/proc/" + pid + "/fd/" + fd).map(l -> NamespaceLinks.inode(l, "net"))
                    .orElse(OptionalLong.empty());
            if (ns.isPresent() && (own.isEmpty() || ns.getAsLong() != own.getAsLong())) {
                return ns;
            }
        }
        return OptionalLong.empty();
    }

    /**
     * rootlesskit's own listeners here (rootless Docker's builtin port driver: the parent listens on
     * the host and connects inside its child's namespace on the same port, where dockerd's
     * docker-proxy or DNAT takes over), each a publication into the namespace of its child
     * (the re-executed {@code exe}).
     */
    private static List<Publication> rootlesskit(HostFiles files, Scan scan) {
        if (scan.forwarderShapes.isEmpty()) {
            return List.of();
        }
        Map<Integer, Long> childNamespace = new HashMap<>();
        for (Map.Entry<Long, List<Integer>> ns : scan.byNamespace.entrySet()) {
            for (int pid : ns.getValue().stream().limit(MAX_OWNER_PROCESSES).toList()) {
                OptionalInt parent = files.readAtMost("/proc/" + pid + "/stat", MAX_SMALL_FILE)
                        .map(ProcStat::parentPid).orElse(OptionalInt.empty());
                if (parent.isPresent() && scan.forwarderShapes.containsKey(parent.getAsInt())) {
                    childNamespace.putIfAbsent(parent.getAsInt(), ns.getKey());
                }
            }
        }
        Map<Long, SocketEntry> hostListeners = new HashMap<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            files.readAtMost(table, MAX_TABLE).ifPresent(t -> ProcNetTcp.parse(t, table.endsWith("6")).stream()
                    .filter(e -> e.state() == TcpState.LISTEN).forEach(e -> hostListeners.put(e.inode(), e)));
        }
        List<Publication> found = new ArrayList<>();
        for (Map.Entry<Integer, String> kit : scan.forwarderShapes.entrySet()) {
            int pid = kit.getKey();
            OptionalLong ns = scan.forwarderNamespaces.getOrDefault(pid, OptionalLong.empty());
            for (String fd : files.list("/proc/" + pid + "/fd")) {
                Optional<String> link = files.readLink("/proc/" + pid + "/fd/" + fd);
                if (link.isEmpty() || !link.get().matches("socket:\\[\\d+\\]")) {
                    continue;
                }
                SocketEntry socket = hostListeners.get(Long.parseLong(link.get().substring(8, link.get().length() - 1)));
                if (socket != null) {
                    found.add(new Publication(Publication.ROOTLESSKIT, Optional.empty(), Optional.of(socket.localAddress()),
                            socket.localPort(), "tcp", Optional.empty(), socket.localPort(), Optional.of(pid), boxed(ns),
                            Optional.ofNullable(childNamespace.get(pid)), kit.getValue()));
                }
            }
        }
        return found;
    }

    /** A namespace read through the first of its processes whose tables can be read. */
    private static Optional<ContainerNamespace> namespace(HostFiles files, Scan scan, long inode, List<Integer> pids) {
        Integer reader = null;
        String tcp = null;
        for (int pid : pids) {
            Optional<String> table = files.readAtMost("/proc/" + pid + "/net/tcp", MAX_TABLE);
            if (table.isPresent()) {
                reader = pid;
                tcp = table.get();
                break;
            }
        }
        if (reader == null) {
            files.noteUnreadable("net:[" + inode + "]: no process's /proc/PID/net readable");
            return Optional.empty();
        }
        String base = "/proc/" + reader + "/net/";
        String tcp6 = files.readAtMost(base + "tcp6", MAX_TABLE).orElse("");
        for (String[] table : new String[][] {{"tcp", tcp}, {"tcp6", tcp6}}) {
            if (table[1].length() >= MAX_TABLE) {
                files.noteUnreadable(base + table[0] + ": longer than " + MAX_TABLE + " bytes, the rest not read");
            }
        }
        List<SocketEntry> sockets = new ArrayList<>(ProcNetTcp.parse(tcp, false));
        sockets.addAll(ProcNetTcp.parse(tcp6, true));
        Map<Long, Integer> queues = new HashMap<>(ProcNetTcp.listenQueues(tcp));
        queues.putAll(ProcNetTcp.listenQueues(tcp6));
        List<SocketEntry> listening = sockets.stream().filter(s -> s.state() == TcpState.LISTEN).toList();
        Map<Long, ProcessInfo> owners = owners(files, pids, listening);
        List<Listener> listeners = listening.stream().map(s -> new Listener(s.localAddress(), s.localPort(),
                s.ipv6Table() ? "tcp6" : "tcp", s.inode(), queues.getOrDefault(s.inode(), 0), -1,
                Optional.ofNullable(owners.get(s.inode())))).toList();

        List<InetAddress> addresses = new ArrayList<>();
        files.readAtMost(base + "fib_trie", MAX_TABLE).ifPresent(t -> addresses.addAll(FibTrie.localAddresses(t)));
        files.readAtMost(base + "if_inet6", MAX_TABLE).ifPresent(t -> addresses.addAll(IfInet6.addresses(t)));

        Optional<ProcCgroup.ContainerRef> container = Optional.empty();
        for (int pid : pids.stream().limit(MAX_OWNER_PROCESSES).toList()) {
            container = files.readAtMost("/proc/" + pid + "/cgroup", MAX_SMALL_FILE).flatMap(ProcCgroup::container);
            if (container.isPresent()) {
                break;
            }
        }
        Optional<String> engine = container.flatMap(ProcCgroup.ContainerRef::engine);
        Optional<String> name = Optional.empty();
        if (container.isPresent()) {
            String id = container.get().id();
            if (engine.isEmpty() || engine.get().equals("docker")) {
                for (String root : scan.dataRoots) {
                    Optional<DockerState.Container> state = files.readAtMost(
                            root + "/containers/" + id + "/config.v2.json", MAX_STATE_FILE).flatMap(DockerState::container);
                    if (state.isPresent()) {
                        name = Optional.of(state.get().name()).filter(n -> !n.isEmpty());
                        engine = Optional.of("docker");
                        break;
                    }
                }
            }
            if (name.isEmpty() && (engine.isEmpty() || engine.get().equals("podman"))) {
                name = Optional.ofNullable(scan.podmanNames.get(id)).or(() -> files
                        .readAtMost(PodmanState.ROOTFUL_CONTAINERS_JSON, MAX_STATE_FILE)
                        .map(PodmanState::names).map(n -> n.get(id)));
                if (name.isPresent()) {
                    engine = Optional.of("podman");
                }
            }
        }
        boolean init = scan.init.isPresent() && scan.init.getAsLong() == inode;
        return Optional.of(new ContainerNamespace(inode, pids.stream().limit(MAX_LISTED_PIDS).toList(), pids.size(),
                addresses, listeners, engine, container.map(ProcCgroup.ContainerRef::id), name, init));
    }

    /** The namespace's listening sockets' owners, through the descriptors of its first processes. */
    private static Map<Long, ProcessInfo> owners(HostFiles files, List<Integer> pids, List<SocketEntry> listening) {
        Set<Long> wanted = new HashSet<>(listening.stream().map(SocketEntry::inode).toList());
        Map<Long, ProcessInfo> owners = new HashMap<>();
        for (int pid : pids.stream().limit(MAX_OWNER_PROCESSES).toList()) {
            if (owners.size() == wanted.size()) {
                break;
            }
            List<String> fds = files.list("/proc/" + pid + "/fd");
            for (String fd : fds) {
                Optional<String> link = files.readLink("/proc/" + pid + "/fd/" + fd);
                if (link.isEmpty() || !link.get().startsWith("socket:[")) {
                    continue;
                }
                try {
                    long inode = Long.parseLong(link.get().substring(8, link.get().length() - 1));
                    if (wanted.contains(inode) && !owners.containsKey(inode)) {
                        owners.put(inode, process(files, pid, fds.size()));
                    }
                } catch (NumberFormatException e) {
                    // not a socket link after all
                }
            }
        }
        return owners;
    }

    private static ProcessInfo process(HostFiles files, int pid, int openFiles) {
        String name = files.readAtMost("/proc/" + pid + "/comm", MAX_SMALL_FILE).map(String::trim).orElse("?");
        // never the raw command line: the report is copied to other machines, and argv holds secrets
        String commandLine = files.readAtMost("/proc/" + pid + "/cmdline", MAX_SMALL_FILE).map(CommandLines::shape)
                .orElse("");
        return new ProcessInfo(pid, name, commandLine, Optional.of(openFiles), Optional.empty());
    }

    /** Everything that publishes host port {@code port} over TCP. */
    private static List<Publication> publications(Scan scan, List<DnatRule> dnat, int port) {
        List<Publication> found = new ArrayList<>();
        for (Proxy p : scan.proxies) {
            DockerProxyCommand c = p.command;
            if (c.hostPort() == port && c.protocol().equals("tcp")) {
                String source = c.program().equals(Publication.ROOTLESSKIT_DOCKER_PROXY)
                        ? Publication.ROOTLESSKIT_DOCKER_PROXY : Publication.DOCKER_PROXY;
                found.add(new Publication(source, Optional.of("docker"), Optional.of(c.hostAddress()), port, "tcp",
                        Optional.of(c.containerAddress()), c.containerPort(), Optional.of(p.pid), boxed(p.namespace),
                        Optional.empty(), p.shape));
            }
        }
        for (Pasta p : scan.pastas) {
            p.command.forwarding(port).ifPresent(f -> found.add(new Publication(Publication.PASTA, Optional.of("podman"),
                    f.address(), port, "tcp", Optional.empty(), f.target(port), Optional.of(p.pid), boxed(p.namespace),
                    boxed(p.target), p.shape)));
        }
        for (DnatRule r : dnat) {
            if (r.matches(port, "tcp")) {
                found.add(new Publication(Publication.DNAT, r.engine(), r.hostAddress(), port,
                        r.protocol().isEmpty() ? "all" : r.protocol(), Optional.of(r.destination()),
                        r.destinationPort(port), Optional.empty(), scan.self, Optional.empty(), r.text()));
            }
        }
        return found;
    }

    private static Optional<Long> boxed(OptionalLong value) {
        return value.isPresent() ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    /**
     * Host port {@code port} followed into the namespaces: each publication of it with the
     * namespace that holds its destination (or that its forwarder enters) and that namespace's
     * listeners on the destination port; and the namespaces listening on {@code port} that no
     * publication leads into on that port. Pure.
     */
    static ContainerPort join(int port, List<Publication> publications, List<ContainerNamespace> namespaces) {
        List<PublicationPath> paths = new ArrayList<>();
        for (Publication p : publications) {
            if (p.hostPort() == port) {
                Optional<ContainerNamespace> into = destination(p, namespaces);
                paths.add(new PublicationPath(p, into,
                        into.map(ns -> ns.listenersOn(p.destinationPort())).orElse(List.of())));
            }
        }
        List<ContainerNamespace> unpublished = new ArrayList<>();
        for (ContainerNamespace ns : namespaces) {
            if (ns.init() || ns.listenersOn(port).isEmpty()) {
                continue;
            }
            boolean leadsHere = publications.stream().anyMatch(p -> p.destinationPort() == port
                    && destination(p, namespaces).filter(d -> d.inode() == ns.inode()).isPresent());
            if (!leadsHere) {
                unpublished.add(ns);
            }
        }
        return new ContainerPort(port, paths, unpublished);
    }

    private static Optional<ContainerNamespace> destination(Publication p, List<ContainerNamespace> namespaces) {
        if (p.targetNamespace().isPresent()) {
            return namespaces.stream().filter(ns -> ns.inode() == p.targetNamespace().get()).findFirst();
        }
        // a loopback destination is the forwarder's own namespace's, never a container's
        return p.destination().filter(a -> !a.isLoopbackAddress())
                .flatMap(a -> namespaces.stream().filter(ns -> ns.holds(a)).findFirst());
    }
}
