package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** {@code --scan-ports}: bad ranges are a bad invocation (exit 2, one line); a good one widens the scan. */
class CliScanPortsIT {

    @ParameterizedTest
    @ValueSource(strings = {"abc", "8000-", "-8000", "9000-8000", "0-10", "1-70000", "65536", "1000-1400", "80,443",
            "8000 - 8010"})
    void aBadRangeExitsTwoWithOneLineAndNoStackTrace(String range) {
        CliRun run = CliRun.of("diagnose", "ws://127.0.0.1:9/", "--json", "--scan-ports", range);

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).as("nothing on stdout").isEmpty();
        assertThat(run.err().strip().lines()).as("stderr: %s", run.err()).singleElement().asString()
                .startsWith("conndoctor: ")
                .doesNotContain("Exception");
    }

    @Test
    void aRangeFarFromTheDialledPortFindsTheWebSocketServerThere() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            int dialled = farFreePort(server.port());

            CliRun run = CliRun.of("diagnose", "ws://127.0.0.1:" + dialled + "/", "--json", "--timeout", "2s",
                    "--scan-ports", server.port() + "-" + (server.port() + 2));

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            JsonNode json = new ObjectMapper().readTree(run.out());
            assertThat(json.path("symptom").asText()).isEqualTo("refused");
            JsonNode wrongPort = null;
            for (JsonNode cause : json.path("causes")) {
                if (cause.path("id").asText().equals("wrong-port")) {
                    wrongPort = cause;
                }
            }
            assertThat(wrongPort).as("wrong-port in %s", json.path("causes")).isNotNull();
            assertThat(wrongPort.path("evidence").toString()).contains("127.0.0.1:" + server.port());
        }
    }

    /** A refused port more than the ten neighbours away from {@code port}, so only --scan-ports reaches it. */
    private static int farFreePort(int port) {
        for (int candidate = port > 30000 ? port - 1000 : port + 1000; candidate > 1024 && candidate < 65000;
                candidate += port > 30000 ? -37 : 37) {
            if (refuses(candidate) && !likely(candidate)) {
                return candidate;
            }
        }
        throw new AssertionError("no refused port found far from " + port);
    }

    private static boolean likely(int port) {
        return java.util.List.of(80, 443, 8080, 8443, 1236, 1238, 2345, 2346, 2347, 2348, 7272, 8282, 8484)
                .stream().anyMatch(p -> Math.abs(p - port) <= 10);
    }

    private static boolean refuses(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 300);
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
