package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The nginx fixture itself: it serves, it stops, and a bad configuration fails with nginx's own words. */
class NginxServerIT {

    @BeforeAll
    static void nginxIsInstalled() {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
    }

    @Test
    void servesTheStaticPageAndStopsOnClose(@TempDir Path dir) throws Exception {
        int port = NginxServer.freeLoopbackPort();
        NginxServer nginx = NginxServer.start(dir, """
                server {
                    listen 127.0.0.1:%d;
                    location / { root %s; }
                }""".formatted(port, NginxServer.documentRoot(dir)), port);
        try (nginx; Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(3_000);
            socket.getOutputStream().write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(reply).startsWith("HTTP/1.1 200 OK").contains("Server: nginx").contains("Welcome to nginx!");
            assertThat(Files.readString(dir.resolve("nginx.conf"))).contains("daemon off;", "master_process off;");
        }
        assertThat(nginx.isAlive()).isFalse();
    }

    @Test
    void aBadConfigurationFailsWithNginxsMessage(@TempDir Path dir) {
        int port = NginxServer.freeLoopbackPort();
        assertThatThrownBy(() -> NginxServer.start(dir, "server { listen 127.0.0.1:%d; no_such_directive on; }"
                .formatted(port), port))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no_such_directive");
    }
}
