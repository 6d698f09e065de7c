package dev.conndoctor.host;

import static dev.conndoctor.host.ProcNetNetstatTest.server;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** /proc/PID/limits of a real JVM (fixtures/server/proc-limits-java). */
class ProcLimitsTest {

    @Test
    void theSoftOpenFilesLimitIsRead() {
        assertThat(ProcLimits.openFilesSoftLimit(server("proc-limits-java"))).contains(20000L);
    }

    @Test
    void theSoftLimitIsTakenNotTheHardOne() {
        String limits = "Limit                     Soft Limit           Hard Limit           Units     \n"
                + "Max open files            1024                 524288               files     \n";

        assertThat(ProcLimits.openFilesSoftLimit(limits)).contains(1024L);
    }

    @Test
    void anUnlimitedOrMissingLimitIsEmpty() {
        String unlimited = server("proc-limits-java").replaceFirst("Max open files\\s+20000", "Max open files            unlimited");

        assertThat(unlimited).contains("Max open files            unlimited");
        assertThat(ProcLimits.openFilesSoftLimit(unlimited)).isEmpty();
        assertThat(ProcLimits.openFilesSoftLimit("")).isEmpty();
        assertThat(ProcLimits.openFilesSoftLimit("Max processes 96529 96529 processes\n")).isEmpty();
    }
}
