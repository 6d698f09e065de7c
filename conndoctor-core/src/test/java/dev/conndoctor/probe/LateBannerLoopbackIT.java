package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.CauseId;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.protocol.Speech;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Servers that speak first, but later than the probe's banner wait (a few round trips and a
 * floor): the greeting then arrives ahead of the reply to the request, and is still recognised
 * as the server speaking first. On 127.0.0.1, each server a thread of this test.
 */
class LateBannerLoopbackIT {

    /** Far past the banner wait on loopback (its floor), far below the timeout. */
    private static final long LATE_MS = 300;
    private static final Options OPTIONS = Options.builder().timeout(Duration.ofSeconds(3)).build();

    private ServerSocket listener;

    @AfterEach
    void stop() throws IOException {
        if (listener != null) {
            listener.close();
        }
    }

    @Test
    void anSshServerThatGreetsLateIsStillServerSpeaksFirst() throws IOException {
        serve(false, "SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n");

        Diagnosis d = diagnose("ws");

        assertThat(d.symptom()).isEqualTo(Symptom.HANDSHAKE_FAILED);
        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.SERVER_SPEAKS_FIRST);
        ProtocolExchange x = d.evidence().exchange().orElseThrow();
        assertThat(x.banner()).get().satisfies(b -> {
            assertThat(b.speech()).isEqualTo(Speech.SSH);
            assertThat(b.label()).isEqualTo("SSH-2.0-OpenSSH_9.2p1 Debian-2");
        });
        assertThat(x.request()).as("the request went out before the greeting came").startsWith("GET /");
    }

    @Test
    void aGatewayThatGreetsLateThenEchoesIsStillServerSpeaksFirstForHttp() throws IOException {
        serve(true, "Hello 0123456789abcdef0123\r\n");

        Diagnosis d = diagnose("http");

        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.SERVER_SPEAKS_FIRST);
        assertThat(d.evidence().exchange().orElseThrow().banner()).get()
                .satisfies(b -> assertThat(b.label()).isEqualTo("Hello 0123456789abcdef0123"));
    }

    @Test
    void aGreetingInTimeIsCaughtBeforeTheRequestAsBefore() throws IOException {
        serveAtOnce("SSH-2.0-OpenSSH_9.2p1\r\n");

        Diagnosis d = diagnose("ws");

        assertThat(d.causes().get(0).id()).isEqualTo(CauseId.SERVER_SPEAKS_FIRST);
        assertThat(d.evidence().exchange().orElseThrow().request()).as("nothing sent after the banner").isEmpty();
    }

    private Diagnosis diagnose(String scheme) {
        return ConnDoctor.builder().build().run(Target.parse(scheme + "://127.0.0.1:" + listener.getLocalPort() + "/"),
                OPTIONS, DiagnosisListener.NONE);
    }

    /** Greets {@code LATE_MS} after accepting, then echoes what came (or nothing), for every client. */
    private void serve(boolean echo, String greeting) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(() -> {
            while (!listener.isClosed()) {
                try (Socket client = listener.accept()) {
                    Thread.sleep(LATE_MS);
                    OutputStream out = client.getOutputStream();
                    out.write(greeting.getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    if (echo) {
                        client.setSoTimeout(1000);
                        InputStream in = client.getInputStream();
                        byte[] buffer = new byte[4096];
                        int n = in.read(buffer);
                        if (n > 0) {
                            out.write(buffer, 0, n);
                        }
                    }
                    client.setSoTimeout(1000);
                    client.getInputStream().read(new byte[4096]);
                } catch (IOException | InterruptedException e) {
                    // the test is over, or the client left
                }
            }
        });
    }

    private static void daemon(Runnable r) {
        Thread thread = new Thread(r, "late-banner-server");
        thread.setDaemon(true);
        thread.start();
    }

    private void serveAtOnce(String greeting) throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(() -> {
            while (!listener.isClosed()) {
                try (Socket client = listener.accept()) {
                    client.getOutputStream().write(greeting.getBytes(StandardCharsets.US_ASCII));
                    client.setSoTimeout(1000);
                    client.getInputStream().read(new byte[4096]);
                } catch (IOException e) {
                    // the test is over, or the client left
                }
            }
        });
    }
}
