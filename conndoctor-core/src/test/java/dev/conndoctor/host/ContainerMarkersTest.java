package dev.conndoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContainerMarkersTest {

    private static final String ID = "3f4e5a1b2c3d4e5f60718293a4b5c6d7e8f9012345678901234567890abcdef0";
    /** The root mount of a Docker container on overlay2 (the lowerdir list shortened). */
    private static final String OVERLAY_ROOT = "612 540 0:52 / / rw,relatime master:260 - overlay overlay "
            + "rw,lowerdir=/var/lib/docker/overlay2/l/ABC:/var/lib/docker/overlay2/l/DEF,"
            + "upperdir=/var/lib/docker/overlay2/123/diff,workdir=/var/lib/docker/overlay2/123/work\n"
            + "613 612 0:55 / /proc rw,nosuid,nodev,noexec,relatime - proc proc rw\n";
    /** This project's CI machines: an image turned into a VM keeps /.dockerenv on an ext4 root. */
    private static final String EXT4_ROOT = "27 1 254:0 / / rw,relatime - ext4 /dev/vda rw,discard\n"
            + "22 27 0:21 / /proc rw,relatime - proc proc rw\n";

    @Test
    void aDockerenvOnAnOverlayRootIsADockerContainer() {
        Optional<ContainerMarkers.Finding> found = ContainerMarkers.detect(true, false, false,
                Optional.of("0::/\n"), Optional.of(OVERLAY_ROOT));

        assertThat(found).get().satisfies(f -> {
            assertThat(f.engine()).isEqualTo("docker");
            assertThat(f.signs()).containsExactly("/.dockerenv", "root file system overlay");
            assertThat(f.id()).isEmpty();
        });
    }

    @Test
    void aDockerenvLeftInAVirtualMachinesExt4RootIsNoContainer() {
        assertThat(ContainerMarkers.detect(true, false, false, Optional.of("0::/\n1:cpu:/\n"), Optional.of(EXT4_ROOT)))
                .isEmpty();
    }

    @Test
    void aCgroupV1PathUnderDockerNamesTheContainerAlone() {
        assertThat(ContainerMarkers.detect(false, false, false,
                Optional.of("12:pids:/docker/" + ID + "\n11:memory:/docker/" + ID + "\n"), Optional.of(EXT4_ROOT)))
                .get().satisfies(f -> {
                    assertThat(f.engine()).isEqualTo("docker");
                    assertThat(f.id()).contains(ID);
                });
    }

    @Test
    void aSystemdScopeOfDockerOrPodmanNamesItsEngine() {
        assertThat(ContainerMarkers.detect(false, false, false,
                Optional.of("0::/system.slice/docker-" + ID + ".scope\n"), Optional.empty()))
                .get().satisfies(f -> assertThat(f.engine()).isEqualTo("docker"));
        assertThat(ContainerMarkers.detect(false, true, false,
                Optional.of("0::/machine.slice/libpod-" + ID + ".scope/container\n"), Optional.empty()))
                .get().satisfies(f -> {
                    assertThat(f.engine()).isEqualTo("podman");
                    assertThat(f.id()).contains(ID);
                });
    }

    @Test
    void aKubernetesPodIsNamedSoEvenWhenItsRuntimeIsDocker() {
        assertThat(ContainerMarkers.detect(false, false, true,
                Optional.of("0::/kubepods/besteffort/pod5c1a/" + ID + "\n"), Optional.of(OVERLAY_ROOT)))
                .get().satisfies(f -> assertThat(f.engine()).isEqualTo("kubernetes"));
    }

    @Test
    void theHostsOwnDockerServiceCgroupIsNoContainer() {
        assertThat(ContainerMarkers.detect(false, false, false,
                Optional.of("0::/system.slice/docker.service\n"), Optional.of(EXT4_ROOT))).isEmpty();
        assertThat(ContainerMarkers.detect(false, false, false,
                Optional.of("0::/system.slice/containerd.service\n"), Optional.of(EXT4_ROOT))).isEmpty();
    }

    @Test
    void theLastMountOnRootIsTheOneInEffect() {
        assertThat(ContainerMarkers.rootFileSystem(EXT4_ROOT + "700 27 0:60 / / rw - overlay overlay rw\n"))
                .contains("overlay");
    }
}
