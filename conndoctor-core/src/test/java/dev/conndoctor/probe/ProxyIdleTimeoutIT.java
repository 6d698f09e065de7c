package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Outcome;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.testkit.HaproxyServer;
import dev.conndoctor.testkit.NginxServer;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real proxies in front of the testkit's WebSocket server, with their tunnel timeouts set to 2 s:
 * nginx ({@code proxy_read_timeout}) and HAProxy ({@code timeout tunnel}), each skipped where it is
 * not installed. A silent hold is cut by the proxy after 2 s of silence, and named idle-timeout
 * with the proxy's fingerprint where it has one; a hold with pings under 2 s holds.
 */
class ProxyIdleTimeoutIT {

    @TempDir
    Path dir;

    private static Diagnosis hold(int port, Duration hold, Duration pingEvery) {
        Options options = Options.builder().timeout(Duration.ofSeconds(2))
                .hold(new Options.Hold(hold, Optional.of(pingEvery))).build();
        return ConnDoctor.system().run(Target.parse("ws://127.0.0.1:" + port + "/"), options, DiagnosisListener.NONE);
    }

    private static String evidence(Cause c) {
        return String.join("\n", c.evidence().stream().map(t -> t.render(Locale.ROOT)).toList());
    }

    private static String fixes(Cause c) {
        return String.join("\n", c.fixes().stream().map(t -> t.render(Locale.ROOT)).toList());
    }

    private static String nginxProxy(int port, int backend) {
        return """
                server {
                    listen 127.0.0.1:%d;
                    location / {
                        proxy_pass http://127.0.0.1:%d;
                        proxy_http_version 1.1;
                        proxy_set_header Upgrade $http_upgrade;
                        proxy_set_header Connection "upgrade";
                        proxy_read_timeout 2s;
                    }
                }""".formatted(port, backend);
    }

    @Test
    void nginxWithProxyReadTimeoutTwoSecondsCutsASilentWebSocketAndIsNamedByItsServerHeader() throws IOException {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
        try (TestServer backend = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            int port = NginxServer.freeLoopbackPort();
            try (NginxServer nginx = NginxServer.start(dir, nginxProxy(port, backend.port()), port)) {

                Diagnosis d = hold(port, Duration.ofSeconds(8), Duration.ZERO);

                Lifetime l = d.evidence().lifetime().orElseThrow();
                assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
                assertThat(l.closedBy()).isEqualTo(Lifetime.ClosedBy.SERVER);
                assertThat(l.idleBeforeCloseMs()).as("nginx's 2 s, give or take its timer").isBetween(1500L, 5000L);
                assertThat(l.heldMs()).as("the verdict comes with the close").isLessThan(7000L);
                Cause cause = d.primaryCause().orElseThrow();
                assertThat(cause.id()).isEqualTo(CauseId.IDLE_TIMEOUT);
                assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
                assertThat(evidence(cause)).contains("nginx/").contains("proxy_read_timeout");
                assertThat(fixes(cause)).contains("proxy_read_timeout 3600s");
            }
        }
    }

    @Test
    void nginxWithProxyReadTimeoutTwoSecondsKeepsAWebSocketPingedEveryHalfSecond() throws IOException {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
        try (TestServer backend = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            int port = NginxServer.freeLoopbackPort();
            try (NginxServer nginx = NginxServer.start(dir, nginxProxy(port, backend.port()), port)) {

                Diagnosis d = hold(port, Duration.ofSeconds(4), Duration.ofMillis(500));

                Lifetime l = d.evidence().lifetime().orElseThrow();
                assertThat(d.outcome()).as("%s", d.causes()).isEqualTo(Outcome.OK);
                assertThat(l.ended()).isEqualTo(Lifetime.Ended.HOLD_ELAPSED);
                assertThat(l.pongsReceived()).isEqualTo(l.pingsSent()).isGreaterThanOrEqualTo(6);
            }
        }
    }

    @Test
    void haproxyWithTimeoutTunnelTwoSecondsCutsASilentWebSocket() throws IOException {
        assumeTrue(HaproxyServer.unavailableReason().isEmpty(), () -> "skipped: " + HaproxyServer.unavailableReason().get());
        try (TestServer backend = TestServer.startOnLoopback(Behaviour.WEBSOCKET)) {
            int port = NginxServer.freeLoopbackPort();
            try (HaproxyServer haproxy = HaproxyServer.start(dir, """
                    timeout connect 2s
                    timeout client 30s
                    timeout server 30s
                    timeout tunnel 2s""", port, backend.port())) {

                Diagnosis d = hold(port, Duration.ofSeconds(8), Duration.ZERO);

                Lifetime l = d.evidence().lifetime().orElseThrow();
                assertThat(l.closedBy()).as(haproxy.log()).isEqualTo(Lifetime.ClosedBy.SERVER);
                assertThat(l.idleBeforeCloseMs()).isBetween(1500L, 5000L);
                Cause cause = d.primaryCause().orElseThrow();
                assertThat(cause.id()).isEqualTo(CauseId.IDLE_TIMEOUT);
                assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
                // HAProxy sends no Server header: a timeout of no default's length, in a session silent throughout
                assertThat(evidence(cause)).contains("matches no known default").doesNotContain("nginx/");
            }
        }
    }
}
