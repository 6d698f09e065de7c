package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conndoctor.testkit.DockerEngine.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Docker engine fixture: dockerd in a namespace of its own publishes containers there
 * (and only there), the containers bind where their commands say, and close() leaves this
 * machine as it found it, even after dockerd died underneath or when a sweep has to do it.
 */
class DockerEngineIT {

    @BeforeAll
    static void anEngineCanStartHere() {
        assumeTrue(DockerEngine.unavailableReason().isEmpty(), () -> "skipped: " + DockerEngine.unavailableReason().get());
        assumeTrue(Commands.find("curl").isPresent(), "skipped: curl is missing (apt-get install curl)");
    }

    @Test
    void publishedContainersAnswerInTheEngineNamespaceAndCloseLeavesNothing() throws Exception {
        Map<String, String> machineBefore = machineState();
        long begin = System.nanoTime();
        DockerEngine engine = DockerEngine.start();
        String run = engine.runName();
        long closeBegin;
        try (engine) {
            System.out.printf("docker engine: dockerd answered in %d ms%n", engine.startupTime().toMillis());
            assertThat(netnsOf(engine.dockerdPid())).isEqualTo(inode(engine.namespacePath()));

            long containersBegin = System.nanoTime();
            String web = engine.run("web", List.of("18080:80"), Workload.httpdOnAllAddresses(80));
            String loopback = engine.run("loopweb", List.of("18081:80"), Workload.httpdOnLoopback(80));
            String publishedOnLoopback = engine.run("publoop", List.of("127.0.0.1:18082:80"), Workload.httpdOnAllAddresses(80));
            String idle = engine.run("idle", List.of("18083:80"), Workload.listeningOnNothing());
            String unpublished = engine.run("unpublished", List.of(), Workload.httpdOnIpv4Any(80));
            System.out.printf("docker engine: five containers running and listening in %d ms%n",
                    (System.nanoTime() - containersBegin) / 1_000_000);

            // each binds where its command says, in its own namespace
            assertThat(listeners(engine, web)).containsExactly("[::]:80");
            assertThat(listeners(engine, loopback)).containsExactly("127.0.0.1:80");
            assertThat(listeners(engine, publishedOnLoopback)).containsExactly("[::]:80");
            assertThat(listeners(engine, idle)).isEmpty();
            assertThat(listeners(engine, unpublished)).containsExactly("0.0.0.0:80");
            assertThat(netnsOf(engine.pidOf(web))).isNotEqualTo(inode(engine.namespacePath()));

            // as a client on the docker host (the engine's namespace) sees them
            CommandResult healthy = get(engine, "127.0.0.1:18080");
            assertThat(healthy.exitCode()).isZero();
            assertThat(healthy.stdout()).isEqualTo(BusyboxImage.INDEX_HTML + "200");
            assertThat(get(engine, "127.0.0.1:18081").exitCode()).as("docker-proxy accepts, the container refuses")
                    .isIn(52, 56);
            assertThat(get(engine, "127.0.0.1:18082").stdout()).endsWith("200");
            assertThat(get(engine, engine.bridgeAddress() + ":18082").exitCode()).as("published on 127.0.0.1 only")
                    .isEqualTo(7);
            assertThat(get(engine, "127.0.0.1:18083").exitCode()).isIn(52, 56);
            assertThat(get(engine, engine.addressOf(unpublished) + ":80").stdout()).as("listens, unpublished").endsWith("200");

            // docker-proxy: children of dockerd, in its namespace, one per address family and port
            List<String> proxies = processes(run).stream().map(p -> p.info().commandLine().orElse(""))
                    .filter(c -> c.startsWith("/usr/sbin/docker-proxy")).sorted().toList();
            assertThat(proxies).contains(
                    "/usr/sbin/docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 18080 -container-ip "
                            + engine.addressOf(web) + " -container-port 80",
                    "/usr/sbin/docker-proxy -proto tcp -host-ip 127.0.0.1 -host-port 18082 -container-ip "
                            + engine.addressOf(publishedOnLoopback) + " -container-port 80");
            assertThat(proxies).noneMatch(c -> c.contains(" " + engine.addressOf(unpublished) + " "));
            assertThat(engine.inNamespace("iptables-save", "-t", "nat").orThrow().stdout())
                    .contains("--dport 18080 -j DNAT --to-destination " + engine.addressOf(web) + ":80")
                    .contains("-d 127.0.0.1/32 ! -i docker0 -p tcp -m tcp --dport 18082 -j DNAT");

            // the engine's processes are in its namespace, the containers' in theirs, none in this machine's
            long engineNamespace = inode(engine.namespacePath());
            assertThat(processes(run)).filteredOn(p -> p.info().command().orElse("").matches(
                    "/usr/(s?bin)/(dockerd|containerd|containerd-shim-runc-v2|docker-proxy)"))
                    .hasSizeGreaterThanOrEqualTo(1 + 1 + 5 + 7)
                    .allSatisfy(p -> assertThat(netnsOf(p.pid())).as(p.info().toString()).isEqualTo(engineNamespace));
            assertThat(processes(run)).extracting(p -> netnsOf(p.pid())).doesNotContain(netnsOf(ProcessHandle.current().pid()));
            assertThat(DockerEngine.mountsUnder(engine.folder())).isEmpty();
            assertThat(machineState()).isEqualTo(machineBefore);

            // a stopped container's published port goes with it; a removed one is gone from the engine
            engine.stop(idle);
            assertThat(engine.pidOf(idle)).isZero();
            assertThat(processes(run)).extracting(p -> p.info().commandLine().orElse("")).noneMatch(c -> c.contains("-host-port 18083"));
            engine.remove(idle);
            assertThat(engine.docker("ps", "--all", "--quiet", "--no-trunc").orThrow().stdout()).doesNotContain(idle).contains(web);
            closeBegin = System.nanoTime();
        }
        System.out.printf("docker engine: close took %d ms%n", (System.nanoTime() - closeBegin) / 1_000_000);
        System.out.printf("docker engine: start, five containers, checks and close took %d ms%n",
                (System.nanoTime() - begin) / 1_000_000);
        assertNothingLeftOf(run, engine.folder());
        assertThat(machineState()).isEqualTo(machineBefore);
    }

