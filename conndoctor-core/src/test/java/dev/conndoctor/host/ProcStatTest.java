package dev.conndoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** /proc/PID/stat's parent pid, whatever the process called itself. */
class ProcStatTest {

    @Test
    void theParentIsTheSecondFieldAfterTheName() {
        assertThat(ProcStat.parentPid("9010 (exe) S 9000 9010 9000 0 -1 4194560 0 0")).isEqualTo(OptionalInt.of(9000));
    }

    @Test
    void aNameWithSpacesAndParenthesesDoesNotShiftTheFields() {
        assertThat(ProcStat.parentPid("77 (a) b (c d) R 12 77 77 0")).isEqualTo(OptionalInt.of(12));
    }

    @Test
    void somethingElseHasNoParent() {
        assertThat(ProcStat.parentPid("")).isEmpty();
        assertThat(ProcStat.parentPid("not a stat line")).isEmpty();
    }
}
