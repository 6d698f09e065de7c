package dev.conndoctor.host;

import static dev.conndoctor.host.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The engines' own files and command lines: dockerd's captured argv and config.v2.json, conmon's documented flags. */
class EngineStateTest {

    @Test
    void dockerdsCommandLineNamesItsDataRootAndConfigFile() {
        List<String> dockerd = ContainerFixtures.psArgv(5551);

        assertThat(DockerState.isDockerd(dockerd)).isTrue();
        assertThat(DockerState.dataRoot(dockerd)).contains("/tmp/cddock-cap/data");
        assertThat(DockerState.configFile(dockerd)).isEqualTo("/tmp/cddock-cap/daemon.json");
        assertThat(DockerState.dataRoot(List.of("/usr/bin/dockerd", "-H", "fd://"))).isEmpty();
        assertThat(DockerState.configFile(List.of("/usr/bin/dockerd"))).isEqualTo("/etc/docker/daemon.json");
    }

    @Test
    void daemonJsonMaySetTheDataRoot() {
        assertThat(DockerState.dataRootOfConfig("{\"data-root\": \"/srv/docker\", \"bip\": \"192.0.2.1/24\"}"))
                .contains("/srv/docker");
        assertThat(DockerState.dataRootOfConfig("{}")).isEmpty();
        assertThat(DockerState.dataRootOfConfig("not json")).isEmpty();
    }

    @Test
    void aContainersStateFileGivesItsNameProcessAndAddress() {
        DockerState.Container loopweb = DockerState.container(
                ContainerFixtures.text("config.v2/loopweb.config.v2.json")).orElseThrow();

        assertThat(loopweb.id()).isEqualTo("34c853e8f18f6aa013c678356beb346fa00b577b88cf96b7ba75471eac13a986");
        assertThat(loopweb.name()).isEqualTo("loopweb");
        assertThat(loopweb.pid()).contains(6434);
        assertThat(loopweb.running()).isTrue();
        assertThat(loopweb.addresses()).containsExactly(ip("203.0.113.195"));
        assertThat(DockerState.container("{\"Name\": \"/x\"}")).isEmpty();
        assertThat(DockerState.container("")).isEmpty();
    }

    @Test
    void conmonsArgumentsNameThePodmanContainerItMonitors() {
        String id = "1f0c6ae3b0a5d8b1c2e4f6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f7a8b";
        List<String> conmon = List.of("/usr/bin/conmon", "--api-version", "1", "-c", id, "-u", id, "-r", "/usr/bin/crun",
                "-b", "/var/lib/containers/storage/overlay-containers/" + id + "/userdata", "-p",
                "/run/containers/storage/overlay-containers/" + id + "/userdata/pidfile", "-n", "webapp",
                "--exit-dir", "/run/libpod/exits", "-s", "-l", "journald");

        assertThat(PodmanState.conmon(conmon)).contains(new PodmanState.Conmon(id, Optional.of("webapp")));
        assertThat(PodmanState.conmon(List.of("/usr/bin/conmon", "--cid=" + id)))
                .contains(new PodmanState.Conmon(id, Optional.empty()));
        assertThat(PodmanState.conmon(List.of("crun", "-c", id))).isEmpty();
    }

    @Test
    void containersJsonMapsIdsToNames() {
        assertThat(PodmanState.names("[{\"id\": \"abc\", \"names\": [\"webapp\"], \"image\": \"i\"}, {\"id\": \"def\"}]"))
                .containsExactly(java.util.Map.entry("abc", "webapp"));
        assertThat(PodmanState.names("{")).isEmpty();
    }
}