    @Test
    void inACallersNamespaceCloseLeavesItsFirewallAndInterfacesAsTheyWere() throws Exception {
        String namespace = "cddockit-" + ProcessHandle.current().pid() + "-caller";
        Commands.run(List.of("ip", "netns", "add", namespace), Commands.DEFAULT_TIMEOUT).orThrow();
        try {
            Commands.run(List.of("ip", "-n", namespace, "link", "set", "lo", "up"), Commands.DEFAULT_TIMEOUT).orThrow();
            Commands.run(List.of("nsenter", "--net=/run/netns/" + namespace, "--", "iptables", "-A", "INPUT", "-p", "tcp",
                    "--dport", "9", "-j", "DROP"), Commands.DEFAULT_TIMEOUT).orThrow();
            Map<String, String> before = namespaceState(namespace);
            String run;
            try (DockerEngine engine = DockerEngine.start(namespace, "198.51.100.129/27")) {
                run = engine.runName();
                String web = engine.run("web", List.of("18080:80"), Workload.httpdOnAllAddresses(80));
                assertThat(engine.addressOf(web)).startsWith("198.51.100.");
                assertThat(get(engine, "127.0.0.1:18080").stdout()).endsWith("200");
                assertThat(namespaceState(namespace)).isNotEqualTo(before);
            }
            assertThat(namespaceState(namespace)).isEqualTo(before);
            assertThat(Files.exists(Path.of("/run/netns", namespace))).as("the caller's namespace stays").isTrue();
            assertThat(DockerEngine.processesOf(run)).isEmpty();
        } finally {
            Commands.run(List.of("ip", "netns", "delete", namespace), Commands.DEFAULT_TIMEOUT);
        }
    }

