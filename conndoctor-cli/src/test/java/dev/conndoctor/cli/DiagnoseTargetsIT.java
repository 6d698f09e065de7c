package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.testkit.TestServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code diagnose --targets FILE} against loopback servers: all at once, one table or one JSON line each. */
class DiagnoseTargetsIT {

    private static final ConnDoctor DOCTOR = ConnDoctor.builder().environment(Map.of()).build();

    private static int refusedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aTableOfEveryTargetInTheFilesOrderAndExit1WhenOneFailed(@TempDir Path dir) throws Exception {
        try (TestServer ws = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET);
             TestServer http = TestServer.startOnLoopback(TestServer.Behaviour.HTTP_200)) {
            int refused = refusedPort();
            Path list = Files.writeString(dir.resolve("targets.txt"), """
                    # staging
                    ws://%s/
                    ws://%s/   # an HTTP server, not a WebSocket one
                    127.0.0.1:%d
                    """.formatted(ws.hostAndPort(), http.hostAndPort(), refused));

            CliRun run = CliRun.of(DOCTOR, Map.of(), InputStream.nullInputStream(), "diagnose", "--targets",
                    list.toString(), "--timeout", "2s");

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            List<String> lines = run.out().lines().toList();
            assertThat(lines.get(0)).matches("TARGET +OUTCOME +PRIMARY CAUSE +TIME");
            assertThat(lines.get(1)).matches("ws://" + ws.hostAndPort() + "/ +ok +- +\\d+ ms");
            assertThat(lines.get(2)).matches("ws://" + http.hostAndPort() + "/ +failed +http-not-websocket \\(\\w+\\) +\\d+ ms");
            assertThat(lines.get(3)).matches("127.0.0.1:" + refused + " +failed +server-not-listening \\(\\w+\\) +\\d+ ms");
            assertThat(lines.get(5)).matches("3 targets: 1 ok, 2 failed, in \\d+ ms");
        }
    }

    @Test
    void withJsonOneDiagnosisDocumentPerLine(@TempDir Path dir) throws Exception {
        try (TestServer ws = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Path list = Files.writeString(dir.resolve("targets.txt"), "ws://" + ws.hostAndPort() + "/\n"
                    + "ws://" + ws.hostAndPort() + "/again\n");

            CliRun run = CliRun.of(DOCTOR, Map.of(), InputStream.nullInputStream(), "diagnose", "--targets",
                    list.toString(), "--json");

            assertThat(run.exitCode()).isEqualTo(ExitCode.OK);
            List<String> lines = run.out().lines().toList();
            assertThat(lines).hasSize(2);
            for (String line : lines) {
                JsonNode doc = new ObjectMapper().readTree(line);
                assertThat(doc.path("schema").asText()).isEqualTo("conndoctor.diagnosis/1");
                assertThat(doc.path("outcome").asText()).isEqualTo("ok");
            }
            assertThat(new ObjectMapper().readTree(lines.get(1)).path("target").path("path").asText()).isEqualTo("/again");
        }
    }

    @Test
    void silentTargetsTakeAboutOneTimeoutForTheWholeSetNotOneEach(@TempDir Path dir) throws Exception {
        List<TestServer> silent = new ArrayList<>();
        try {
            StringBuilder list = new StringBuilder();
            for (int i = 0; i < 8; i++) {
                TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.SILENT);
                silent.add(server);
                list.append("http://").append(server.hostAndPort()).append("/\n");
            }
            Path file = Files.writeString(dir.resolve("targets.txt"), list);

            long start = System.nanoTime();
            CliRun run = CliRun.of(DOCTOR, Map.of(), InputStream.nullInputStream(), "diagnose", "--targets",
                    file.toString(), "--timeout", "1s");
            double seconds = (System.nanoTime() - start) / 1e9;

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).contains("8 targets: 0 ok, 8 failed");
            // one silent target waits about its 1 s timeout (two at most); eight one after the other would take 8 s or more
            assertThat(seconds).isLessThan(4.5);
        } finally {
            silent.forEach(TestServer::close);
        }
    }
}
