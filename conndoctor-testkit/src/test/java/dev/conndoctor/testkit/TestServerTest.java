package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test server without a socket: its banner, its names, and the arguments its main refuses. */
class TestServerTest {

    @Test
    void everyBannerCarriesItsOwnId() {
        java.security.SecureRandom random = new java.security.SecureRandom();
        assertThat(TestServer.bannerLine(random)).isNotEqualTo(TestServer.bannerLine(random));
    }

    @Test
    void behaviourNamesParseInEveryUsualSpelling() {
        assertThat(Behaviour.parse("websocket")).isEqualTo(Behaviour.WEBSOCKET);
        assertThat(Behaviour.parse("http-200")).isEqualTo(Behaviour.HTTP_200);
        assertThat(Behaviour.parse("CLOSE_IMMEDIATELY")).isEqualTo(Behaviour.CLOSE_IMMEDIATELY);
        assertThat(Behaviour.parse("websocket-wrong-accept")).isEqualTo(Behaviour.WEBSOCKET_WRONG_ACCEPT);
        assertThat(Behaviour.parse("close-after-read")).isEqualTo(Behaviour.CLOSE_AFTER_READ);
        assertThat(Behaviour.parse("websocket-close-after")).isEqualTo(Behaviour.WEBSOCKET_CLOSE_AFTER);
        assertThat(Behaviour.parse("WEBSOCKET_STOPS_PONGING")).isEqualTo(Behaviour.WEBSOCKET_STOPS_PONGING);
        assertThatThrownBy(() -> Behaviour.parse("teapot")).hasMessageContaining("unknown behaviour 'teapot'");
    }

    @Test
    void theTimedWebSocketOptionsAreReadFromTheCommandLine() {
        TestServer.Builder builder = TestServer.parseArgs(new String[] {"--behaviour", "websocket-close-after",
            "--after-ms", "750", "--close-code", "4001", "--close-reason", "kicked"});

        assertThat(builder).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestServer.parseArgs(new String[] {"--behaviour",
            "websocket-close-after", "--close-code", "70000"})).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressesAreLiteralsNeverNames() {
        assertThat(TestServer.parseLiteral("[2001:db8:a::10]").getHostAddress()).isEqualTo("2001:db8:a:0:0:0:0:10");
        assertThatThrownBy(() -> TestServer.parseLiteral("example.com")).hasMessageContaining("not an IP address");
    }

    @Test
    void mainRejectsBadArgumentsWithExitCodeTwo() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        PrintStream out = new PrintStream(OutputStream.nullOutputStream());
        assertThat(TestServer.run(new String[] {"--port", "80"}, out, errStream)).isEqualTo(2);
        assertThat(TestServer.run(new String[] {"--behaviour", "accept", "--port", "x"}, out, errStream)).isEqualTo(2);
        assertThat(TestServer.run(new String[] {"--behaviour", "accept", "--bind", "nowhere.example"}, out, errStream))
                .isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--behaviour is required").contains("usage:")
                .contains("websocket-one-path").contains("--tls-keystore");
    }

    @Test
    void mainReportsAnUnreadableKeyStoreWithExitCodeOne(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = TestServer.run(new String[] {"--behaviour", "websocket", "--tls-keystore",
                dir.resolve("missing.p12").toString()}, new PrintStream(OutputStream.nullOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("missing.p12");
    }
}
