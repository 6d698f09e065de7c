package dev.conndoctor.host;

import static dev.conndoctor.host.Fixtures.ip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** pasta's -t specs, in the forms its manual documents and rootless Podman 5 writes. */
class PastaCommandTest {

    private static PastaCommand pasta(String... args) {
        return PastaCommand.parse(List.of(args)).orElseThrow();
    }

    @Test
    void podmansRangeSpellingForwardsOneHostPortToTheContainerPort() {
        PastaCommand p = pasta("/usr/bin/pasta", "--config-net", "-t", "8080-8080:80-80", "--dns-forward", "169.254.1.1",
                "-u", "none", "-T", "none", "-U", "none", "--no-map-gw", "--quiet", "--netns",
                "/run/user/1000/netns/netns-1f0c");

        PastaCommand.Forward f = p.forwarding(8080).orElseThrow();
        assertThat(f.address()).isEmpty();
        assertThat(f.target(8080)).isEqualTo(80);
        assertThat(p.forwarding(8081)).isEmpty();
        assertThat(p.automatic()).isFalse();
    }

    @Test
    void anAddressBeforeTheSlashLimitsTheForwardToIt() {
        PastaCommand p = pasta("pasta", "--tcp-ports", "127.0.0.1/8080-8080:80-80", "-t", "192.0.2.1%eth0/22");

        assertThat(p.forwarding(8080).orElseThrow().address()).isEqualTo(Optional.of(ip("127.0.0.1")));
        assertThat(p.forwarding(22).orElseThrow().address()).isEqualTo(Optional.of(ip("192.0.2.1")));
        assertThat(p.forwarding(22).orElseThrow().target(22)).isEqualTo(22);
    }

    @Test
    void listsRangesAndExclusionsAreReadAsTheManualSays() {
        PastaCommand p = pasta("pasta.avx2", "-t", "22,2000-5000,~3000-3010", "-t", "22-80:32-90");

        assertThat(p.forwarding(22)).isPresent();
        assertThat(p.forwarding(2500)).isPresent();
        assertThat(p.forwarding(3005)).isEmpty();
        assertThat(p.forwarding(70).orElseThrow().target(70)).isEqualTo(70 - 22 + 32);
    }

    @Test
    void autoAllAndExclusionsAloneForwardPortsPastaChoosesItself() {
        assertThat(pasta("pasta", "-t", "auto").automatic()).isTrue();
        assertThat(pasta("pasta", "-t", "~25").automatic()).isTrue();
        assertThat(pasta("pasta", "-t", "none").automatic()).isFalse();
        assertThat(pasta("pasta", "-t", "none").forwards()).isEmpty();
    }

    @Test
    void anotherProgramIsNotPasta() {
        assertThat(PastaCommand.parse(List.of("slirp4netns", "-t", "80"))).isEmpty();
    }
}
