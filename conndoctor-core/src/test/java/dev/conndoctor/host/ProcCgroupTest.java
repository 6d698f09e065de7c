package dev.conndoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Container ids in /proc/PID/cgroup: a real Docker capture, and the layouts each engine documents. */
class ProcCgroupTest {
    private static final String ID = "34c853e8f18f6aa013c678356beb346fa00b577b88cf96b7ba75471eac13a986";

    @Test
    void aContainerUnderACgroupParentIsKnownByItsIdAloneOnEveryHierarchy() {
        ProcCgroup.ContainerRef ref = ProcCgroup.container(ContainerFixtures.text("proc-pid-cgroup-loopweb.txt")).orElseThrow();

        assertThat(ref.id()).isEqualTo(ID);
        assertThat(ref.engine()).isEmpty();
    }

    @Test
    void eachEnginesNamingGivesTheEngineAndTheId() {
        assertThat(ProcCgroup.container("0::/system.slice/docker-" + ID + ".scope\n"))
                .contains(new ProcCgroup.ContainerRef(Optional.of("docker"), ID));
        assertThat(ProcCgroup.container("12:memory:/docker/" + ID + "\n0::/\n"))
                .contains(new ProcCgroup.ContainerRef(Optional.of("docker"), ID));
        assertThat(ProcCgroup.container("0::/machine.slice/libpod-" + ID + ".scope/container\n"))
                .contains(new ProcCgroup.ContainerRef(Optional.of("podman"), ID));
        assertThat(ProcCgroup.container("0::/user.slice/user-1000.slice/user@1000.service/user.slice/libpod-" + ID
                + ".scope\n")).contains(new ProcCgroup.ContainerRef(Optional.of("podman"), ID));
        assertThat(ProcCgroup.container("0::/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod0f1e_2d.slice/"
                + "cri-containerd-" + ID + ".scope\n")).contains(new ProcCgroup.ContainerRef(Optional.of("containerd"), ID));
    }

    @Test
    void aHostProcessAndPodmansMonitorAreInNoContainer() {
        assertThat(ProcCgroup.container("0::/system.slice/ssh.service\n")).isEmpty();
        assertThat(ProcCgroup.container("0::/machine.slice/libpod-conmon-" + ID + ".scope\n")).isEmpty();
        assertThat(ProcCgroup.container("")).isEmpty();
    }
}
