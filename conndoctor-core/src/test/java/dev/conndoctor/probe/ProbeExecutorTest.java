package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProbeExecutorTest {

    @Test
    void probesRunOnNamedDaemonThreads() throws Exception {
        try (ProbeExecutor executor = new ProbeExecutor("test-probe")) {
            Thread thread = executor.submit(Thread::currentThread).get(5, TimeUnit.SECONDS);

            assertThat(thread.isDaemon()).isTrue();
            assertThat(thread.getName()).startsWith("test-probe-");
        }
    }

    @Test
    void aClosedExecutorRejectsNewProbesAndInterruptsRunningOnes() throws Exception {
        ProbeExecutor executor = new ProbeExecutor();
        var running = executor.supply(() -> {
            try {
                Thread.sleep(60_000);
                return "slept";
            } catch (InterruptedException e) {
                return "interrupted";
            }
        });

        executor.close();

        assertThat(executor.isClosed()).isTrue();
        assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("interrupted");
        assertThatThrownBy(() -> executor.submit(() -> 1)).isInstanceOf(RejectedExecutionException.class);
    }
}
