package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.config.ProxyUrl;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.ProxyAttempt;
import dev.conndoctor.testkit.TestServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Look-ups that never return (a resolver or a DNS client ignoring its own timeout) cost a
 * diagnosis its deadline and no more: the probes waiting on them wait with a bound.
 */
class StuckLookupsIT {

    private static final Duration BOUND = Duration.ofSeconds(6);

    private final ProbeExecutor executor = new ProbeExecutor("stuck-lookups-it");
    /** Released after each test, so that the stuck threads end. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseAndClose() {
        release.countDown();
        executor.close();
    }

    private void stuck() {
        try {
            release.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aProxyWhoseNameNeverResolvesIsNamedSilentAtTheDeadline() throws IOException {
        Resolver stuckResolver = host -> {
            stuck();
            throw new java.net.UnknownHostException(host);
        };
        ConnDoctor doctor = ConnDoctor.builder().executor(executor).environment(Map.of()).resolver(stuckResolver)
                .commands((command, timeout) -> Optional.empty()).build();
        try (TestServer server = TestServer.startOnLoopback(TestServer.Behaviour.WEBSOCKET)) {
            Options options = Options.builder().timeout(Duration.ofSeconds(1))
                    .proxy(ProxyUrl.parse("http://proxy.stuck.test:3128").orElseThrow()).build();

            Diagnosis d = assertTimeoutPreemptively(BOUND, () -> doctor.run(
                    Target.parse("ws://127.0.0.1:" + server.port() + "/"), options, DiagnosisListener.NONE));

            ProxyAttempt attempt = d.evidence().path().proxy().orElseThrow().attempt().orElseThrow();
            assertThat(attempt.result()).isEqualTo(ProxyAttempt.Result.PROXY_SILENT);
            assertThat(attempt.detail()).isEqualTo("no tunnel within 1000 ms");
        }
    }

    @Test
    void aNameserverQuestionThatNeverReturnsIsAnsweredTimedOut(@TempDir Path root) throws Exception {
        DnsClient stuckClient = (server, name, type, timeout) -> {
            stuck();
            throw new IllegalStateException("released");
        };
        Files.createDirectories(root.resolve("etc"));
        HostFiles files = new HostFiles(root);

        DnsEvidence dns = assertTimeoutPreemptively(BOUND, () -> new NamesProbe(stuckClient, executor)
                .start("service.test", List.of(InetAddress.getByName("127.0.0.1")), files, Duration.ofSeconds(1))
                .get());

        assertThat(dns.answers()).hasSize(2).allSatisfy(answer -> assertThat(answer.error()).contains("timed out"));
    }
}
