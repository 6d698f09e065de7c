package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.TestResources;
import dev.conndoctor.evidence.server.ContainerEvidence;
import dev.conndoctor.evidence.server.ContainerNamespace;
import dev.conndoctor.evidence.server.ContainerPort;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.Publication;
import dev.conndoctor.evidence.server.PublicationPath;
import dev.conndoctor.firewall.Chain;
import dev.conndoctor.firewall.IptablesSave;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The containers of a real Docker 20.10 host (fixtures/containers: its docker-proxy and dockerd
 * command lines, each container's socket tables, its cgroup layout, the engine's state files),
 * laid out as a fake root: the docker host is the reading process's namespace, each container
 * one namespace of its own, and the machine's root namespace is PID 1's.
 */
class ContainerInspectorTest {

    private static final long HOST_NS = 4026532174L;
    private static final long ROOT_NS = 4026531840L;
    private static final String DATA_ROOT = "/tmp/cddock-cap/data";

    /** One captured container: its name, process, its containerd shim, namespace, id and address. */
    private record Container(String name, int pid, int shim, long ns, String id, String address) {
    }

    private static final List<Container> CONTAINERS = List.of(
            new Container("web", 6350, 6328, 4026532301L, "5ffbdafe277cd49f2b4eb7ddda1790426943a981c7f678f2f8a8cc8afd729b28", "194"),
            new Container("loopweb", 6434, 6413, 4026532317L, "34c853e8f18f6aa013c678356beb346fa00b577b88cf96b7ba75471eac13a986", "195"),
            new Container("publoop", 6509, 6489, 4026532333L, "a5d3763e87f44d004f4f0341395f9b794ec0546454a8b3180de8ee9da4339b10", "196"),
            new Container("idle", 6594, 6574, 4026532349L, "406696c3418c282c3c6baacae40ebf88da392e62c4fc056878abb11170178a7b", "197"),
            new Container("unpublished", 6659, 6639, 4026532365L, "f8d2feea4b73861ce250f5919fc8c6b2c4ffac0b3a46d7aa2aed13435a500b71", "198"));
    private static final int[] PROXY_PIDS = {6304, 6311, 6391, 6399, 6476, 6552, 6559};

    @TempDir
    Path root;

    private List<Chain> firewall;

    private static String fixture(String name) {
        return TestResources.text("/fixtures/containers/" + name);
    }

    private static InetAddress ip(String literal) {
        return TestResources.ip(literal);
    }

    private void write(String path, String text) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private void link(String path, String target) throws IOException {
        Path file = root.resolve(path);
        Files.createDirectories(file.getParent());
        Files.deleteIfExists(file);
        Files.createSymbolicLink(file, Path.of(target));
    }

    private void process(int pid, long ns, List<String> argv) throws IOException {
        link("proc/" + pid + "/ns/net", "net:[" + ns + "]");
        write("proc/" + pid + "/cmdline", String.join("\0", argv) + "\0");
        write("proc/" + pid + "/comm", argv.get(0).substring(argv.get(0).lastIndexOf('/') + 1) + "\n");
    }

    /** The argv of the process {@code pid} in the captured ps listing (its arguments hold no spaces). */
    private static List<String> psArgv(int pid) {
        for (String line : fixture("ps-engine-processes.txt").split("\n")) {
            String[] f = line.trim().split("\\s+", 3);
            if (f[0].equals(String.valueOf(pid))) {
                return List.of(f[2].split(" "));
            }
        }
        throw new IllegalStateException("no process " + pid);
    }

