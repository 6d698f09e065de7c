package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.probe.ProbeExecutor;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** The doctor runs its probes on the executor it is given, and so do the doctors made from it. */
class ConnDoctorExecutorTest {

    @Test
    void doctorsMadeWithToBuilderShareTheGivenExecutor() {
        ProbeExecutor executor = new ProbeExecutor();
        ConnDoctor doctor = ConnDoctor.builder()
                .resolver(host -> List.of(InetAddress.getByName("127.0.0.1")))
                .hostRoot(Path.of("/nonexistent-root"))
                .environment(Map.of())
                .systemProperties(new Properties())
                .executor(executor)
                .build();
        ConnDoctor derived = doctor.toBuilder().clock(java.time.Clock.systemUTC()).build();
        Options options = Options.builder().proxy(Options.ProxyChoice.NONE).build();

        executor.close();

        // a name is resolved on a probe thread: a closed executor has none to give
        assertThatThrownBy(() -> derived.run(Target.parse("ws://service.test:8282"), options, DiagnosisListener.NONE))
                .isInstanceOf(RejectedExecutionException.class);
    }
}
