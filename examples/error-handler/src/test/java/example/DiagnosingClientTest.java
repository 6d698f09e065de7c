package example;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The example's error handler against a loopback port nothing listens on. */
class DiagnosingClientTest {

    @Test
    void aRefusedConnectionIsLoggedWithItsCauseAndFix() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        List<String> log = new ArrayList<>();

        assertFalse(new DiagnosingClient(log::add).connect("127.0.0.1", port));

        assertTrue(log.get(0).startsWith("cannot connect to 127.0.0.1:" + port), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.startsWith("cause: server-not-listening")), log.toString());
        assertTrue(log.stream().anyMatch(l -> l.contains("fix: ") && l.contains("ss -ltnp")), log.toString());
    }
}
