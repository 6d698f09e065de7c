package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadlessChromiumTest {

    @Test
    void aTestBrowserIsHeadlessQuietAndHasAProfileOfItsOwn() {
        List<String> flags = HeadlessChromium.flags(Path.of("/tmp/profile-1"));

        assertThat(flags).contains("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=/tmp/profile-1");
    }

    @Test
    void mappedNamesAndIgnoredCertificateErrorsAreFlagsOfThisBrowserOnly() {
        assertThat(HeadlessChromium.builder().extraFlags()).isEmpty();
        assertThat(HeadlessChromium.builder().mapHost("check.test", "127.0.0.1").mapHost("b.test", "127.0.0.2")
                .ignoreCertificateErrors().extraFlags())
                .containsExactly("--host-resolver-rules=MAP check.test 127.0.0.1, MAP b.test 127.0.0.2",
                        "--ignore-certificate-errors");
    }

    @Test
    void withoutADriverTheBrowserOpensTheUrlItself() {
        List<String> command = HeadlessChromium.commandLine("http://192.0.2.10:8282/", Path.of("/tmp/p"),
                List.of("--ignore-certificate-errors"));

        assertThat(command.get(0)).isEqualTo("/usr/bin/chromium");
        assertThat(command).contains("--headless", "--user-data-dir=/tmp/p", "--ignore-certificate-errors");
        assertThat(command.get(command.size() - 1)).isEqualTo("http://192.0.2.10:8282/");
    }
}
