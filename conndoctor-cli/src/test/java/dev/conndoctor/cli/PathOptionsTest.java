package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.ConnDoctor;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The names-and-path options in-process: --expect-ip, --dns, --proxy and --cdn-ranges. Bad
 * values exit 2 with one line before any probe runs; the few runs that probe dial loopback only.
 */
class PathOptionsTest {

    /** No names, no host files, and proxy variables that --proxy none must leave aside. */
    private static final ConnDoctor WORLD = ConnDoctor.builder()
            .resolver(host -> {
                throw new UnknownHostException(host + ": Name or service not known");
            })
            .localNetwork(List::of)
            .hostRoot(Path.of("/nonexistent-root"))
            .environment(Map.of("all_proxy", "http://127.0.0.1:1", "http_proxy", "http://127.0.0.1:1"))
            .systemProperties(new Properties())
            .build();

    @TempDir
    Path dir;

    private static void assertUsage(CliRun run, String... fragments) {
        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).startsWith("conndoctor: ").doesNotContain("\n").doesNotContain("Exception")
                .contains(fragments);
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "localhost", "999.1.1.1", "10.1", "192.0.2.1/24", "[example.com]", ""})
    void anExpectIpThatIsNotALiteralExitsTwo(String value) {
        assertUsage(CliRun.of(WORLD, "diagnose", "127.0.0.1:1", "--expect-ip", value), "--expect-ip", "not an IP address");
    }

    @Test
    void anExpectIpInBracketsIsAnIpv6Literal() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of(WORLD, "diagnose", "127.0.0.1:" + server.getLocalPort(), "--proxy", "none",
                    "--expect-ip", "[2001:db8::20]", "--expect-ip", "192.0.2.20", "--json");

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.path("expectedAddresses").toString()).isEqualTo("[\"2001:db8::20\",\"192.0.2.20\"]");
            assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("wrong-address");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"junk", "dns.example.test", "8.8.8", "1.1.1.1:53"})
    void aDnsServerThatIsNotALiteralExitsTwo(String value) {
        assertUsage(CliRun.of(WORLD, "diagnose", "127.0.0.1:1", "--dns", value), "--dns", value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"junk://proxy", "ftp://127.0.0.1:21", "http://:3128", "http://proxy:99999", "socks5://[::1"})
    void aProxyThatIsNotAutoNoneOrAUrlExitsTwo(String value) {
        assertUsage(CliRun.of(WORLD, "diagnose", "127.0.0.1:1", "--proxy", value), "--proxy", "auto, none");
    }

    @Test
    void aCdnFileWithABadLineExitsTwoNamingTheLine() throws IOException {
        Path file = dir.resolve("cdn.txt");
        Files.writeString(file, "# lab edges\nlabcdn 10.99.0.0/16 80,443\nlabcdn 10.98.0.0/16 http\n");

        assertUsage(CliRun.of(WORLD, "diagnose", "127.0.0.1:1", "--cdn-ranges", file.toString()),
                "cdn.txt", "line 3", "'http' is not a port");
    }

    @Test
    void aCdnFileWithCnameLinesIsRefused() throws IOException {
        Path file = dir.resolve("cdn.txt");
        Files.writeString(file, "cname labcdn cdn.example.test\n");

        assertUsage(CliRun.of(WORLD, "diagnose", "127.0.0.1:1", "--cdn-ranges", file.toString()), "line 1");
    }

    @Test
    void aMissingCdnFileExitsTwo() {
        Path missing = dir.resolve("no-such-cdn.txt");

        assertUsage(CliRun.of(WORLD, "diagnose", "127.0.0.1:1", "--cdn-ranges", missing.toString()),
                "cannot read", "no-such-cdn.txt");
    }

    @Test
    void aCdnFileThatIsADirectoryExitsTwo() {
        assertUsage(CliRun.of(WORLD, "diagnose", "127.0.0.1:1", "--cdn-ranges", dir.toString()), "cannot read");
    }

    @Test
    void anOkDiagnosisWithProxyNonePrintsNoProxySection() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            String target = "127.0.0.1:" + server.getLocalPort();

            CliRun json = CliRun.of(WORLD, "diagnose", target, "--proxy", "none", "--json");
            CliRun text = CliRun.of(WORLD, "diagnose", target, "--proxy", "none", "--no-color");

            assertThat(json.exitCode()).isEqualTo(ExitCode.OK);
            JsonNode root = new ObjectMapper().readTree(json.out());
            assertThat(root.path("outcome").asText()).isEqualTo("ok");
            assertThat(root.has("proxy")).isFalse();
            assertThat(text.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(text.out()).doesNotContainPattern("(?m)^\\s+proxy\\s").doesNotContain("127.0.0.1:1 ");
        }
    }

    @Test
    void withoutProxyNoneTheEnvironmentsProxyIsShownAndFailsTheDiagnosis() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of(WORLD, "diagnose", "127.0.0.1:" + server.getLocalPort(), "--json");

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            JsonNode proxy = new ObjectMapper().readTree(run.out()).path("proxy");
            assertThat(proxy.path("variable").asText()).isEqualTo("all_proxy");
            assertThat(proxy.path("tunnel").path("result").asText()).isEqualTo("proxy-unreachable");
        }
    }

    @Test
    void aGoodCdnFileDeclaresARangeThatShowsInTheReport() throws IOException {
        Path file = dir.resolve("cdn.txt");
        Files.writeString(file, "labcdn 127.0.0.0/8 80,443 # the lab edge\n");
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of(WORLD, "diagnose", "127.0.0.1:" + server.getLocalPort(), "--proxy", "none",
                    "--cdn-ranges", file.toString(), "--json");

            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            JsonNode cdn = new ObjectMapper().readTree(run.out()).path("cdn");
            assertThat(cdn.get(0).path("provider").asText()).isEqualTo("labcdn");
        }
    }
}
