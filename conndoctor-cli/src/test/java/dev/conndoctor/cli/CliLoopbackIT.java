package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The CLI in-process against loopback sockets: the JSON contract and the exit codes of real outcomes. */
class CliLoopbackIT {

    @Test
    void aClosedPortPrintsOneJsonDocumentWithRefusedNotListeningAndExitsOne() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }

        CliRun run = CliRun.of("diagnose", "127.0.0.1:" + port, "--json", "--timeout", "2s");

        assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
        JsonNode json = new ObjectMapper().readTree(run.out());
        assertThat(json.path("symptom").asText()).isEqualTo("refused");
        assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("server-not-listening");
        assertThat(json.path("probes").get(0).path("result").asText()).isEqualTo("refused");
        assertThat(json.path("probes").get(0).path("port").asInt()).isEqualTo(port);
        assertThat(json.has("ruledOut")).isTrue();
        assertThat(json.path("elapsedMs").isIntegralNumber()).isTrue();
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aListeningPortExitsZeroWithAnOkReport() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            CliRun run = CliRun.of("127.0.0.1:" + server.getLocalPort(), "--no-color");

            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            assertThat(run.out()).startsWith("✓ 127.0.0.1:" + server.getLocalPort() + ": the connection works.");
        }
    }

    @Test
    void theDemoShowsItsThreeDiagnosesAndExitsZero() throws IOException {
        CliRun run = CliRun.of("demo", "--json");

        assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
        JsonNode cases = new ObjectMapper().readTree(run.out()).path("cases");
        assertThat(cases).hasSize(3);
        assertThat(cases.get(0).path("diagnosis").path("causes").get(0).path("id").asText())
                .isEqualTo("server-not-listening");
        assertThat(cases.get(1).path("diagnosis").path("causes").get(0).path("id").asText())
                .isEqualTo("bound-to-other-address");
        assertThat(cases.get(1).path("diagnosis").path("causes").get(0).path("confidence").asText())
                .isEqualTo("confirmed");
        assertThat(cases.get(2).path("diagnosis").path("outcome").asText()).isEqualTo("ok");
    }
}