    private static List<List<String>> proxyArgvs() {
        List<List<String>> all = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : fixture("docker-proxy-cmdlines-argv.txt").split("\n")) {
            if (line.equals("--")) {
                all.add(current);
                current = new ArrayList<>();
            } else if (!line.isEmpty()) {
                current.add(line);
            }
        }
        all.add(current);
        return all;
    }

    @BeforeEach
    void aDockerHostWithFiveContainersAndTheMachinesRootNamespaceBesideIt() throws IOException {
        link("proc/self/ns/net", "net:[" + HOST_NS + "]");
        // PID 1 is the machine's init, in the root namespace, with an sshd and a web server of its own
        process(1, ROOT_NS, List.of("/sbin/init"));
        write("proc/1/net/tcp", fixture("proc-net-tcp-web4.txt"));
        write("proc/1/net/tcp6", fixture("proc-net-tcp6-idle.txt"));
        process(5551, HOST_NS, psArgv(5551));
        process(5579, HOST_NS, psArgv(5579));
        List<List<String>> proxies = proxyArgvs();
        for (int i = 0; i < PROXY_PIDS.length; i++) {
            process(PROXY_PIDS[i], HOST_NS, proxies.get(i));
        }
        String cgroup = fixture("proc-pid-cgroup-loopweb.txt");
        String loopwebId = CONTAINERS.get(1).id();
        for (Container c : CONTAINERS) {
            process(c.shim(), HOST_NS, psArgv(c.shim()));
            process(c.pid(), c.ns(), psArgv(c.pid()));
            write("proc/" + c.pid() + "/cgroup", cgroup.replace(loopwebId, c.id()));
            write("proc/" + c.pid() + "/net/tcp", fixture("proc-net-tcp-" + c.name() + ".txt"));
            write("proc/" + c.pid() + "/net/tcp6", fixture("proc-net-tcp6-" + c.name() + ".txt"));
            write("proc/" + c.pid() + "/net/fib_trie",
                    fixture(c.address().equals("194") ? "fib_trie.txt" : "fib_trie-" + c.address() + ".txt"));
        }
        write(DATA_ROOT.substring(1) + "/containers/" + CONTAINERS.get(0).id() + "/config.v2.json",
                fixture("config.v2/web.config.v2.json"));
        write(DATA_ROOT.substring(1) + "/containers/" + loopwebId + "/config.v2.json",
                fixture("config.v2/loopweb.config.v2.json"));
        // the socket behind loopweb's listener (inode from its captured tcp table), held by its httpd
        link("proc/6434/fd/3", "socket:[12965]");
        link("proc/6434/fd/0", "/dev/null");
        firewall = IptablesSave.parse(fixture("iptables-save-docker.txt"), "iptables");
    }

    private ContainerInspector inspector() {
        return new ContainerInspector(new HostFiles(root), (command, timeout) -> Optional.empty());
    }

    private ContainerEvidence inspect(Integer... ports) {
        return inspector().inspect(List.of(ports), firewall);
    }

    private static ContainerPort port(ContainerEvidence e, int port) {
        return e.port(port).orElseThrow(() -> new AssertionError("port " + port + " not followed"));
    }

    private static List<PublicationPath> paths(ContainerEvidence e, int port, String source) {
        return port(e, port).paths().stream().filter(p -> p.publication().source().equals(source)).toList();
    }

    @Test
    void thisHostIsTheReadingProcesssNamespaceAndEveryOtherIsReadThroughItsProcesses() {
        ContainerEvidence e = inspect();

        assertThat(e.hostNamespace()).contains(HOST_NS);
        assertThat(e.namespaces()).extracting(ContainerNamespace::inode).containsExactly(ROOT_NS, 4026532301L,
                4026532317L, 4026532333L, 4026532349L, 4026532365L);
        assertThat(e.namespaces().get(0).init()).isTrue();
        assertThat(e.namespaces().subList(1, 6)).noneMatch(ContainerNamespace::init);
        assertThat(e.unreadable()).isEmpty();
    }

    @Test
    void whenPid1sLinkIsClosedTheKernelThreadsTellTheRootNamespace() throws IOException {
        Files.delete(root.resolve("proc/1/ns/net"));
        process(2, ROOT_NS, List.of("kthreadd"));
        write("proc/2/cmdline", "");
        write("proc/2/net/tcp", fixture("proc-net-tcp-web4.txt"));

        ContainerEvidence e = inspect(80);

        assertThat(e.namespaces().get(0).inode()).isEqualTo(ROOT_NS);
        assertThat(e.namespaces().get(0).init()).isTrue();
        assertThat(port(e, 80).unpublished()).extracting(ContainerNamespace::label).containsExactly("f8d2feea4b73");
    }

    @Test
    void aHealthyPublishedPortLeadsThroughBothProxiesAndTheDnatToAContainerListeningOnEveryAddress() {
        ContainerEvidence e = inspect(18080);

        ContainerPort web = port(e, 18080);
        assertThat(web.paths()).extracting(p -> p.publication().source())
                .containsExactly("docker-proxy", "docker-proxy", "dnat");
        assertThat(web.paths()).allSatisfy(p -> {
            assertThat(p.destination()).map(ContainerNamespace::label).contains("web");
            assertThat(p.reachable()).isTrue();
            assertThat(p.loopbackOnly()).isFalse();
            assertThat(p.listening()).extracting(Listener::endpoint).containsExactly("[::]:80");
        });
        Publication proxy = web.paths().get(0).publication();
        assertThat(proxy.hostEndpoint()).isEqualTo("0.0.0.0:18080");
        assertThat(proxy.destinationEndpoint()).isEqualTo("203.0.113.194:80");
        assertThat(proxy.pid()).contains(6304);
        assertThat(proxy.engine()).contains("docker");
        assertThat(e.inHostNamespace(proxy)).isTrue();
        assertThat(proxy.text()).isEqualTo("docker-proxy -proto tcp -host-ip 0.0.0.0 -host-port 18080 "
                + "-container-ip 203.0.113.194 -container-port 80");
        assertThat(web.paths().get(1).publication().hostEndpoint()).isEqualTo("[::]:18080");
        assertThat(web.paths().get(2).publication().hostEndpoint()).isEqualTo("*:18080");
        assertThat(web.unpublished()).isEmpty();
    }

    @Test
    void aContainerBoundToLoopbackIsFoundBehindItsPublishedPortWithItsNameAndOwner() {
        ContainerPort loopweb = port(inspect(18081), 18081);

        assertThat(loopweb.paths()).hasSize(3).allSatisfy(p -> {
            assertThat(p.loopbackOnly()).isTrue();
            assertThat(p.reachable()).isFalse();
            assertThat(p.nothingListens()).isFalse();
        });
        ContainerNamespace ns = loopweb.paths().get(0).destination().orElseThrow();
        assertThat(ns.containerName()).contains("loopweb");
        assertThat(ns.containerId()).contains(CONTAINERS.get(1).id());
        assertThat(ns.engine()).contains("docker");
        assertThat(ns.addresses()).containsExactly(ip("127.0.0.1"), ip("203.0.113.195"));
        Listener listener = loopweb.paths().get(0).listening().get(0);
        assertThat(listener.endpoint()).isEqualTo("127.0.0.1:80");
        assertThat(listener.process()).hasValueSatisfying(p -> {
            assertThat(p.pid()).isEqualTo(6434);
            // the shape, never the raw line (CommandLines hides "-p 127.0.0.1:80" as it would MySQL's -pSECRET)
            assertThat(p.commandLine()).startsWith("httpd -f -p ").endsWith(" -h /");
            assertThat(p.name()).isEqualTo("httpd");
        });
    }

    @Test
    void aPortPublishedOnLoopbackSaysSoInItsProxyAndItsRule() {
        ContainerPort publoop = port(inspect(18082), 18082);

        assertThat(publoop.paths()).hasSize(2).allSatisfy(p -> {
            assertThat(p.publication().loopbackOnly()).isTrue();
            assertThat(p.reachable()).isTrue();
        });
        assertThat(publoop.paths()).extracting(p -> p.publication().hostEndpoint())
                .containsExactly("127.0.0.1:18082", "127.0.0.1:18082");
    }

    @Test
    void aPublishedContainerWhereNothingListensIsSaidSo() {
        ContainerPort idle = port(inspect(18083), 18083);

        assertThat(idle.paths()).hasSize(3).allSatisfy(p -> {
            assertThat(p.nothingListens()).isTrue();
            assertThat(p.reachable()).isFalse();
            // known by its id alone: its state file is not there to name it
            assertThat(p.destination().orElseThrow().label()).isEqualTo("406696c3418c");
        });
    }

    @Test
    void aContainerListeningOnAnUnpublishedPortIsFoundAndThePublishedOnesAreNot() {
        ContainerPort eighty = port(inspect(80), 80);

        assertThat(eighty.published()).isFalse();
        // web, loopweb and publoop listen on 80 too, but their 80 is published from 18080-18082;
        // PID 1's namespace listens on 80 and is the machine's, not a container
        assertThat(eighty.unpublished()).extracting(ContainerNamespace::label).containsExactly("f8d2feea4b73");
    }

    @Test
    void withoutPortsEveryPublishedPortIsFollowed() {
        ContainerEvidence e = inspect();

        assertThat(e.ports()).extracting(ContainerPort::port).containsExactly(18080, 18081, 18082, 18083);
        assertThat(e.publications()).hasSize(7 + 4);
    }

    @Test
    void withoutTheUserlandProxyTheDnatRuleAloneLeadsIntoTheContainer() throws IOException {
        for (int pid : PROXY_PIDS) {
            Files.delete(root.resolve("proc/" + pid + "/cmdline"));
            Files.delete(root.resolve("proc/" + pid + "/ns/net"));
        }
        firewall = IptablesSave.parse(fixture("iptables-save-nat-noproxy.txt"), "iptables");

        ContainerPort loopweb = port(inspector().inspect(List.of(18081), firewall), 18081);

        assertThat(loopweb.paths()).singleElement().satisfies(p -> {
            assertThat(p.publication().source()).isEqualTo("dnat");
            assertThat(p.destination()).map(ContainerNamespace::label).contains("loopweb");
            assertThat(p.loopbackOnly()).isTrue();
        });
    }

    @Test
    void aPortNothingPublishesOrListensOnIsFollowedToNothing() {
        ContainerPort none = port(inspect(9999), 9999);

        assertThat(none.paths()).isEmpty();
        assertThat(none.unpublished()).isEmpty();
    }

    @Test
    void aNamespaceWhoseTablesCannotBeReadIsSaidAndTheOthersAreStillRead() throws IOException {
        Files.delete(root.resolve("proc/6594/net/tcp"));

        ContainerEvidence e = inspect(18083);

        assertThat(e.unreadable()).contains("net:[4026532349]: no process's /proc/PID/net readable");
        assertThat(e.namespaces()).hasSize(5);
        assertThat(port(e, 18083).paths()).allSatisfy(p -> assertThat(p.destination()).isEmpty());
    }

    @Test
    void processesWhoseNamespaceCannotBeReadAreCountedNotListed() throws IOException {
        write("proc/7777/cmdline", "sleep\0" + "60\0");

        ContainerEvidence e = inspect();

        assertThat(e.unreadable()).containsExactly(
                "/proc/*/ns/net: 1 processes' namespaces not readable (run as root to see every container)");
    }

    @Test
    void aSocketTableLongerThanTheBoundIsCutAndSaid() throws IOException {
        String header = fixture("proc-net-tcp-loopweb.txt");
        StringBuilder big = new StringBuilder(header);
        while (big.length() < ContainerInspector.MAX_TABLE + 1000) {
            big.append(header.lines().skip(1).findFirst().orElseThrow()).append('\n');
        }
        write("proc/6434/net/tcp", big.toString());

        ContainerEvidence e = inspect(18081);

        assertThat(e.unreadable()).contains("/proc/6434/net/tcp: longer than " + ContainerInspector.MAX_TABLE
                + " bytes, the rest not read");
        assertThat(port(e, 18081).paths().get(0).loopbackOnly()).isTrue();
    }

    @Test
    void withoutAFirewallReadTheNatTableIsReadThroughTheSameCommandsAndDeadline() {
        List<List<String>> ran = new java.util.concurrent.CopyOnWriteArrayList<>();
        CommandRunner commands = (command, timeout) -> {
            ran.add(command);
            assertThat(timeout).isLessThanOrEqualTo(Duration.ofSeconds(5));
            return command.get(0).equals("iptables-save") ? Optional.of(fixture("iptables-save-docker.txt"))
                    : Optional.empty();
        };

        ContainerEvidence e = new ContainerInspector(new HostFiles(root), commands).inspect(List.of(18083));

        assertThat(ran).containsExactlyInAnyOrder(List.of("iptables-save"), List.of("ip6tables-save"),
                List.of("nft", "-j", "list", "ruleset"));
        assertThat(port(e, 18083).paths()).extracting(p -> p.publication().source()).contains("dnat");
    }

    @Test
    void pastaForwardsIntoTheNamespaceItHoldsADescriptorOn() throws IOException {
        long podNs = 4026532400L;
        process(8100, HOST_NS, List.of("/usr/bin/pasta", "--config-net", "-t", "8080-8080:80-80", "--netns",
                "/run/user/1000/netns/netns-1f0c"));
        link("proc/8100/fd/5", "net:[" + podNs + "]");
        link("proc/8100/fd/0", "/dev/null");
        process(8120, podNs, List.of("python3", "-m", "http.server", "80"));
        write("proc/8120/net/tcp", fixture("proc-net-tcp-web4.txt"));
        write("proc/8120/net/tcp6", fixture("proc-net-tcp6-idle.txt"));
        write("proc/8120/cgroup", "0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-"
                + "1f0c6ae3b0a5d8b1c2e4f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b.scope/container\n");
        process(8090, HOST_NS, List.of("/usr/bin/conmon", "--api-version", "1", "-c",
                "1f0c6ae3b0a5d8b1c2e4f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b", "-n", "webapp"));

        PublicationPath path = port(inspect(8080), 8080).paths().get(0);

        assertThat(path.publication().source()).isEqualTo("pasta");
        assertThat(path.publication().destination()).isEmpty();
        assertThat(path.publication().destinationPort()).isEqualTo(80);
        assertThat(path.publication().targetNamespace()).contains(podNs);
        assertThat(path.destination()).map(ContainerNamespace::label).contains("webapp");
        assertThat(path.destination().orElseThrow().engine()).contains("podman");
        assertThat(path.reachable()).isTrue();
    }

    @Test
    void rootlessDockersPortLeadsThroughRootlesskitIntoItsNamespaceAndThenThroughTheProxyThere() throws IOException {
        long rootlessNs = 4026532500L;
        String listen8080 = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 %d 1"
                + " 0000000000000000 100 0 0 10 0\n";
        // the parent, as dockerd-rootless.sh starts it, holding the host's listener of its builtin port driver
        process(9000, HOST_NS, List.of("rootlesskit", "--net=slirp4netns", "--mtu=65520", "--disable-host-loopback",
                "--port-driver=builtin", "--copy-up=/etc", "--copy-up=/run", "--propagation=rslave",
                "/usr/bin/dockerd-rootless.sh"));
        link("proc/9000/fd/7", "socket:[50001]");
        write("proc/net/tcp", String.format(listen8080, 50001));
        // its child (the re-executed rootlesskit), dockerd and the proxy live in the child's namespace
        process(9010, rootlessNs, List.of("/proc/self/exe", "--net=slirp4netns", "--port-driver=builtin"));
        write("proc/9010/stat", "9010 (exe) S 9000 9010 9000 0 -1 4194560 0 0 0 0 0 0 0 0 20 0 1 0\n");
        write("proc/9010/net/tcp", String.format(listen8080, 60001));
        process(9050, rootlessNs, List.of("docker-proxy", "-proto", "tcp", "-host-ip", "0.0.0.0", "-host-port", "8080",
                "-container-ip", "203.0.113.194", "-container-port", "80"));

        ContainerEvidence e = inspect(8080);

        List<PublicationPath> kit = paths(e, 8080, "rootlesskit");
        assertThat(kit).singleElement().satisfies(p -> {
            assertThat(p.publication().hostEndpoint()).isEqualTo("0.0.0.0:8080");
            assertThat(p.publication().pid()).contains(9000);
            assertThat(p.destination()).map(ContainerNamespace::inode).contains(rootlessNs);
            assertThat(p.reachable()).isTrue();
        });
        PublicationPath proxy = paths(e, 8080, "docker-proxy").get(0);
        assertThat(e.inHostNamespace(proxy.publication())).isFalse();
        assertThat(proxy.destination()).map(ContainerNamespace::label).contains("web");
        assertThat(port(e, 8080).unpublished()).isEmpty();
    }

    @Test
    void theJoinFollowsADestinationToTheNamespaceHoldingItAndNeverALoopbackOne() {
        ContainerNamespace app = new ContainerNamespace(7, List.of(70), 1, List.of(ip("127.0.0.1"), ip("10.88.0.2")),
                List.of(new Listener(ip("0.0.0.0"), 80, "tcp", 1, 0, -1, Optional.empty())), Optional.of("podman"),
                Optional.empty(), Optional.empty(), false);
        Publication toApp = new Publication("dnat", Optional.of("podman"), Optional.empty(), 8080, "tcp",
                Optional.of(ip("10.88.0.2")), 80, Optional.empty(), Optional.of(1L), Optional.empty(), "rule");
        Publication toLoopback = new Publication("dnat", Optional.empty(), Optional.empty(), 8080, "tcp",
                Optional.of(ip("127.0.0.1")), 80, Optional.empty(), Optional.of(1L), Optional.empty(), "rule");

        ContainerPort joined = ContainerInspector.join(8080, List.of(toApp, toLoopback), List.of(app));

        assertThat(joined.paths().get(0).destination()).contains(app);
        assertThat(joined.paths().get(0).reachable()).isTrue();
        assertThat(joined.paths().get(1).destination()).isEmpty();
        assertThat(joined.paths().get(1).nothingListens()).isFalse();
    }
}
