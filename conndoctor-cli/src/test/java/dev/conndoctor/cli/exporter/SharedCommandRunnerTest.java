package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.probe.CommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SharedCommandRunnerTest {

    private static final List<String> IPTABLES = List.of("iptables-save");
    private static final Duration TIMEOUT = Duration.ofSeconds(1);

    @Test
    void callersAtOnceShareOneRun() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CommandRunner slow = (command, timeout) -> {
            runs.incrementAndGet();
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Optional.of("*filter\nCOMMIT\n");
        };
        SharedCommandRunner shared = new SharedCommandRunner(slow, Duration.ofSeconds(2));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Optional<String>>> outputs = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                outputs.add(pool.submit(() -> shared.run(IPTABLES, TIMEOUT)));
            }
            Thread.sleep(100);
            release.countDown();
            for (Future<Optional<String>> output : outputs) {
                assertThat(output.get(5, TimeUnit.SECONDS)).contains("*filter\nCOMMIT\n");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs).hasValue(1);
    }

    @Test
    void anOutputOlderThanTheAgeIsReadAgainAndOtherCommandsRunApart() {
        AtomicInteger runs = new AtomicInteger();
        AtomicLong now = new AtomicLong();
        SharedCommandRunner shared = new SharedCommandRunner((command, timeout) -> {
            runs.incrementAndGet();
            return Optional.of(String.join(" ", command) + runs.get());
        }, Duration.ofSeconds(2), now::get);

        assertThat(shared.run(IPTABLES, TIMEOUT)).contains("iptables-save1");
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(shared.run(IPTABLES, TIMEOUT)).contains("iptables-save1");
        assertThat(shared.run(List.of("nft", "-j", "list", "ruleset"), TIMEOUT)).contains("nft -j list ruleset2");
        now.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(shared.run(IPTABLES, TIMEOUT)).contains("iptables-save3");
    }
}
