package dev.conndoctor.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How the lab recognises its own namespaces and those that earlier, dead runs left behind. */
class LabNamesTest {

    @Test
    void aLabNameCarriesTheOwningPid() {
        assertThat(Lab.owner("cdlab-4242-server")).isEqualTo(OptionalLong.of(4242));
        assertThat(Lab.owner("cdlab-4242-router")).isEqualTo(OptionalLong.of(4242));
        assertThat(Lab.owner("cdlab-x-server")).isEmpty();
        assertThat(Lab.owner("docker-netns")).isEmpty();
        assertThat(Lab.owner("cdlab-4242")).isEmpty();
    }

    @Test
    void namespaceNamesAreReadFromIpNetnsListWithOrWithoutIds() {
        assertThat(Lab.namespaceNames("cdlab-1-router (id: 3)\ncdlab-1-server\n\nother (id: 0)\n"))
                .containsExactly("cdlab-1-router", "cdlab-1-server", "other");
    }

    @Test
    void onlyLabNamesOfDeadOwnersAreSwept() {
        List<String> names = List.of("cdlab-1-router", "cdlab-2-router", "cdlab-2-server", "someone-elses", "cdlab-probe");
        assertThat(Lab.orphaned(names, pid -> pid == 1)).containsExactly("cdlab-2-router", "cdlab-2-server");
    }
}
