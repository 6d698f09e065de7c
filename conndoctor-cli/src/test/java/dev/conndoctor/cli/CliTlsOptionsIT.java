package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.testkit.NginxServer;
import dev.conndoctor.testkit.TestCertificates;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --cacert FILE} and {@code --insecure} end to end, in-process, against TLS servers on
 * 127.0.0.1 whose certificates come from a test authority the system does not trust.
 */
class CliTlsOptionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestCertificates ca;
    private static TestCertificates.Leaf leaf;

    @TempDir
    Path dir;

    @BeforeAll
    static void certificates() {
        ca = TestCertificates.newAuthority("conndoctor CliTlsOptionsIT CA");
        leaf = ca.issue("localhost", "127.0.0.1");
    }

    private static TestServer tlsWebSocket() throws IOException {
        return TestServer.builder(Behaviour.WEBSOCKET).tls(leaf.serverContext()).start();
    }

    private static JsonNode json(CliRun run) throws IOException {
        assertThat(run.err()).as("stderr").isEmpty();
        JsonNode json = JSON.readTree(run.out());
        assertThat(json.path("speaks").asText()).as("speaks").isNotBlank();
        return json;
    }

    @Test
    void withoutCacertAPrivateAuthorityIsUntrustedAndExitsOne() throws IOException {
        try (TestServer server = tlsWebSocket()) {
            CliRun run = CliRun.of("diagnose", "wss://" + server.hostAndPort() + "/", "--json", "--timeout", "2s");

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            JsonNode json = json(run);
            assertThat(json.path("symptom").asText()).isEqualTo("tls-failed");
            assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("tls-untrusted");
            assertThat(json.path("causes").get(0).path("confidence").asText()).isEqualTo("confirmed");
        }
    }

    @Test
    void cacertTrustsThePemAuthorityAndTheWebSocketWorks() throws IOException {
        Path pem = ca.writePem(dir.resolve("ca.pem"));
        try (TestServer server = tlsWebSocket()) {
            CliRun run = CliRun.of("diagnose", "wss://" + server.hostAndPort() + "/", "--json", "--timeout", "2s",
                    "--cacert", pem.toString());

            assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.OK);
            JsonNode json = json(run);
            assertThat(json.path("outcome").asText()).isEqualTo("ok");
            assertThat(json.path("protocol").path("tls").path("established").asBoolean()).isTrue();
            assertThat(json.path("protocol").path("tls").path("insecure").asBoolean()).isFalse();
            assertThat(json.path("protocol").path("pingAnswered").asBoolean()).isTrue();
        }
    }

    @Test
    void cacertOfAnotherAuthorityStillFailsAsUntrusted() throws IOException {
        Path pem = TestCertificates.newAuthority("another CA").writePem(dir.resolve("other.pem"));
        try (TestServer server = tlsWebSocket()) {
            CliRun run = CliRun.of("diagnose", "wss://" + server.hostAndPort() + "/", "--json", "--timeout", "2s",
                    "--cacert", pem.toString());

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(json(run).path("causes").get(0).path("id").asText()).isEqualTo("tls-untrusted");
        }
    }

    @Test
    void insecureLooksPastTheUnknownAuthorityAndTheJsonSaysSo() throws IOException {
        try (TestServer server = tlsWebSocket()) {
            CliRun run = CliRun.of("diagnose", "wss://" + server.hostAndPort() + "/", "--json", "--timeout", "2s",
                    "--insecure");

            assertThat(run.exitCode()).as(run.out()).isEqualTo(ExitCode.OK);
            JsonNode tls = json(run).path("protocol").path("tls");
            assertThat(tls.path("established").asBoolean()).isTrue();
            assertThat(tls.path("insecure").asBoolean()).as("protocol.tls.insecure").isTrue();
            assertThat(tls.path("chain").get(0).path("issuer").asText()).contains("CliTlsOptionsIT CA");
        }
    }

    @Test
    void insecureIsSaidInTheTextReport() throws IOException {
        try (TestServer server = tlsWebSocket()) {
            CliRun run = CliRun.of("diagnose", "wss://" + server.hostAndPort() + "/", "--timeout", "2s",
                    "--insecure", "--no-color");

            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).contains("! ").containsIgnoringCase("--insecure");
        }
    }

    @Test
    void aCacertFileThatIsMissingIsABadInvocation() {
        CliRun run = CliRun.of("diagnose", "wss://127.0.0.1:9/", "--cacert", dir.resolve("nope.pem").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("conndoctor: ").contains("nope.pem").doesNotContain("\tat ");
        assertThat(run.err().strip().lines()).hasSize(1);
    }

    @Test
    void aCacertFileWithoutACertificateIsABadInvocation() throws IOException {
        Path notPem = Files.writeString(dir.resolve("notes.txt"), "not a certificate\n");

        CliRun run = CliRun.of("diagnose", "wss://127.0.0.1:9/", "--cacert", notPem.toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err().strip().lines()).singleElement().asString().startsWith("conndoctor: ");
    }

    @Test
    void cacertTrustsNginxServingHttpsWithTheAuthoritysCertificate() throws IOException {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
        Path pem = ca.writePem(dir.resolve("ca.pem"));
        int port = NginxServer.freeLoopbackPort();
        try (NginxServer nginx = NginxServer.start(dir, """
                server {
                    listen 127.0.0.1:%d ssl;
                    ssl_certificate %s;
                    ssl_certificate_key %s;
                    location / { root %s; }
                }""".formatted(port, leaf.writeChainPem(dir.resolve("server.crt")),
                leaf.writeKeyPem(dir.resolve("server.key")), NginxServer.documentRoot(dir)), port)) {

            CliRun trusted = CliRun.of("diagnose", "https://127.0.0.1:" + port + "/", "--json", "--timeout", "2s",
                    "--cacert", pem.toString());
            CliRun plain = CliRun.of("diagnose", "http://127.0.0.1:" + port + "/", "--json", "--timeout", "2s");

            assertThat(trusted.exitCode()).as(trusted.out()).isEqualTo(ExitCode.OK);
            assertThat(json(trusted).path("protocol").path("http").path("status").asInt()).isEqualTo(200);
            assertThat(plain.exitCode()).isEqualTo(ExitCode.FAILED);
            JsonNode json = json(plain);
            assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("tls-required");
            assertThat(json.path("causes").get(0).path("confidence").asText()).isEqualTo("confirmed");
        }
    }
}