    @Test
    void withoutTheUserlandProxyTheDnatRulesAlonePublish() throws Exception {
        DockerEngine engine = DockerEngine.start(null, DockerEngine.DEFAULT_BRIDGE, false);
        String run = engine.runName();
        try (engine) {
            String web = engine.run("web", List.of("18080:80"), Workload.httpdOnAllAddresses(80));
            assertThat(get(engine, "127.0.0.1:18080").stdout()).endsWith("200");
            assertThat(get(engine, engine.bridgeAddress() + ":18080").stdout()).endsWith("200");
            assertThat(processes(run)).extracting(p -> p.info().command().orElse("")).doesNotContain("/usr/sbin/docker-proxy");
            assertThat(engine.inNamespace("iptables-save", "-t", "nat").orThrow().stdout())
                    .contains("--dport 18080 -j DNAT --to-destination " + engine.addressOf(web) + ":80");
        }
        assertNothingLeftOf(run, engine.folder());
    }

    @Test
    void closeAfterDockerdDiedStillEndsTheShimsAndTheContainers() throws Exception {
        DockerEngine engine = DockerEngine.start();
        String run = engine.runName();
        try (engine) {
            engine.run("web", List.of("18080:80"), Workload.httpdOnAllAddresses(80));
            long container = engine.pidOf(engine.run("idle", List.of(), Workload.listeningOnNothing()));
            ProcessHandle dockerd = ProcessHandle.of(engine.dockerdPid()).orElseThrow();
            dockerd.destroyForcibly();
            dockerd.onExit().get();
            // containerd and docker-proxy die with dockerd; the shims and containers do not
            assertThat(processes(run)).extracting(ProcessHandle::pid).contains(container);
        }
        assertNothingLeftOf(run, engine.folder());
    }

    @Test
    void theSweepRemovesARunWhoseOwnerIsGone() throws Exception {
        DockerEngine engine = DockerEngine.start();
        String run = engine.runName();
        try (engine) {
            engine.run("web", List.of("18080:80"), Workload.httpdOnAllAddresses(80));
            ProcessHandle.of(engine.dockerdPid()).orElseThrow().destroyForcibly();
            DockerEngine.sweepLeftovers(run::equals);
            assertNothingLeftOf(run, engine.folder());
        }
    }

    @Test
    void theStaticBusyboxIsTheOneInTheImage() throws Exception {
        assertThat(BusyboxImage.isStaticElf(BusyboxImage.BUSYBOX)).isTrue();
    }

