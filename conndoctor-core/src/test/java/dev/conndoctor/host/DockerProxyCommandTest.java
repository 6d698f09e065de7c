package dev.conndoctor.host;

import static dev.conndoctor.host.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** docker-proxy command lines captured from a real Docker 20.10 host (fixtures/containers). */
class DockerProxyCommandTest {

    private final List<DockerProxyCommand> captured = ContainerFixtures.dockerProxyArgvs().stream()
            .map(argv -> DockerProxyCommand.parse(Argv.of(ContainerFixtures.cmdline(argv))).orElseThrow()).toList();

    @Test
    void aDockerProxyCommandLineGivesTheHostAndContainerEndpoints() {
        DockerProxyCommand web = captured.get(0);

        assertThat(web.program()).isEqualTo("docker-proxy");
        assertThat(web.protocol()).isEqualTo("tcp");
        assertThat(web.hostAddress()).isEqualTo(ip("0.0.0.0"));
        assertThat(web.hostPort()).isEqualTo(18080);
        assertThat(web.containerAddress()).isEqualTo(ip("203.0.113.194"));
        assertThat(web.containerPort()).isEqualTo(80);
    }

    @Test
    void onePublishedPortHasAProxyPerAddressFamilyBothToTheContainersIpv4Address() {
        assertThat(captured).hasSize(7);
        assertThat(captured.get(1).hostAddress()).isEqualTo(ip("::"));
        assertThat(captured.get(1).hostPort()).isEqualTo(18080);
        assertThat(captured.get(1).containerAddress()).isEqualTo(ip("203.0.113.194"));
    }

    @Test
    void aPortPublishedOnLoopbackHasOneProxyOnLoopback() {
        assertThat(captured.stream().filter(c -> c.hostPort() == 18082))
                .singleElement().satisfies(c -> assertThat(c.hostAddress()).isEqualTo(ip("127.0.0.1")));
    }

    @Test
    void goFlagSpellingsAndDefaultsAreTheProxysOwn() {
        DockerProxyCommand p = DockerProxyCommand.parse(List.of("/usr/libexec/docker/docker-proxy", "--host-port=8443",
                "--container-ip=fd00::5", "-container-port", "443", "-use-listen-fd")).orElseThrow();

        assertThat(p.protocol()).isEqualTo("tcp");
        assertThat(p.hostAddress()).isEqualTo(ip("0.0.0.0"));
        assertThat(p.hostPort()).isEqualTo(8443);
        assertThat(p.containerAddress()).isEqualTo(ip("fd00::5"));
    }

    @Test
    void rootlessDockersProxyTakesTheSameFlags() {
        assertThat(DockerProxyCommand.parse(List.of("rootlesskit-docker-proxy", "-container-ip", "172.17.0.2",
                "-container-port", "80", "-host-ip", "0.0.0.0", "-host-port", "8080", "-proto", "tcp")))
                .hasValueSatisfying(p -> assertThat(p.program()).isEqualTo("rootlesskit-docker-proxy"));
    }

    @Test
    void anotherProgramOrAMissingPortOrANameInsteadOfAnAddressIsNotAPublication() {
        assertThat(DockerProxyCommand.parse(List.of("socat", "-host-port", "80"))).isEmpty();
        assertThat(DockerProxyCommand.parse(List.of("docker-proxy", "-container-ip", "172.17.0.2", "-container-port", "80")))
                .isEmpty();
        assertThat(DockerProxyCommand.parse(List.of("docker-proxy", "-host-port", "80", "-container-ip", "db.internal",
                "-container-port", "80"))).isEmpty();
        assertThat(DockerProxyCommand.parse(List.of("docker-proxy", "-host-port", "99999", "-container-ip", "172.17.0.2",
                "-container-port", "80"))).isEmpty();
        assertThat(DockerProxyCommand.parse(List.of())).isEmpty();
    }
}
