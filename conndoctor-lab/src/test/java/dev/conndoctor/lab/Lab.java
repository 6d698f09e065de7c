package dev.conndoctor.lab;

import dev.conndoctor.testkit.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The lab of design §6: a small routed network of Linux network namespaces, built per test
 * class with {@code ip} and torn down afterwards, in which conndoctor runs exactly as a user
 * runs it on a machine.
 *
 * <pre>
 *   net A 192.0.2.0/24, 2001:db8:a::/64     net B 198.51.100.0/24, 2001:db8:b::/64
 *   server  .10 / ::10  (+ scenario hosts)   clientb .20 / ::20  (+ scenario hosts)
 *   clienta .20 / ::20           \                /
 *                                 router (.1 / ::1 on each net, bridges brA brB brC,
 *                                        forwarding on, no route anywhere else)
 *                                        |
 *                    net C 203.0.113.0/24, 2001:db8:c::/64 (reserved: DNS, CDN edge, proxy)
 * </pre>
 *
 * Each lab network is a bridge inside the router namespace; every host is its own namespace
 * joined to its network's bridge by a veth pair ({@code eth0} in the host, {@code v<role>} on
 * the bridge). Hosts route only the lab ranges through the router and have no default route;
 * the router has no default route either, so nothing can leave the lab. Namespace names carry
 * the per-run prefix {@code cdlab-<pid>-}; {@link #create()} first sweeps namespaces and
 * {@code /etc/netns} directories of earlier runs whose process is gone.
 *
 * <p>Scenario state (servers, holders, firewall rules, sysctls, hosts and gai.conf files, extra hosts) is
 * undone by {@link #reset()}; {@link #close()} (also run by a shutdown hook) removes everything
 * unless the system property {@code lab.keep} is true, in which case it prints the namespace
 * names and leaves them for a look around (the next run's sweep removes them).
 */
public final class Lab implements AutoCloseable {

    /** A lab network: a bridge in the router namespace and its IPv4 and IPv6 subnets. */
    public enum Network {
        A("brA", "192.0.2.", "2001:db8:a::"),
        B("brB", "198.51.100.", "2001:db8:b::"),
        C("brC", "203.0.113.", "2001:db8:c::");

        private final String bridge;
        private final String v4Prefix;
        private final String v6Prefix;

        Network(String bridge, String v4Prefix, String v6Prefix) {
            this.bridge = bridge;
            this.v4Prefix = v4Prefix;
            this.v6Prefix = v6Prefix;
        }

        public String bridge() {
            return bridge;
        }

        /** {@code 192.0.2.N}. */
        public String v4(int host) {
            return v4Prefix + host;
        }

        /** {@code 2001:db8:a::N}, the host number written as is (::10 for host 10). */
        public String v6(int host) {
            return v6Prefix + host;
        }

        public String v4Subnet() {
            return v4Prefix + "0/24";
        }

        public String v6Subnet() {
            return v6Prefix + "/64";
        }

        /** The router's address on this network, every host's gateway. */
        public String routerV4() {
            return v4(1);
        }

        public String routerV6() {
            return v6(1);
        }
    }

    /** A machine of the lab: one namespace, one interface {@code eth0} (none for the router). */
    public record Host(String role, String namespace, Network network, String ipv4, String ipv6) {
        @Override
        public String toString() {
            return role + " (" + namespace + (ipv4 == null ? "" : ", " + ipv4 + ", " + ipv6) + ")";
        }
    }

    /** The prefix of every lab namespace: {@code cdlab-<pid>-}. */
    static final String NAME_PREFIX = "cdlab-";
    private static final Pattern OWNED = Pattern.compile("^" + NAME_PREFIX + "(\\d+)-.*");
    private static final Path NETNS_ETC = Path.of("/etc/netns");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROCESS_EXIT_WAIT = Duration.ofSeconds(5);

    private final String prefix;
    private final boolean keep;
    private final Path repoRoot;
    private final List<String> namespaces = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Host> hosts = new LinkedHashMap<>();
    private final List<LabProcess> processes = Collections.synchronizedList(new ArrayList<>());
    private final List<Host> scenarioHosts = new ArrayList<>();
    private final Set<String> firewalled = new LinkedHashSet<>();
    private final Map<String, Map<String, String>> changedSysctls = new LinkedHashMap<>();
    /** Namespaces with files under /etc/netns (hosts, gai.conf), removed by {@link #reset()}. */
    private final Set<String> etcFiles = new LinkedHashSet<>();
    private final Thread shutdownHook;
    private volatile boolean closed;
    private Host router;

    private Lab(String prefix, boolean keep, Path repoRoot) {
        this.prefix = prefix;
        this.keep = keep;
        this.repoRoot = repoRoot;
        this.shutdownHook = new Thread(this::close, "lab-teardown");
    }

    /**
     * Why the lab cannot run here, or empty when it can: it needs Linux, root, {@code ip} and
     * the right to create a network namespace.
     */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("the lab needs Linux network namespaces; this is " + System.getProperty("os.name"));
        }
        if (findCommand("ip").isEmpty()) {
            return Optional.of("the lab needs the `ip` command (iproute2), which is not on the PATH");
        }
        ExecResult id = Commands.run(List.of("id", "-u"), COMMAND_TIMEOUT);
        if (!id.ok() || !id.stdout().strip().equals("0")) {
            return Optional.of("the lab needs root to create network namespaces (running as uid "
                    + id.stdout().strip() + ")");
        }
        String probe = NAME_PREFIX + ProcessHandle.current().pid() + "-probe";
        ExecResult add = Commands.run(List.of("ip", "netns", "add", probe), COMMAND_TIMEOUT);
        if (!add.ok()) {
            return Optional.of("`ip netns add` fails here, so the lab cannot build its network: "
                    + add.stderr().strip());
        }
        Commands.run(List.of("ip", "netns", "delete", probe), COMMAND_TIMEOUT);
        return Optional.empty();
    }

    /** Whether a command (iptables, sysctl, ...) is installed. */
    public static boolean hasCommand(String name) {
        return findCommand(name).isPresent();
    }

    private static Optional<Path> findCommand(String name) {
        String path = System.getenv().getOrDefault("PATH", "") + ":/usr/sbin:/sbin:/usr/bin:/bin";
        return Arrays.stream(path.split(":")).filter(dir -> !dir.isEmpty()).map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable).findFirst();
    }

    /** Sweeps leftovers of dead runs, then builds the router, the server and the two clients. */
    public static Lab create() {
        sweepLeftovers();
        Lab lab = new Lab(NAME_PREFIX + ProcessHandle.current().pid() + "-", Boolean.getBoolean("lab.keep"),
                locateRepoRoot());
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        try {
            lab.build();
        } catch (RuntimeException e) {
            lab.close();
            throw e;
        }
        return lab;
    }

    private void build() {
        router = new Host("router", prefix + "router", null, null, null);
        addNamespace(router.namespace());
        for (Network network : Network.values()) {
            ipIn(router, "link", "add", network.bridge(), "type", "bridge");
            ipIn(router, "link", "set", network.bridge(), "up");
            ipIn(router, "addr", "add", network.routerV4() + "/24", "dev", network.bridge());
            ipIn(router, "addr", "add", network.routerV6() + "/64", "dev", network.bridge(), "nodad");
        }
        exec(router, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1", "net.ipv6.conf.all.forwarding=1").orThrow();
        hosts.put("router", router);
        hosts.put("server", addHostInternal("server", Network.A, 10, true));
        hosts.put("clienta", addHostInternal("clienta", Network.A, 20, true));
        hosts.put("clientb", addHostInternal("clientb", Network.B, 20, true));
        verifyNoWayOut();
    }

    private void addNamespace(String namespace) {
        ip("netns", "add", namespace);
        namespaces.add(namespace);
        ip("-n", namespace, "link", "set", "lo", "up");
        // addresses are added with nodad; new interfaces (eth0's link-local) skip DAD as well
        Commands.run(List.of("ip", "netns", "exec", namespace, "sysctl", "-q", "-w",
                "net.ipv6.conf.all.accept_dad=0", "net.ipv6.conf.default.accept_dad=0",
                "net.ipv6.conf.default.accept_ra=0"), COMMAND_TIMEOUT).orThrow();
    }

    private Host addHostInternal(String role, Network network, int number, boolean routed) {
        Host host = describeHost(role, network, number);
        buildHost(host, routed);
        return host;
    }

    private Host describeHost(String role, Network network, int number) {
        if (role.length() > 14 || !role.matches("[a-z0-9]+")) {
            throw new IllegalArgumentException("a host role is 1-14 lowercase letters or digits: " + role);
        }
        return new Host(role, prefix + role, network, network.v4(number), network.v6(number));
    }

    /** The host's end of the cable lives in the router: its name there. */
    private static String routerPort(Host host) {
        return "v" + host.role();
    }

    private void buildHost(Host host, boolean routed) {
        Network network = host.network();
        addNamespace(host.namespace());
        String port = routerPort(host);
        ipIn(router, "link", "add", port, "type", "veth", "peer", "name", "eth0", "netns", host.namespace());
        ipIn(router, "link", "set", port, "master", network.bridge(), "up");
        ipIn(host, "link", "set", "eth0", "up");
        ipIn(host, "addr", "add", host.ipv4() + "/24", "dev", "eth0");
        ipIn(host, "addr", "add", host.ipv6() + "/64", "dev", "eth0", "nodad");
        if (routed) {
            // the lab ranges through the router, and nothing else: no default route
            for (Network other : Network.values()) {
                if (other != network) {
                    ipIn(host, "route", "add", other.v4Subnet(), "via", network.routerV4());
                }
            }
            ipIn(host, "-6", "route", "add", "2001:db8::/32", "via", network.routerV6());
        }
    }

    /** No lab namespace may have a default route: the lab must not be able to reach the world. */
    private void verifyNoWayOut() {
        for (String namespace : List.copyOf(namespaces)) {
            for (String family : List.of("-4", "-6")) {
                String routes = ip("-n", namespace, family, "route", "show", "default").stdout().strip();
                if (!routes.isEmpty()) {
                    throw new LabException(namespace + " has a default route (" + routes + "); the lab must have none");
                }
            }
        }
    }

    // ---- the hosts

    public Host router() {
        return router;
    }

    public Host server() {
        return hosts.get("server");
    }

    public Host clientA() {
        return hosts.get("clienta");
    }

    public Host clientB() {
        return hosts.get("clientb");
    }

    /**
     * Adds a host for the current scenario only ({@link #reset()} removes it). {@code routed}
     * false leaves it with its own subnet and nothing else: no route even to the other lab
     * networks.
     */
    public synchronized Host addScenarioHost(String role, Network network, int number, boolean routed) {
        Host host = describeHost(role, network, number);
        // tracked before it is built, so that a half-built host is removed by reset() as well
        scenarioHosts.add(host);
        buildHost(host, routed);
        verifyNoWayOut();
        return host;
    }

    public String prefix() {
        return prefix;
    }

    public List<String> namespaces() {
        return List.copyOf(namespaces);
    }

    // ---- commands

    /** Runs a command inside the host's namespace and returns what happened, failed or not. */
    public ExecResult exec(Host host, String... command) {
        return execFor(host, COMMAND_TIMEOUT, command);
    }

    public ExecResult execFor(Host host, Duration timeout, String... command) {
        List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace()));
        full.addAll(List.of(command));
        return Commands.run(full, timeout);
    }

    private ExecResult ip(String... args) {
        List<String> full = new ArrayList<>();
        full.add("ip");
        full.addAll(List.of(args));
        return Commands.run(full, COMMAND_TIMEOUT).orThrow();
    }

    private ExecResult ipIn(Host host, String... args) {
        List<String> full = new ArrayList<>(List.of("-n", host.namespace()));
        full.addAll(List.of(args));
        return ip(full.toArray(String[]::new));
    }

    /** Adds an iptables rule (or runs any iptables command) in the host's namespace. */
    public void iptables(Host host, String... args) {
        firewall(host, "iptables", args);
    }

    public void ip6tables(Host host, String... args) {
        firewall(host, "ip6tables", args);
    }

    private synchronized void firewall(Host host, String tool, String... args) {
        List<String> command = new ArrayList<>(List.of(tool, "-w"));
        command.addAll(List.of(args));
        firewalled.add(host.namespace());
        exec(host, command.toArray(String[]::new)).orThrow();
    }

    /** The packet counter of the first rule of a chain, as {@code iptables -L -v -x} shows it. */
    public long packetsOfFirstRule(Host host, String table, String chain) {
        String listing = exec(host, "iptables", "-w", "-t", table, "-L", chain, "-v", "-n", "-x").orThrow().stdout();
        // line 1: "Chain ...", line 2: the column heads, line 3: the first rule
        String[] lines = listing.strip().split("\n");
        if (lines.length < 3) {
            throw new LabException("no rule in " + table + "/" + chain + " of " + host + ": " + listing);
        }
        return Long.parseLong(lines[2].strip().split("\\s+")[0]);
    }

    /** Sets a sysctl in the host's namespace; {@link #reset()} puts the old value back. */
    public synchronized void sysctl(Host host, String key, String value) {
        String before = exec(host, "sysctl", "-n", key).orThrow().stdout().strip().replace('\t', ' ');
        changedSysctls.computeIfAbsent(host.namespace(), k -> new LinkedHashMap<>()).putIfAbsent(key, before);
        exec(host, "sysctl", "-q", "-w", key + "=" + value).orThrow();
    }

    public String readSysctl(Host host, String key) {
        return exec(host, "sysctl", "-n", key).orThrow().stdout().strip().replace('\t', ' ');
    }

    /**
     * Writes {@code /etc/netns/NAMESPACE/hosts}, which {@code ip netns exec} mounts over
     * {@code /etc/hosts} for the commands it starts in that namespace.
     */
    public synchronized void writeHostsFile(Host host, String... lines) {
        List<String> content = new ArrayList<>(List.of("127.0.0.1 localhost", "::1 localhost ip6-localhost"));
        content.addAll(List.of(lines));
        writeEtcFile(host, "hosts", content);
    }

    /**
     * Writes {@code /etc/netns/NAMESPACE/gai.conf}, mounted over {@code /etc/gai.conf} like the hosts
     * file: getaddrinfo's RFC 6724 policy for the commands started in that namespace. With
     * {@code ipv4First} the table is RFC 6724's with IPv4-mapped addresses raised above every other
     * (the line Debian's gai.conf suggests "for sites which prefer IPv4"); glibc replaces its whole
     * table once the file has a precedence line, so every line is written.
     */
    public synchronized void writeGaiConf(Host host, boolean ipv4First) {
        writeEtcFile(host, "gai.conf", List.of(
                "precedence ::1/128 50",
                "precedence ::/0 40",
                "precedence 2002::/16 30",
                "precedence ::/96 20",
                "precedence ::ffff:0:0/96 " + (ipv4First ? 100 : 10)));
    }

    /** Writes a file that {@code ip netns exec} mounts over {@code /etc/NAME}; {@link #reset()} removes it. */
    private void writeEtcFile(Host host, String name, List<String> content) {
        Path dir = NETNS_ETC.resolve(host.namespace());
        try {
            Files.createDirectories(dir);
            etcFiles.add(host.namespace());
            Files.write(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new LabException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    // ---- background processes

    /**
     * Starts the testkit's {@link TestServer} in the host's namespace as its own JVM and waits
     * for its {@code listening} line.
     */
    public LabProcess startTestServer(Host host, String bind, int port, TestServer.Behaviour behaviour) {
        return startJava(host, "listening ", TestServer.class.getName(), "--bind", bind, "--port",
                String.valueOf(port), "--behaviour", behaviour.name().toLowerCase(Locale.ROOT));
    }

    /** The same with more of {@link TestServer#main}'s options, e.g. {@code --after-ms 800 --close-code 1008}. */
    public LabProcess startTestServer(Host host, String bind, int port, TestServer.Behaviour behaviour,
                                      String... options) {
        List<String> args = new ArrayList<>(List.of("--bind", bind, "--port", String.valueOf(port), "--behaviour",
                behaviour.name().toLowerCase(Locale.ROOT)));
        args.addAll(List.of(options));
        return startJava(host, "listening ", TestServer.class.getName(), args.toArray(String[]::new));
    }

    /**
     * Starts a {@link TestServer} that serves {@code behaviour} inside TLS with the key and chain
     * of a PKCS#12 file ({@code TestCertificates.Leaf#writePkcs12}); the file is read from the
     * shared file system, which every namespace sees.
     */
    public LabProcess startTlsTestServer(Host host, String bind, int port, TestServer.Behaviour behaviour,
                                         Path pkcs12, String password) {
        return startJava(host, "listening ", TestServer.class.getName(), "--bind", bind, "--port",
                String.valueOf(port), "--behaviour", behaviour.name().toLowerCase(Locale.ROOT),
                "--tls-keystore", pkcs12.toAbsolutePath().toString(), "--tls-password", password);
    }

    /** Starts the testkit's ConnectionHolder and waits for its {@code held N ...} line. */
    public LabProcess holdConnections(Host host, String destination, int max) {
        return startJava(host, "held ", "dev.conndoctor.testkit.ConnectionHolder", "--to", destination,
                "--max", String.valueOf(max));
    }

    private LabProcess startJava(Host host, String readyPrefix, String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // small and quick: these JVMs only hold sockets
                "-Xmx64m", "-Xss256k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", testkitClasspath(), mainClass));
        command.addAll(List.of(args));
        return start(host, readyPrefix, Duration.ofSeconds(20), command);
    }

    /** Starts any command in the host's namespace and waits for a stdout line starting with {@code readyPrefix}. */
    public LabProcess start(Host host, String readyPrefix, Duration readyWithin, List<String> command) {
        LabProcess process = LabProcess.start(host.namespace(), command, readyPrefix, readyWithin);
        processes.add(process);
        return process;
    }

    /** Where the testkit's classes are: its target/classes directory or its jar. */
    static String testkitClasspath() {
        try {
            return Path.of(TestServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (java.net.URISyntaxException | NullPointerException e) {
            Path classes = locateRepoRoot().resolve("conndoctor-testkit/target/classes");
            if (Files.isDirectory(classes)) {
                return classes.toString();
            }
            throw new LabException("cannot find the testkit's classes (looked at " + classes + ")", e);
        }
    }

    // ---- conndoctor

    /** {@code <repo>/conndoctor}, the launcher a user runs. */
    public Path launcher() {
        return repoRoot.resolve("conndoctor");
    }

    /**
     * Runs {@code conndoctor diagnose TARGET --json --timeout TIMEOUT [extra...]} inside the
     * host's namespace, exactly as a user on that machine would, and parses its JSON.
     */
    public LabDiagnosis diagnose(Host host, String target, String timeout, String... extra) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace(),
                launcher().toString(), "diagnose", target, "--json", "--timeout", timeout));
        command.addAll(List.of(extra));
        // from the repository root, as a user types ./conndoctor (the launcher's rebuild needs it)
        return LabDiagnosis.of(host.namespace(), Commands.run(command, Duration.ofSeconds(120), repoRoot.toFile()));
    }

    /** Makes sure the launcher exists and has built its jar, outside any lab namespace. */
    public ExecResult prepareLauncher() {
        if (!Files.isExecutable(launcher())) {
            throw new LabException("the launcher " + launcher() + " does not exist or is not executable");
        }
        return Commands.run(List.of(launcher().toString(), "--version"), Duration.ofMinutes(5), repoRoot.toFile())
                .orThrow();
    }

    static Path locateRepoRoot() {
        String basedir = System.getProperty("basedir");
        Path module = basedir != null ? Path.of(basedir) : Path.of("").toAbsolutePath();
        Path candidate = module.toAbsolutePath().normalize();
        while (candidate != null) {
            if (Files.exists(candidate.resolve("mvnw")) && Files.isDirectory(candidate.resolve("conndoctor-lab"))) {
                return candidate;
            }
            candidate = candidate.getParent();
        }
        return module.toAbsolutePath().normalize().getParent();
    }

    // ---- scenario reset and teardown

    /** Undoes everything a scenario set up; the base topology stays. */
    public synchronized void reset() {
        List<RuntimeException> failures = new ArrayList<>();
        stopProcesses();
        for (Host host : scenarioHosts) {
            attempt(failures, () -> removeScenarioHost(host));
        }
        scenarioHosts.clear();
        for (String namespace : firewalled) {
            if (!namespaces.contains(namespace)) {
                continue;
            }
            for (String tool : List.of("iptables", "ip6tables")) {
                for (String table : List.of("filter", "raw")) {
                    attempt(failures, () -> run("ip", "netns", "exec", namespace, tool, "-w", "-t", table, "-F"));
                    attempt(failures, () -> run("ip", "netns", "exec", namespace, tool, "-w", "-t", table, "-X"));
                }
                for (String chain : List.of("INPUT", "FORWARD", "OUTPUT")) {
                    attempt(failures, () -> run("ip", "netns", "exec", namespace, tool, "-w", "-P", chain, "ACCEPT"));
                }
            }
        }
        firewalled.clear();
        changedSysctls.forEach((namespace, values) -> values.forEach((key, value) -> {
            if (namespaces.contains(namespace)) {
                attempt(failures, () -> run("ip", "netns", "exec", namespace, "sysctl", "-q", "-w", key + "=" + value));
            }
        }));
        changedSysctls.clear();
        for (String namespace : etcFiles) {
            attempt(failures, () -> deleteTree(NETNS_ETC.resolve(namespace)));
        }
        etcFiles.clear();
        if (!failures.isEmpty()) {
            LabException failure = new LabException("the lab could not undo a scenario: " + failures.get(0).getMessage());
            failures.stream().skip(1).forEach(failure::addSuppressed);
            throw failure;
        }
    }

    private static void run(String... command) {
        Commands.run(List.of(command), COMMAND_TIMEOUT).orThrow();
    }

    private static void attempt(List<RuntimeException> failures, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            failures.add(e);
        }
    }

    private void stopProcesses() {
        List<LabProcess> running;
        synchronized (processes) {
            running = List.copyOf(processes);
            processes.clear();
        }
        running.forEach(LabProcess::close);
    }

    /** Removes every namespace, process and /etc/netns directory of this run; idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: this is the hook itself running
        }
        if (keep) {
            System.out.println("lab.keep=true: leaving the lab up (the next run sweeps it). Namespaces:");
            namespaces.forEach(ns -> System.out.println("  " + ns));
            System.out.println("look around with e.g. `ip netns exec " + prefix + "clienta bash`; "
                    + "remove with `ip netns pids NS | xargs -r kill; ip netns delete NS` for each");
            return;
        }
        stopProcesses();
        List<String> all = new ArrayList<>(namespaces);
        Collections.reverse(all); // hosts before the router that holds their bridge ports
        for (String namespace : all) {
            try {
                removeNamespace(namespace);
            } catch (RuntimeException e) {
                System.err.println("lab teardown: " + e.getMessage());
            }
        }
        for (String namespace : all) {
            deleteTree(NETNS_ETC.resolve(namespace));
        }
    }

    /**
     * Removes a scenario host and, first, its cable. The kernel destroys a deleted namespace and
     * its devices asynchronously, so after {@code ip netns delete} the router's end of the veth
     * can live on for a while, in the way of the next scenario that adds the same role; deleting
     * the veth from the router is synchronous.
     */
    private void removeScenarioHost(Host host) {
        ExecResult unplugged = Commands.run(
                List.of("ip", "-n", router.namespace(), "link", "delete", routerPort(host)), COMMAND_TIMEOUT);
        if (!unplugged.ok() && !unplugged.stderr().contains("Cannot find device")) {
            unplugged.orThrow();
        }
        removeNamespace(host.namespace());
    }

    private void removeNamespace(String namespace) {
        removeNamespaceByName(namespace);
        namespaces.remove(namespace);
    }

    /** Waits a little for a killed process to be gone, so that its namespace goes with it. */
    private static void awaitExit(ProcessHandle process) {
        try {
            process.onExit().get(PROCESS_EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // a process that outlives SIGKILL is in the kernel's hands; the deletion goes on regardless
        }
    }

    /** Kills what still runs inside (only processes of the lab's own namespaces), then deletes it. */
    private static void removeNamespaceByName(String namespace) {
        ExecResult pids = Commands.run(List.of("ip", "netns", "pids", namespace), COMMAND_TIMEOUT);
        if (pids.ok()) {
            List<ProcessHandle> inside = pids.stdout().lines().map(String::strip).filter(s -> s.matches("\\d+"))
                    .map(Long::parseLong).flatMap(pid -> ProcessHandle.of(pid).stream()).toList();
            inside.forEach(ProcessHandle::destroyForcibly);
            inside.forEach(Lab::awaitExit);
        }
        ExecResult deleted = Commands.run(List.of("ip", "netns", "delete", namespace), COMMAND_TIMEOUT);
        if (!deleted.ok() && !deleted.stderr().contains("No such file")) {
            deleted.orThrow();
        }
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path path : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new LabException("cannot delete " + dir + ": " + e.getMessage(), e);
        }
    }

    // ---- leftovers of earlier runs

    /** The pid that owns a lab name ({@code cdlab-1234-server} belongs to 1234). */
    static OptionalLong owner(String name) {
        Matcher matcher = OWNED.matcher(name);
        return matcher.matches() ? OptionalLong.of(Long.parseLong(matcher.group(1))) : OptionalLong.empty();
    }

    /** The namespace names in {@code ip netns list} output ({@code name (id: 3)} or just {@code name}). */
    static List<String> namespaceNames(String ipNetnsList) {
        return ipNetnsList.lines().map(String::strip).filter(l -> !l.isEmpty()).map(l -> l.split("\\s+")[0]).toList();
    }

    /** Lab names whose owning process is no longer alive. */
    static List<String> orphaned(List<String> names, java.util.function.LongPredicate alive) {
        return names.stream().filter(n -> {
            OptionalLong pid = owner(n);
            return pid.isPresent() && !alive.test(pid.getAsLong());
        }).toList();
    }

    /** Removes namespaces and /etc/netns directories of lab runs whose JVM is gone. */
    static void sweepLeftovers() {
        java.util.function.LongPredicate alive = pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
        List<String> names = namespaceNames(Commands.run(List.of("ip", "netns", "list"), COMMAND_TIMEOUT).orThrow()
                .stdout());
        // hosts before routers, so that bridge ports go with their hosts
        List<String> dead = new ArrayList<>(orphaned(names, alive));
        dead.sort(Comparator.comparing((String n) -> n.endsWith("-router")));
        for (String namespace : dead) {
            System.out.println("lab: sweeping " + namespace + " left over by an earlier run");
            removeNamespaceByName(namespace);
        }
        if (Files.isDirectory(NETNS_ETC)) {
            try (Stream<Path> dirs = Files.list(NETNS_ETC)) {
                List<String> etc = dirs.map(p -> p.getFileName().toString()).toList();
                for (String name : orphaned(etc, alive)) {
                    deleteTree(NETNS_ETC.resolve(name));
                }
            } catch (IOException e) {
                throw new LabException("cannot list " + NETNS_ETC + ": " + e.getMessage(), e);
            }
        }
    }
}
