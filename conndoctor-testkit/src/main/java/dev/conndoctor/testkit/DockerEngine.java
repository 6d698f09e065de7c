package dev.conndoctor.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Docker engine for tests: Debian's {@code dockerd} (package {@code docker.io}) started in
 * a network namespace of its own, with every file it keeps in a temporary folder, and one image
 * made locally from busybox ({@link BusyboxImage}, never pulled: there is no registry).
 *
 * <pre>{@code
 * try (DockerEngine docker = DockerEngine.start()) {
 *     String id = docker.run("web", List.of("18080:80"), Workload.httpdOnAllAddresses(80));
 *     CommandResult get = docker.inNamespace("curl", "-sS", "http://127.0.0.1:18080/");
 *     long pid = docker.pidOf(id);   // the container's process, for /proc/PID/net/tcp
 * }
 * }</pre>
 *
 * <p>What it keeps away from the machine, and how:
 * <ul>
 * <li>Network: dockerd runs in the namespace through {@code nsenter --net=/run/netns/NAME}
 *     (not {@code ip netns exec}, whose fresh /sys mount hides the cgroup hierarchies dockerd
 *     needs). Its bridge, veths, docker-proxy listeners, {@code ip_forward} and iptables rules
 *     ({@code --iptables=true}) are all that namespace's own; the bridge takes {@code --bip}, a
 *     documentation sub-block ({@link #DEFAULT_BRIDGE}), more specific than the lab's /24s.</li>
 * <li>Files: {@code --data-root}, {@code --exec-root} (where dockerd's own containerd keeps its
 *     state and socket), {@code --pidfile}, the API socket and {@code --config-file} are in the
 *     folder. dockerd runs in a private mount namespace ({@code unshare --mount}) with a tmpfs
 *     on {@code /run} (containerd's shims put their sockets in {@code /run/containerd/s}, dockerd
 *     makes {@code /run/docker}, neither has a flag) and the folder's {@code etc-docker} bound
 *     on {@code /etc/docker} (dockerd 20.10 writes {@code key.json} there, no flag either).
 *     Every overlay and namespace mount of the containers lives and dies in that mount
 *     namespace: the machine's mount table never shows one.</li>
 * <li>Sysctls: dockerd raises {@code kernel.keys.root_maxkeys} to 1000000 when it is lower;
 *     the private mount namespace binds a file reading 1000000 over it, so dockerd sees no need.
 *     Namespaced sysctls ({@code ip_forward}) change in the engine's namespace only.</li>
 * <li>cgroups: cannot be private. Containers go under {@code --cgroup-parent /<run name>}
 *     (cgroupfs driver) in every hierarchy; {@link #close()} removes those directories.</li>
 * <li>Kernel modules: dockerd and containerd try {@code modprobe} (br_netfilter, overlay, aufs);
 *     where the modules are built in or absent this changes nothing, but on a machine with
 *     loadable modules a module may be loaded. Nothing else is loaded by the tests.</li>
 * </ul>
 *
 * <p>Every run is named {@code cddock-<jvm pid>-<n>}: the folder
 * ({@code java.io.tmpdir/cddock-...}), the namespace it creates, the cgroup parent, and an
 * environment variable that dockerd passes to containerd, the shims and docker-proxy.
 * {@link #close()} (also run by a shutdown hook) removes the containers, stops dockerd (which
 * stops its containerd and proxies), ends anything still carrying the run's mark or cgroup,
 * removes the cgroups, the folder and the namespace if it created it; in a namespace given by
 * the caller it removes {@code docker0} and puts back the iptables tables and {@code ip_forward}
 * as they were. {@link #start} first sweeps runs of JVMs that are gone.
 *
 * <p>The client is {@code /usr/bin/docker}, Debian's client of the same release as the daemon,
 * called by its full path: another {@code docker} earlier on the PATH (here
 * {@code /usr/local/bin/docker} 28.x) would have to negotiate an older API and may send
 * options dockerd 20.10 does not know. {@code DOCKER_CONFIG} points into the folder, so the
 * user's {@code ~/.docker} is neither read nor written.
 */
public final class DockerEngine implements AutoCloseable {

    /** Debian's daemon (docker.io). */
    public static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    /** Debian's client of the same release as {@link #DOCKERD}. */
    public static final Path CLIENT = Path.of("/usr/bin/docker");
    /** The bridge's address and prefix unless the caller gives one: inside 203.0.113.0/24 (TEST-NET-3). */
    public static final String DEFAULT_BRIDGE = "203.0.113.193/27";

    /**
     * What runs in a container, and the port its process must be listening on (in its own
     * namespace) before {@link #run} returns; 0 waits for nothing but the process.
     */
    public record Workload(List<String> command, int listenPort) {

        public Workload {
            command = List.copyOf(command);
        }

        /** busybox httpd on {@code [::]:port}, which takes IPv4 too (it shows in tcp6, not tcp). */
        public static Workload httpdOnAllAddresses(int port) {
            return new Workload(List.of("httpd", "-f", "-p", Integer.toString(port), "-h", BusyboxImage.DOCUMENT_ROOT), port);
        }

        /** busybox httpd on {@code 0.0.0.0:port} only (shows in tcp). */
        public static Workload httpdOnIpv4Any(int port) {
            return new Workload(List.of("httpd", "-f", "-p", "0.0.0.0:" + port, "-h", BusyboxImage.DOCUMENT_ROOT), port);
        }

        /** busybox httpd on the container's own {@code 127.0.0.1:port}: the commonest container mistake. */
        public static Workload httpdOnLoopback(int port) {
            return new Workload(List.of("httpd", "-f", "-p", "127.0.0.1:" + port, "-h", BusyboxImage.DOCUMENT_ROOT), port);
        }

        /** A process that listens on nothing. */
        public static Workload listeningOnNothing() {
            return new Workload(List.of("sleep", "3600"), 0);
        }

        /** Any busybox command; only its start is awaited. */
        public static Workload command(String... command) {
            return new Workload(List.of(command), 0);
        }
    }

    static final String NAME_PREFIX = "cddock-";
    private static final Pattern OWNED = Pattern.compile("^" + NAME_PREFIX + "(\\d+)-\\d+$");
    private static final Pattern NS_INODE = Pattern.compile("net:\\[(\\d+)]");
    /** The mark dockerd hands down to containerd, the shims and docker-proxy through their environment. */
    static final String RUN_VARIABLE = "CDDOCK_RUN";
    private static final String SYSTEM_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Path NETNS_DIR = Path.of("/run/netns");
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Path ETC_DOCKER = Path.of("/etc/docker");
    private static final Duration START_WITHIN = Duration.ofSeconds(30);
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);
    private static final Duration STOP_WITHIN = Duration.ofSeconds(15);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /**
     * Run by {@code sh -c} between {@code unshare --mount} and dockerd, in the private mount
     * namespace: the tmpfs on /run and the two binds described in the class comment.
     */
    private static final String MOUNT_SCRIPT = """
            set -e
            mount -t tmpfs -o mode=0755,size=16m cddock-run /run
            if [ -d /etc/docker ]; then mount --bind "$1" /etc/docker; fi
            if [ -e /proc/sys/kernel/keys/root_maxkeys ]; then
              mount --bind "$2" /proc/sys/kernel/keys/root_maxkeys \\
                || echo "cddock: cannot cover root_maxkeys; dockerd may raise it" >&2
            fi
            shift 2
            exec "$@"
            """;

    private final String runName;
    private final String namespace;
    private final boolean ownsNamespace;
    private final String bridge;
    private final boolean userlandProxy;
    private final Path folder;
    private final boolean etcDockerExisted;
    private final Thread shutdownHook;
    private CallerNamespaceState callerState;
    private Process dockerd;
    private Duration startup = Duration.ZERO;
    private boolean closed;

    /** What a caller's namespace looked like before dockerd, to put back on close. */
    private record CallerNamespaceState(String iptables, String ipForward, boolean hadDocker0) {
    }

    private DockerEngine(String runName, String namespace, boolean ownsNamespace, String bridge, boolean userlandProxy,
            Path folder) {
        this.runName = runName;
        this.namespace = namespace;
        this.ownsNamespace = ownsNamespace;
        this.bridge = bridge;
        this.userlandProxy = userlandProxy;
        this.folder = folder;
        this.etcDockerExisted = Files.isDirectory(ETC_DOCKER);
        this.shutdownHook = new Thread(this::closeQuietly, "docker-engine-teardown-" + runName);
    }

    /**
     * Why an engine cannot start here, or empty when it can: Linux, root, Debian's docker.io
     * (dockerd, its client, containerd, runc, docker-proxy), busybox-static, the tools the
     * engine is started and torn down with (nsenter, unshare, mount, ip, iptables, tar), and
     * the rights to make a network namespace and a private mount namespace (tried, then undone).
     */
    public static Optional<String> unavailableReason() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Optional.of("a Docker engine needs Linux; this is " + System.getProperty("os.name"));
        }
        if (!isRoot()) {
            return Optional.of("starting dockerd in a network namespace needs root");
        }
        for (Path binary : List.of(DOCKERD, CLIENT, Path.of("/usr/bin/containerd"), Path.of("/usr/bin/containerd-shim-runc-v2"),
                Path.of("/usr/sbin/runc"), Path.of("/usr/sbin/docker-proxy"))) {
            if (!Files.isExecutable(binary)) {
                return Optional.of(binary + " is missing (apt-get install --no-install-recommends docker.io)");
            }
        }
        for (String tool : List.of("nsenter", "unshare", "mount", "ip", "iptables", "iptables-save", "iptables-restore")) {
            if (Commands.find(tool).isEmpty()) {
                return Optional.of("the `" + tool + "` command is missing (util-linux, iproute2, iptables)");
            }
        }
        Optional<String> image = BusyboxImage.unavailableReason();
        if (image.isPresent()) {
            return image;
        }
        // root is not always enough (a container without CAP_SYS_ADMIN): try what start does
        String probe = NAME_PREFIX + ProcessHandle.current().pid() + "-0";
        CommandResult add = Commands.run(List.of("ip", "netns", "add", probe), COMMAND_TIMEOUT);
        if (!add.ok()) {
            return Optional.of("`ip netns add` fails here, so dockerd cannot have a namespace: " + add.stderr().strip());
        }
        CommandResult unshare = Commands.run(List.of("nsenter", "--net=" + NETNS_DIR.resolve(probe), "--", "unshare",
                "--mount", "--propagation", "private", "--", "mount", "-t", "tmpfs", "cddock-probe", "/run"), COMMAND_TIMEOUT);
        Commands.run(List.of("ip", "netns", "delete", probe), COMMAND_TIMEOUT);
        if (!unshare.ok()) {
            return Optional.of("a private mount namespace with a tmpfs on /run cannot be made here: " + unshare.stderr().strip());
        }
        return Optional.empty();
    }

    /** An engine in a namespace of its own, bridge {@link #DEFAULT_BRIDGE}, with docker-proxy (Docker's default). */
    public static DockerEngine start() {
        return start(null, DEFAULT_BRIDGE, true);
    }

    /**
     * An engine in {@code namespace} (a name under /run/netns; null: one it creates and
     * removes), its bridge {@code bridge} ({@code --bip}, e.g. {@code 203.0.113.193/27}).
     */
    public static DockerEngine start(String namespace, String bridge) {
        return start(namespace, bridge, true);
    }

    /**
     * As {@link #start(String, String)}; {@code userlandProxy} false starts dockerd with
     * {@code --userland-proxy=false} (no docker-proxy: only the DNAT rules publish, and loopback
     * is reached through {@code route_localnet}).
     */
    public static DockerEngine start(String namespace, String bridge, boolean userlandProxy) {
        unavailableReason().ifPresent(reason -> {
            throw new IllegalStateException(reason);
        });
        sweepLeftovers(DockerEngine::ownerIsGone);
        String runName = NAME_PREFIX + ProcessHandle.current().pid() + "-" + SEQUENCE.incrementAndGet();
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), runName).toAbsolutePath();
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS)) {
            // an earlier JVM with the same pid (a container restarted) left it
            cleanUpRun(runName);
        }
        DockerEngine engine = new DockerEngine(runName, namespace == null ? runName : namespace, namespace == null,
                bridge, userlandProxy, folder);
        Runtime.getRuntime().addShutdownHook(engine.shutdownHook);
        try {
            engine.launch();
        } catch (RuntimeException | IOException e) {
            try {
                engine.close();
            } catch (RuntimeException closing) {
                e.addSuppressed(closing);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw (RuntimeException) e;
        }
        return engine;
    }

    private void launch() throws IOException {
        long begin = System.nanoTime();
        Files.createDirectory(folder);
        for (String dir : List.of("data", "exec", "client", "etc-docker")) {
            Files.createDirectories(folder.resolve(dir));
        }
        Files.writeString(folder.resolve("daemon.json"), "{}\n");
        Files.writeString(folder.resolve("root_maxkeys"), "1000000\n");
        if (ownsNamespace) {
            Commands.run(List.of("ip", "netns", "add", namespace), COMMAND_TIMEOUT).orThrow();
            Commands.run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"), COMMAND_TIMEOUT).orThrow();
        } else {
            if (!Files.exists(namespacePath())) {
                throw new IllegalArgumentException("no network namespace " + namespacePath());
            }
            callerState = new CallerNamespaceState(
                    inNamespace("iptables-save").orThrow().stdout(),
                    inNamespace("cat", "/proc/sys/net/ipv4/ip_forward").orThrow().stdout().strip(),
                    Commands.run(List.of("ip", "-n", namespace, "link", "show", "docker0"), COMMAND_TIMEOUT).ok());
        }
        List<String> command = new ArrayList<>(List.of("nsenter", "--net=" + namespacePath(), "--",
                "unshare", "--mount", "--propagation", "private", "--",
                "env", "-i", "PATH=" + SYSTEM_PATH, "HOME=" + folder, RUN_VARIABLE + "=" + runName,
                "sh", "-c", MOUNT_SCRIPT, "cddock-mounts", folder.resolve("etc-docker").toString(),
                folder.resolve("root_maxkeys").toString(),
                DOCKERD.toString(),
                "--config-file", folder.resolve("daemon.json").toString(),
                "--data-root", dataRoot().toString(),
                "--exec-root", execRoot().toString(),
                "--pidfile", folder.resolve("dockerd.pid").toString(),
                "--host", "unix://" + socket(),
                "--bip", bridge,
                "--iptables=true",
                "--userland-proxy=" + userlandProxy,
                "--cgroup-parent", "/" + runName,
                "--exec-opt", "native.cgroupdriver=cgroupfs"));
        dockerd = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(log().toFile())
                .redirectErrorStream(true)
                .start();
        awaitApi(begin);
        checkInNamespace(dockerd.pid());
        startup = Duration.ofNanos(System.nanoTime() - begin);
        Path tarball = BusyboxImage.writeTarball(Files.createDirectories(folder.resolve("image")));
        docker("import", tarball.toString(), BusyboxImage.TAG).orThrow();
    }

    private void awaitApi(long begin) {
        long deadline = begin + START_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (!dockerd.isAlive()) {
                throw new IllegalStateException("dockerd exited " + dockerd.exitValue() + " while starting:\n" + logTail());
            }
            if (Files.exists(socket()) && ping()) {
                return;
            }
            pause(25);
        }
        throw new IllegalStateException("dockerd did not answer /_ping within " + START_WITHIN.toSeconds() + " s:\n" + logTail());
    }

    /** {@code GET /_ping} on the API socket: the cheapest sign that dockerd serves. */
    private boolean ping() {
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket()));
            channel.write(ByteBuffer.wrap("GET /_ping HTTP/1.0\r\nHost: docker\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
            ByteBuffer reply = ByteBuffer.allocate(512);
            while (channel.read(reply) > 0 && reply.hasRemaining()) {
                // read what comes until the daemon closes
            }
            String head = new String(reply.array(), 0, reply.position(), StandardCharsets.US_ASCII);
            return head.startsWith("HTTP/1.") && head.contains(" 200 ");
        } catch (IOException e) {
            return false;
        }
    }

    /** Refuses to go on if dockerd did not land in the namespace it was meant for. */
    private void checkInNamespace(long pid) throws IOException {
        long expected = (Long) Files.getAttribute(namespacePath(), "unix:ino");
        String link = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
        Matcher m = NS_INODE.matcher(link);
        if (!m.matches() || Long.parseLong(m.group(1)) != expected) {
            throw new IllegalStateException("dockerd (pid " + pid + ") is in " + link + ", not in namespace " + namespace
                    + " (inode " + expected + ")");
        }
    }

    /**
     * Starts a container of the busybox image, named {@code name}, publishing each of
     * {@code publish} ({@code docker run -p} syntax: {@code 18080:80}, {@code 127.0.0.1:18081:80};
     * empty: nothing published), and returns its id once its process runs and, when the
     * workload names a port, listens on it.
     */
    public String run(String name, List<String> publish, Workload workload) {
        List<String> args = new ArrayList<>(List.of("run", "--detach", "--name", name));
        for (String spec : publish) {
            args.add("--publish");
            args.add(spec);
        }
        args.add(BusyboxImage.TAG);
        args.addAll(workload.command());
        String id = docker(args.toArray(String[]::new)).orThrow().stdout().strip();
        long pid = awaitPid(id);
        if (workload.listenPort() > 0) {
            awaitListening(id, pid, workload.listenPort());
        }
        return id;
    }

    /** {@link #run(String, List, Workload)} with any busybox command, awaiting only its start. */
    public String run(String name, List<String> publish, String... command) {
        return run(name, publish, Workload.command(command));
    }

    private long awaitPid(String container) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            long pid = pidOf(container);
            if (pid > 0) {
                return pid;
            }
            pause(20);
        }
        throw new IllegalStateException("container " + container + " did not start: " + docker("logs", container).stderr());
    }

    private void awaitListening(String container, long pid, int port) {
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (ProcNetListeners.of(pid).stream().anyMatch(l -> l.port() == port)) {
                return;
            }
            if (ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)) {
                break;
            }
            pause(10);
        }
        CommandResult logs = docker("logs", container);
        throw new IllegalStateException("container " + container + " does not listen on port " + port + " (its log: "
                + (logs.stdout() + logs.stderr()).strip() + ")");
    }

    /** Stops a container at once ({@code docker stop --time 0}); its published ports go with it. */
    public void stop(String container) {
        docker("stop", "--time", "0", container).orThrow();
    }

    /** Removes a container, running or not ({@code docker rm --force}). */
    public void remove(String container) {
        docker("rm", "--force", container).orThrow();
    }

    /** The pid of a container's process as this machine numbers it, 0 when it is not running. */
    public long pidOf(String container) {
        return Long.parseLong(docker("inspect", "--format", "{{.State.Pid}}", container).orThrow().stdout().strip());
    }

    /** A container's address on the bridge, empty when it has none. */
    public String addressOf(String container) {
        return docker("inspect", "--format", "{{.NetworkSettings.IPAddress}}", container).orThrow().stdout().strip();
    }

    /** Runs the Docker client against this engine: {@code docker("ps", "-a")}. */
    public CommandResult docker(String... args) {
        List<String> command = new ArrayList<>(List.of(CLIENT.toString(), "--host", "unix://" + socket()));
        command.addAll(Arrays.asList(args));
        return Commands.run(command, COMMAND_TIMEOUT, Map.of("DOCKER_CONFIG", folder.resolve("client").toString()));
    }

    /** Runs a command of this machine inside the engine's network namespace (the docker host), to completion. */
    public CommandResult inNamespace(String... command) {
        return Commands.run(inNamespaceCommand(command), COMMAND_TIMEOUT);
    }

    /** The words that run {@code command} in the engine's network namespace, for a ProcessBuilder of the caller's own. */
    public List<String> inNamespaceCommand(String... command) {
        List<String> words = new ArrayList<>(List.of("nsenter", "--net=" + namespacePath(), "--"));
        words.addAll(Arrays.asList(command));
        return words;
    }

    /** The network namespace dockerd runs in (the docker host's, from the containers' point of view). */
    public String namespace() {
        return namespace;
    }

    public Path namespacePath() {
        return NETNS_DIR.resolve(namespace);
    }

    /** The run's name: folder, cgroup parent and environment mark. */
    public String runName() {
        return runName;
    }

    /** The bridge's own address, the containers' gateway: {@code 203.0.113.193} for {@code 203.0.113.193/27}. */
    public String bridgeAddress() {
        return bridge.substring(0, bridge.indexOf('/'));
    }

    public Path folder() {
        return folder;
    }

    /** {@code --data-root}: {@code containers/<id>/config.v2.json} and the rest of the engine's state. */
    public Path dataRoot() {
        return folder.resolve("data");
    }

    public Path execRoot() {
        return folder.resolve("exec");
    }

    public Path socket() {
        return folder.resolve("docker.sock");
    }

    public long dockerdPid() {
        return dockerd.pid();
    }

    /** From launching dockerd to its first answer on the API socket. */
    public Duration startupTime() {
        return startup;
    }

    /** dockerd's log (and its containerd's), for a failing test's message. */
    public Path log() {
        return folder.resolve("dockerd.log");
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log());
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /**
     * Removes everything the engine made, each step tried even when an earlier one failed.
     *
     * @throws IllegalStateException naming what could not be removed
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<String> problems = new ArrayList<>();
        if (dockerd != null && dockerd.isAlive()) {
            step(problems, "remove the containers", () -> {
                String ids = docker("ps", "--all", "--quiet", "--no-trunc").orThrow().stdout().strip();
                if (!ids.isEmpty()) {
                    List<String> args = new ArrayList<>(List.of("rm", "--force"));
                    args.addAll(List.of(ids.split("\\s+")));
                    docker(args.toArray(String[]::new)).orThrow();
                }
            });
        }
        if (dockerd != null) {
            step(problems, "stop dockerd", () -> {
                dockerd.destroy();
                if (!dockerd.waitFor(STOP_WITHIN.toMillis(), TimeUnit.MILLISECONDS)) {
                    dockerd.destroyForcibly();
                    dockerd.waitFor(5, TimeUnit.SECONDS);
                }
            });
        }
        step(problems, "end the run's processes", () -> endProcesses(runName));
        if (callerState != null) {
            step(problems, "put the namespace back", this::restoreCallerNamespace);
        }
        cleanUpFiles(runName, problems);
        if (ownsNamespace) {
            step(problems, "delete the namespace", () -> deleteNamespace(namespace));
        }
        if (!etcDockerExisted) {
            // only when /etc/docker was missing could dockerd write its key there
            step(problems, "remove /etc/docker", () -> {
                Files.deleteIfExists(ETC_DOCKER.resolve("key.json"));
                Files.deleteIfExists(ETC_DOCKER);
            });
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called by the hook itself
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Docker engine " + runName + " not fully removed: " + String.join("; ", problems));
        }
    }

    private void closeQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println(e.getMessage());
        }
    }

    /**
     * dockerd leaves its bridge and its iptables chains behind when it stops; in a namespace it
     * did not create, they would look like a live Docker host to whatever runs there next.
     */
    private void restoreCallerNamespace() {
        if (!callerState.hadDocker0()) {
            Commands.run(List.of("ip", "-n", namespace, "link", "delete", "docker0"), COMMAND_TIMEOUT);
        }
        Set<String> before = tables(callerState.iptables());
        boolean nfTables = inNamespace("iptables", "--version").stdout().contains("nf_tables") && Commands.find("nft").isPresent();
        for (String table : tables(inNamespace("iptables-save").orThrow().stdout())) {
            if (!before.contains(table)) {
                // a table that was not there before goes entirely, not just its rules
                if (nfTables) {
                    inNamespace("nft", "delete", "table", "ip", table).orThrow();
                } else {
                    inNamespace("iptables", "-t", table, "-F").orThrow();
                    inNamespace("iptables", "-t", table, "-X").orThrow();
                }
            }
        }
        if (!callerState.iptables().isBlank()) {
            // iptables-restore replaces each table it is given, Docker's chains with it
            Commands.run(inNamespaceCommand("iptables-restore"), COMMAND_TIMEOUT, Map.of(), callerState.iptables()).orThrow();
        }
        inNamespace("sh", "-c", "echo " + callerState.ipForward() + " > /proc/sys/net/ipv4/ip_forward").orThrow();
    }

    private static Set<String> tables(String iptablesSave) {
        Set<String> tables = new TreeSet<>();
        for (String line : iptablesSave.split("\n")) {
            if (line.startsWith("*")) {
                tables.add(line.substring(1).strip());
            }
        }
        return tables;
    }

    /**
     * Removes the leftovers of every run that {@code isGone} says is over: its processes,
     * cgroups, folder and namespace. {@link #start} calls it with "the JVM whose pid is in the
     * name is gone"; a test may name a run of its own.
     */
    static void sweepLeftovers(Predicate<String> isGone) {
        Set<String> runs = new TreeSet<>();
        runs.addAll(ownedNames(listNames(Path.of(System.getProperty("java.io.tmpdir")))));
        runs.addAll(ownedNames(listNames(NETNS_DIR)));
        for (Path hierarchy : cgroupHierarchies()) {
            runs.addAll(ownedNames(listNames(hierarchy)));
        }
        runs.addAll(ownedNames(markedRuns()));
        for (String run : runs) {
            if (isGone.test(run)) {
                System.out.println("docker engine: sweeping what is left of run " + run);
                cleanUpRun(run);
            }
        }
    }

    private static boolean ownerIsGone(String run) {
        Matcher m = OWNED.matcher(run);
        if (!m.matches()) {
            return false;
        }
        return ProcessHandle.of(Long.parseLong(m.group(1))).map(p -> !p.isAlive()).orElse(true);
    }

    private static void cleanUpRun(String run) {
        List<String> problems = new ArrayList<>();
        step(problems, "end the run's processes", () -> endProcesses(run));
        cleanUpFiles(run, problems);
        if (Files.exists(NETNS_DIR.resolve(run), LinkOption.NOFOLLOW_LINKS)) {
            step(problems, "delete the namespace", () -> deleteNamespace(run));
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("cannot sweep " + run + ": " + String.join("; ", problems));
        }
    }

    private static void cleanUpFiles(String run, List<String> problems) {
        step(problems, "remove the cgroups", () -> removeCgroups(run));
        Path folder = Path.of(System.getProperty("java.io.tmpdir"), run).toAbsolutePath();
        step(problems, "delete " + folder, () -> {
            List<String> mounts = mountsUnder(folder);
            if (!mounts.isEmpty()) {
                throw new IllegalStateException("still mounted there, so left alone: " + mounts);
            }
            deleteTree(folder);
        });
    }

    /**
     * Kills every process marked with the run (dockerd, containerd, shims, docker-proxy) or in
     * its cgroups (the containers' processes, which outlive a killed shim), until none is left.
     * Zombies are skipped: they hold nothing and only their parent can clear them.
     */
    static void endProcesses(String run) throws InterruptedException {
        for (int round = 0; round < 50; round++) {
            List<ProcessHandle> left = processesOf(run);
            if (left.isEmpty()) {
                return;
            }
            left.forEach(ProcessHandle::destroyForcibly);
            Thread.sleep(100);
        }
        throw new IllegalStateException("processes of " + run + " survive SIGKILL: "
                + processesOf(run).stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList());
    }

    /** The live processes marked with {@code run} or inside its cgroups. */
    static List<ProcessHandle> processesOf(String run) {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self && !isZombie(p.pid()))
                .filter(p -> run.equals(mark(p.pid())) || inCgroupOf(p.pid(), run))
                .toList();
    }

    private static String mark(long pid) {
        try {
            String prefix = RUN_VARIABLE + "=";
            for (String entry : Files.readString(Path.of("/proc", Long.toString(pid), "environ"), StandardCharsets.ISO_8859_1)
                    .split("\0")) {
                if (entry.startsWith(prefix)) {
                    return entry.substring(prefix.length());
                }
            }
        } catch (IOException e) {
            // gone, or not ours to read (a process of another user namespace)
        }
        return null;
    }

    private static boolean inCgroupOf(long pid, String run) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "cgroup"))) {
                String path = line.substring(line.indexOf(':', line.indexOf(':') + 1) + 1);
                if (path.equals("/" + run) || path.startsWith("/" + run + "/")) {
                    return true;
                }
            }
        } catch (IOException | RuntimeException e) {
            // gone
        }
        return false;
    }

    private static boolean isZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z");
        } catch (IOException | RuntimeException e) {
            return true;
        }
    }

    /** The names marked on live processes, for the sweep. */
    private static List<String> markedRuns() {
        return ProcessHandle.allProcesses().map(p -> mark(p.pid())).filter(m -> m != null).distinct().toList();
    }

    /** Every cgroup hierarchy root: each v1 controller's mount, the v2 unified one, or /sys/fs/cgroup itself on v2 only. */
    private static List<Path> cgroupHierarchies() {
        List<Path> roots = new ArrayList<>();
        if (Files.exists(CGROUP_ROOT.resolve("cgroup.controllers"))) {
            roots.add(CGROUP_ROOT);
            return roots;
        }
        for (String name : listNames(CGROUP_ROOT)) {
            Path dir = CGROUP_ROOT.resolve(name);
            if (Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                roots.add(dir);
            }
        }
        return roots;
    }

    /** Removes {@code /<run>} and the container cgroups under it from every hierarchy (rmdir, deepest first). */
    static void removeCgroups(String run) throws IOException {
        for (Path hierarchy : cgroupHierarchies()) {
            Path top = hierarchy.resolve(run);
            if (!Files.isDirectory(top, LinkOption.NOFOLLOW_LINKS)) {
                continue;
            }
            List<Path> dirs;
            try (Stream<Path> walk = Files.walk(top)) {
                dirs = walk.filter(p -> Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS))
                        .sorted(Comparator.comparingInt(Path::getNameCount).reversed()).toList();
            }
            for (Path dir : dirs) {
                Files.delete(dir);
            }
        }
    }

    /** Mount points of this machine's mount namespace at or under {@code dir}. */
    static List<String> mountsUnder(Path dir) throws IOException {
        List<String> mounts = new ArrayList<>();
        String base = dir.toString();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String[] fields = line.split(" ");
            String point = unescapeMountPoint(fields[4]);
            if (point.equals(base) || point.startsWith(base + "/")) {
                mounts.add(point);
            }
        }
        return mounts;
    }

    /** mountinfo writes space, tab, newline and backslash in a path as {@code \040} and the like. */
    private static String unescapeMountPoint(String field) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length() && field.substring(i + 1, i + 4).matches("[0-7]{3}")) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static void deleteNamespace(String name) {
        if (!Files.exists(NETNS_DIR.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        // anything still inside (nothing, after endProcesses) would keep its interfaces alive
        CommandResult pids = Commands.run(List.of("ip", "netns", "pids", name), COMMAND_TIMEOUT);
        for (String pid : pids.stdout().split("\\s+")) {
            if (!pid.isBlank()) {
                ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
            }
        }
        Commands.run(List.of("ip", "netns", "delete", name), COMMAND_TIMEOUT).orThrow();
    }

    /** Deletes a folder tree without following links out of it (the data root holds image layers and whiteouts). */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private static List<String> listNames(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            entries.forEach(p -> names.add(p.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return names;
    }

    private static List<String> ownedNames(List<String> names) {
        return names.stream().filter(n -> OWNED.matcher(n).matches()).toList();
    }

    private static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[2].equals("0");
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static void step(List<String> problems, String what, Step step) {
        try {
            step.run();
        } catch (NoSuchFileException e) {
            // already gone
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add(what + ": interrupted");
        } catch (Exception e) {
            problems.add(what + ": " + e.getMessage());
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