    private static void assertNothingLeftOf(String run, Path folder) throws IOException {
        assertThat(DockerEngine.processesOf(run)).as("processes of " + run).isEmpty();
        assertThat(Files.exists(folder, LinkOption.NOFOLLOW_LINKS)).as(folder + " exists").isFalse();
        assertThat(Files.exists(Path.of("/run/netns", run), LinkOption.NOFOLLOW_LINKS)).as("namespace " + run).isFalse();
        assertThat(DockerEngine.mountsUnder(folder)).isEmpty();
        try (Stream<Path> hierarchies = Stream.concat(Stream.of(Path.of("/sys/fs/cgroup")), Files.list(Path.of("/sys/fs/cgroup")))) {
            assertThat(hierarchies.map(h -> h.resolve(run)).filter(Files::exists).toList()).as("cgroups").isEmpty();
        }
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            assertThat(all.map(p -> p.info().commandLine().orElse("")).filter(c -> c.contains(folder.toString())).toList())
                    .as("command lines naming " + folder).isEmpty();
        }
    }

    private static List<ProcessHandle> processes(String run) {
        return DockerEngine.processesOf(run);
    }

    private static List<String> listeners(DockerEngine engine, String container) {
        return ProcNetListeners.of(engine.pidOf(container)).stream().map(Object::toString).toList();
    }

    /** curl from the docker host: the body, then the status code; exit 7 refused, 52 empty reply, 56 reset. */
    private static CommandResult get(DockerEngine engine, String hostPort) {
        return engine.inNamespace("curl", "-sS", "--max-time", "5", "--write-out", "%{http_code}", "http://" + hostPort + "/");
    }

    private static long inode(Path file) throws IOException {
        return (Long) Files.getAttribute(file, "unix:ino");
    }

    private static long netnsOf(long pid) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "ns", "net")).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * What dockerd must not change on this machine: the root namespace's firewall in every
     * form, its interfaces and addresses, the sysctls dockerd is known to write, Docker's default
     * paths, and the mount table (namespace files of other tests under /run/netns aside).
     */
    private static Map<String, String> machineState() throws IOException {
        Map<String, String> state = new TreeMap<>();
        for (String tool : List.of("iptables-save", "ip6tables-save", "iptables-legacy-save", "ip6tables-legacy-save")) {
            if (Commands.find(tool).isPresent()) {
                state.put(tool, withoutComments(Commands.run(List.of(tool), Commands.DEFAULT_TIMEOUT).orThrow().stdout()));
            }
        }
        if (Commands.find("nft").isPresent()) {
            state.put("nft", Commands.run(List.of("nft", "list", "ruleset"), Commands.DEFAULT_TIMEOUT).orThrow().stdout());
        }
        state.put("links", Commands.run(List.of("ip", "-o", "link", "show"), Commands.DEFAULT_TIMEOUT).orThrow().stdout()
                .replaceAll("state \\S+", ""));
        state.put("addresses", Commands.run(List.of("ip", "-o", "addr", "show"), Commands.DEFAULT_TIMEOUT).orThrow().stdout()
                .replaceAll("valid_lft.*", ""));
        for (String sysctl : List.of("net/ipv4/ip_forward", "net/ipv4/conf/all/forwarding", "kernel/keys/root_maxkeys",
                "kernel/keys/root_maxbytes", "net/bridge/bridge-nf-call-iptables", "net/bridge/bridge-nf-call-ip6tables")) {
            Path file = Path.of("/proc/sys", sysctl);
            state.put(sysctl, Files.exists(file) ? Files.readString(file).strip() : "absent");
        }
        for (String path : List.of("/run/docker", "/run/containerd", "/var/run/docker.sock", "/var/lib/docker",
                "/var/lib/containerd", "/etc/docker/key.json", "/etc/docker/daemon.json", "/opt/containerd")) {
            state.put(path, Files.exists(Path.of(path), LinkOption.NOFOLLOW_LINKS) ? "present" : "absent");
        }
        List<String> mounts = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
            String point = line.split(" ")[4];
            if (!point.startsWith("/run/netns/")) {
                mounts.add(point + " " + line.substring(line.indexOf(" - ") + 3));
            }
        }
        state.put("mounts", String.join("\n", mounts.stream().sorted().toList()));
        return state;
    }

    private static Map<String, String> namespaceState(String namespace) {
        Map<String, String> state = new TreeMap<>();
        String enter = "--net=/run/netns/" + namespace;
        state.put("iptables", withoutComments(Commands.run(List.of("nsenter", enter, "--", "iptables-save"),
                Commands.DEFAULT_TIMEOUT).orThrow().stdout()));
        state.put("nft", withoutEmptyAcceptingChains(Commands.run(List.of("nsenter", enter, "--", "nft", "list", "ruleset"),
                Commands.DEFAULT_TIMEOUT).stdout()));
        state.put("links", Commands.run(List.of("ip", "-n", namespace, "-o", "link", "show"), Commands.DEFAULT_TIMEOUT)
                .orThrow().stdout());
        state.put("ip_forward", Commands.run(List.of("nsenter", enter, "--", "cat", "/proc/sys/net/ipv4/ip_forward"),
                Commands.DEFAULT_TIMEOUT).orThrow().stdout());
        return state;
    }

    /**
     * iptables-nft makes a built-in chain only when a rule needs it, iptables-restore makes them
     * all: an empty base chain that accepts is the same firewall as no chain.
     */
    private static String withoutEmptyAcceptingChains(String ruleset) {
        return ruleset.replaceAll("\\n?\\tchain \\w+ \\{\\n\\t\\ttype filter hook \\w+ priority filter; policy accept;\\n\\t}\\n", "\n")
                .replaceAll("\\n\\n+", "\n");
    }

    private static String withoutComments(String save) {
        return String.join("\n", save.lines().filter(l -> !l.startsWith("#")).toList());
    }
}
