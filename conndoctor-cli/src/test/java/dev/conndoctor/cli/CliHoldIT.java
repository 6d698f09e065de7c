package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code diagnose --hold} in-process against the testkit's servers: the JSON lifetime, the timeline, the exit codes. */
class CliHoldIT {

    @Test
    void aHealthyWebSocketHeldWithEveryPingAnsweredExitsZeroWithItsLifetimeInTheJson() throws IOException {
        try (TestServer server = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            CliRun run = CliRun.of("diagnose", "ws://" + server.hostAndPort() + "/", "--hold", "1500ms",
                    "--ping-every", "300ms", "--json");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
            JsonNode lifetime = new ObjectMapper().readTree(run.out()).path("lifetime");
            assertThat(lifetime.path("closedBy").asText()).isEqualTo("none");
            assertThat(lifetime.path("how").asText()).isEqualTo("none");
            assertThat(lifetime.path("closedAfterMs").isNull()).isTrue();
            assertThat(lifetime.path("closeCode").isNull()).isTrue();
            assertThat(lifetime.path("pingsSent").asInt()).isPositive();
            assertThat(lifetime.path("pongsReceived").asInt()).isEqualTo(lifetime.path("pingsSent").asInt());
            assertThat(lifetime.path("heldMs").asLong()).isGreaterThanOrEqualTo(1400);
            assertThat(lifetime.path("idleBeforeCloseMs").isIntegralNumber()).isTrue();
            assertThat(lifetime.path("outcome").asText()).isEqualTo("held");
            assertThat(lifetime.path("timeline").get(0).path("event").asText()).isEqualTo("hold-started");
        }
    }

    @Test
    void aCloseCodeEndsTheHoldAtOnceWithExitOneAndATimelineInTheReport() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_CLOSE_AFTER).after(Duration.ofMillis(700))
                .closeCode(1012).closeReason("restarting").start()) {
            CliRun run = CliRun.of("diagnose", "ws://" + server.hostAndPort() + "/", "--hold", "30s", "--no-color");

            assertThat(run.exitCode()).isEqualTo(ExitCode.FAILED);
            assertThat(run.out()).startsWith("✗ ws://" + server.hostAndPort() + "/: the connection opens, then the server ends the session.")
                    .contains("close frame from the server: 1012 restarting")
                    .contains("Cause: closed-by-server (confirmed)")
                    .contains("close code 1012: service restart");
        }
    }

    @Test
    void theJsonOfACloseCarriesWhoHowAndTheCode() throws IOException {
        try (TestServer server = TestServer.builder(Behaviour.WEBSOCKET_CLOSE_AFTER).after(Duration.ofMillis(500))
                .closeCode(1008).closeReason("policy").start()) {
            CliRun run = CliRun.of("ws://" + server.hostAndPort() + "/", "--hold", "20s", "--ping-every", "250ms", "--json");

            JsonNode json = new ObjectMapper().readTree(run.out());
            JsonNode lifetime = json.path("lifetime");
            assertThat(json.path("symptom").asText()).isEqualTo("closed");
            assertThat(json.path("causes").get(0).path("id").asText()).isEqualTo("closed-by-server");
            assertThat(lifetime.path("closedBy").asText()).isEqualTo("server");
            assertThat(lifetime.path("how").asText()).isEqualTo("close-frame");
            assertThat(lifetime.path("closeCode").asInt()).isEqualTo(1008);
            assertThat(lifetime.path("closeReason").asText()).isEqualTo("policy");
            assertThat(lifetime.path("closedAfterMs").asLong()).isBetween(300L, 15_000L);
        }
    }

    @Test
    void aPingIntervalWithoutAHoldIsABadInvocation() {
        CliRun run = CliRun.of("diagnose", "ws://127.0.0.1:9/", "--ping-every", "1s");

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).isEqualTo("conndoctor: --ping-every needs --hold: give --hold DURATION as well\n");
    }

    @Test
    void aHoldLongerThanTenMinutesOrPingsTooOftenAreRefused() {
        assertThat(CliRun.of("diagnose", "ws://127.0.0.1:9/", "--hold", "11m").exitCode()).isEqualTo(ExitCode.USAGE);
        CliRun tooOften = CliRun.of("diagnose", "ws://127.0.0.1:9/", "--hold", "5s", "--ping-every", "10ms");
        assertThat(tooOften.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(tooOften.err()).contains("at least 250ms apart");
    }
}
