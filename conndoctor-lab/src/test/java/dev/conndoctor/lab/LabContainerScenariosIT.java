package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.conndoctor.testkit.CommandResult;
import dev.conndoctor.testkit.DockerEngine;
import dev.conndoctor.testkit.DockerEngine.Workload;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The container scenarios of issue 14 with a real Docker engine: Debian's dockerd runs in the
 * lab's server namespace (the docker host, 192.0.2.10), with five busybox containers, each one
 * of the mistakes and a healthy one. {@code conndoctor server} and {@code diagnose} run on the
 * docker host, a remote client in client B's namespace, and conndoctor itself inside a container.
 * The containers are started once for the class; the firewall scenario comes last, since its
 * INPUT rule stays until the engine goes.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LabContainerScenariosIT extends LabScenarios {

    private static final int WEB = 18080;
    private static final int LOOPWEB = 18081;
    private static final int PUBLOOP = 18082;
    private static final int IDLE = 18083;
    private static final int HIDDEN = 8282;
    /** A service of the docker host itself, which a container's client dials on its own loopback by mistake. */
    private static final int HOST_SERVICE = 9090;

    private static DockerEngine engine;
    private static Path reports;
    private String testName;

    @BeforeAll
    static void startTheEngineOnTheServer() throws IOException {
        Optional<String> unavailable = DockerEngine.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "docker scenarios skipped: " + unavailable.orElse(""));
        reports = Lab.locateRepoRoot().resolve("conndoctor-lab/target/lab-container-reports");
        engine = DockerEngine.start(lab.server().namespace(), DockerEngine.DEFAULT_BRIDGE);
        engine.run("web", List.of(WEB + ":80"), Workload.httpdOnAllAddresses(80));
        engine.run("loopweb", List.of(LOOPWEB + ":80"), Workload.httpdOnLoopback(80));
        engine.run("publoop", List.of("127.0.0.1:" + PUBLOOP + ":80"), Workload.httpdOnAllAddresses(80));
        engine.run("idle", List.of(IDLE + ":80"), Workload.listeningOnNothing());
        engine.run("hidden", List.of(), Workload.httpdOnIpv4Any(HIDDEN));
    }

    @AfterAll
    static void stopTheEngine() {
        if (engine != null) {
            engine.close();
            engine = null;
        }
    }

    @BeforeEach
    void name(TestInfo info) {
        testName = scenarioName(info);
    }

    // ---- the docker host's own view

    @Test
    @Order(1)
    @DisplayName("1. a healthy published container: nothing wrong on the host, ok from another network")
    void aHealthyPublishedContainerIsNeverBlamed() throws IOException {
        LabServerReport r = server(String.valueOf(WEB));
        assertThat(r.causeIds(WEB)).as(r.describe()).isEmpty();
        LabDiagnosis remote = diagnose(lab.clientB(), "http://" + lab.server().ipv4() + ":" + WEB + "/");
        assertThat(remote.outcome()).as(remote.describe()).isEqualTo("ok");
    }

    @Test
    @Order(2)
    @DisplayName("2. -p 18081:80 into an app on the container's 127.0.0.1: container-bound-to-loopback, everywhere")
    void aContainerBoundToLoopbackIsNamedOnTheHostOnTheHostsClientAndWithTheReportRemotely() throws IOException {
        LabServerReport r = server(String.valueOf(LOOPWEB));
        r.assertPrimary(LOOPWEB, "container-bound-to-loopback", "confirmed");
        assertThat(String.join("\n", evidence(r, LOOPWEB))).contains("loopweb").contains("127.0.0.1:80");
        assertThat(r.listeners(LOOPWEB)).as("docker-proxy holds the host port")
                .anyMatch(l -> l.path("process").asText().equals("docker-proxy"));

        // on the host, 127.0.0.1 goes through docker-proxy, which accepts and closes: a forwarder whose backend refused
        LabDiagnosis onHost = diagnose(lab.server(), "http://127.0.0.1:" + LOOPWEB + "/");
        assertFailed(onHost, "container-bound-to-loopback", "confirmed");
        assertThat(onHost.causeIds()).contains("forwarder-backend-refused").doesNotContain("closed-without-reply");

        // from another network Docker's DNAT leads straight to the container, whose kernel resets: refused
        LabDiagnosis remote = diagnose(lab.clientB(), "http://" + lab.server().ipv4() + ":" + LOOPWEB + "/");
        assertThat(remote.symptom()).as(remote.describe()).isEqualTo("refused");

        LabDiagnosis joined = diagnose(lab.clientB(), "http://" + lab.server().ipv4() + ":" + LOOPWEB + "/",
                "--server-report", r.save(reports, testName).toString());
        assertFailed(joined, "container-bound-to-loopback", "confirmed");
    }

    @Test
    @Order(3)
    @DisplayName("3. -p 18083:80 into a container where nothing listens: container-not-listening")
    void aPublishedContainerWhereNothingListensIsContainerNotListening() throws IOException {
        LabServerReport r = server(String.valueOf(IDLE));
        r.assertPrimary(IDLE, "container-not-listening", "confirmed");
        LabDiagnosis onHost = diagnose(lab.server(), "tcp://127.0.0.1:" + IDLE);
        assertFailed(onHost, "container-not-listening", "confirmed");
        assertThat(onHost.symptom()).as("every connection closed at once fails even a tcp:// target").isEqualTo("closed");
        assertThat(onHost.causeIds()).contains("forwarder-backend-refused");
        LabDiagnosis remote = diagnose(lab.clientB(), "ws://" + lab.server().ipv4() + ":" + IDLE + "/",
                "--server-report", r.save(reports, testName).toString());
        assertFailed(remote, "container-not-listening", "confirmed");
    }

    @Test
    @Order(4)
    @DisplayName("4. -p 127.0.0.1:18082:80: published-on-loopback, with Docker's fix and not the app's")
    void aPortPublishedOnTheHostsLoopbackIsPublishedOnLoopback() throws IOException {
        LabServerReport r = server(String.valueOf(PUBLOOP));
        r.assertPrimary(PUBLOOP, "published-on-loopback", "confirmed");
        assertThat(r.causeIds(PUBLOOP)).doesNotContain("bound-to-loopback");
        assertThat(String.join("\n", fixes(r, PUBLOOP))).contains("-p " + PUBLOOP + ":80");

        LabDiagnosis joined = diagnose(lab.clientB(), "http://" + lab.server().ipv4() + ":" + PUBLOOP + "/",
                "--server-report", r.save(reports, testName).toString());
        assertFailed(joined, "published-on-loopback", "confirmed");
    }

    @Test
    @Order(5)
    @DisplayName("5. a container listening on 8282 that nothing publishes: port-not-published")
    void aContainerListeningOnAnUnpublishedPortIsPortNotPublished() throws IOException {
        LabServerReport r = server(String.valueOf(HIDDEN));
        r.assertPrimary(HIDDEN, "port-not-published", "confirmed");
        assertThat(String.join("\n", fixes(r, HIDDEN))).contains("-p " + HIDDEN + ":" + HIDDEN);
        LabDiagnosis onHost = diagnose(lab.server(), "127.0.0.1:" + HIDDEN);
        assertFailed(onHost, "port-not-published", "confirmed");
    }

    @Test
    @Order(6)
    @DisplayName("6. server with no port: every listener, a loopback publication local-only, the mistakes judged")
    void everyPortListsTheLoopbackPublicationAsLocalOnlyAndJudgesTheRest() throws IOException {
        LabServerReport r = server();
        assertThat(r.ports()).as(r.describe()).contains(WEB, LOOPWEB, PUBLOOP, IDLE);
        assertThat(r.port(PUBLOOP).path("localOnly").asBoolean()).as("127.0.0.1:%d is local only", PUBLOOP).isTrue();
        assertThat(r.causeIds(LOOPWEB)).contains("container-bound-to-loopback");
        assertThat(r.causeIds(IDLE)).contains("container-not-listening");
        assertThat(r.causeIds(WEB)).isEmpty();
    }

    // ---- conndoctor inside a container

    @Test
    @Order(7)
    @DisplayName("7. conndoctor in a container dialling 127.0.0.1 for the host's service: loopback-in-container")
    void aClientInAContainerDiallingItsLoopbackForTheHostsServiceIsLoopbackInContainer() throws IOException {
        lab.startTestServer(lab.server(), "0.0.0.0", HOST_SERVICE, Behaviour.WEBSOCKET);
        JsonNode d = diagnoseInContainer("ws://127.0.0.1:" + HOST_SERVICE + "/");
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.path("causes").path(0).path("id").asText()).as(d.toPrettyString()).isEqualTo("loopback-in-container");
        soft.assertThat(d.path("causes").path(0).path("confidence").asText()).isEqualTo("confirmed");
        soft.assertThat(d.path("causes").path(0).path("fixes").toString())
                .contains("host.docker.internal").contains(engine.bridgeAddress() + ":" + HOST_SERVICE);
        soft.assertAll();
    }

    // ---- last: a firewall rule that stays until the engine goes

    @Test
    @Order(20)
    @DisplayName("20. INPUT drops 18080, Docker's DNAT publishes it anyway: published-past-firewall")
    void anInputDropThatDockersDnatGoesAroundIsPublishedPastFirewall() throws IOException {
        requireIptables();
        lab.iptables(lab.server(), "-I", "INPUT", "-p", "tcp", "--dport", String.valueOf(WEB), "-j", "DROP");
        LabServerReport r = server(String.valueOf(WEB));
        r.assertPrimary(WEB, "published-past-firewall", "likely");
        assertThat(r.causeIds(WEB)).doesNotContain("host-firewall");
        assertThat(String.join("\n", fixes(r, WEB))).contains("DOCKER-USER");
        LabDiagnosis remote = diagnose(lab.clientB(), "http://" + lab.server().ipv4() + ":" + WEB + "/");
        assertThat(remote.outcome()).as("the world still reaches it\n%s", remote.describe()).isEqualTo("ok");
    }

    // ---- helpers

    private LabServerReport server(String... args) throws IOException {
        LabServerReport report = LabServerReport.run(lab, lab.server(), args);
        Files.writeString(records.resolve("container-server-" + testName + ".txt"), report.describe() + "\n",
                StandardCharsets.UTF_8);
        return report;
    }

    private LabDiagnosis diagnose(Lab.Host client, String target, String... extra) throws IOException {
        LabDiagnosis d = lab.diagnose(client, target, "2s", extra);
        Files.writeString(records.resolve("container-client-" + testName + "-" + client.role() + ".txt"),
                d.describe() + "\n", StandardCharsets.UTF_8);
        return d;
    }

    /**
     * conndoctor's own jar run by this machine's JDK inside a busybox container, the JDK, its
     * libraries and the jar mounted read-only: a client in a container, as a user's would be.
     */
    private JsonNode diagnoseInContainer(String target) throws IOException {
        Path jar = Lab.locateRepoRoot().resolve("conndoctor-cli/target/conndoctor.jar");
        Path java = Path.of(System.getProperty("java.home")).toRealPath();
        List<String> args = new ArrayList<>(List.of("run", "--rm", "--tmpfs", "/tmp"));
        for (String mount : List.of("/lib", "/lib64", "/usr/lib", "/etc/java-17-openjdk", "/etc/ssl")) {
            if (Files.exists(Path.of(mount))) {
                args.addAll(List.of("--volume", mount + ":" + mount + ":ro"));
            }
        }
        args.addAll(List.of("--volume", java + ":" + java + ":ro", "--volume", jar + ":/conndoctor.jar:ro",
                dev.conndoctor.testkit.BusyboxImage.TAG, java.resolve("bin/java").toString(), "-XX:-UsePerfData",
                "-jar", "/conndoctor.jar", "diagnose", target, "--json", "--timeout", "2s"));
        CommandResult result = engine.docker(args.toArray(String[]::new));
        Files.writeString(records.resolve("container-in-container-" + testName + ".txt"),
                String.join(" ", result.command()) + "\nexit " + result.exitCode() + "\n" + result.stdout() + "\n"
                        + result.stderr() + "\n", StandardCharsets.UTF_8);
        assertThat(result.stdout()).as("conndoctor's JSON from inside the container\n%s", result.stderr()).startsWith("{");
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.stdout());
    }

    private static List<String> evidence(LabServerReport r, int port) {
        return r.causes(port).stream().flatMap(c -> stream(c.path("evidence"))).toList();
    }

    private static List<String> fixes(LabServerReport r, int port) {
        return r.causes(port).stream().flatMap(c -> stream(c.path("fixes"))).toList();
    }

    private static java.util.stream.Stream<String> stream(JsonNode array) {
        List<String> lines = new ArrayList<>();
        array.forEach(n -> lines.add(n.asText()));
        return lines.stream();
    }


    private static void assertFailed(LabDiagnosis d, String cause, String confidence) {
        SoftAssertions soft = new SoftAssertions();
        soft.assertThat(d.outcome()).as("outcome\n%s", d.describe()).isEqualTo("failed");
        soft.assertThat(d.primaryId()).as("causes[0].id\n%s", d.describe()).isEqualTo(cause);
        soft.assertThat(d.primaryConfidence()).as("causes[0].confidence").isEqualTo(confidence);
        soft.assertAll();
    }
}
