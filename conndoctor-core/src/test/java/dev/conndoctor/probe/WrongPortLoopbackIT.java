package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.describe.ServerSpeech;
import dev.conndoctor.testkit.TestServer;
import dev.conndoctor.testkit.TestServer.Behaviour;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** wrong-port on 127.0.0.1: a WebSocket server on port P, the client dials a neighbour of P. */
class WrongPortLoopbackIT {

    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    private TestServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A WebSocket server on a port P whose neighbour P+offset refuses (tries again if it happens to be taken). */
    private int startWithAFreeNeighbour(Behaviour behaviour, int offset) throws IOException {
        for (int attempt = 0; attempt < 20; attempt++) {
            TestServer candidate = TestServer.startOnLoopback(behaviour);
            int neighbour = candidate.port() + offset;
            if (neighbour > 0 && neighbour < 65536 && refuses(neighbour)) {
                server = candidate;
                return neighbour;
            }
            candidate.close();
        }
        throw new AssertionError("no port with a free neighbour found");
    }

    private static boolean refuses(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static Diagnosis diagnose(String target) {
        return ConnDoctor.system().run(Target.parse(target), FAST, DiagnosisListener.NONE);
    }

    private static Cause wrongPort(Diagnosis d) {
        return d.causes().stream().filter(c -> c.id() == CauseId.WRONG_PORT).findFirst()
                .orElseThrow(() -> new AssertionError("no wrong-port among " + d.causes()));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, -1})
    void aWebSocketClientDiallingTheNeighbourOfAWebSocketServerIsToldWrongPortNamingIt(int offset) throws IOException {
        int dialled = startWithAFreeNeighbour(Behaviour.WEBSOCKET, offset);

        Diagnosis d = diagnose("ws://127.0.0.1:" + dialled + "/");

        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        Cause cause = wrongPort(d);
        // on this machine the socket table proves the dialled port empty: confirmed, not just likely
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        String evidence = String.join("\n", cause.evidence().stream().map(t -> t.render(Locale.ROOT)).toList());
        assertThat(evidence).contains("127.0.0.1:" + server.port());
        assertThat(cause.fixes().get(0).render(Locale.ROOT)).contains(String.valueOf(server.port()));
        ProtocolExchange spoken = d.evidence().portScan().orElseThrow().spoken().get(server.port());
        assertThat(spoken).as("the scan spoke WebSocket to P").isNotNull();
        assertThat(ServerSpeech.describe(spoken).render(Locale.ROOT)).contains("101");
    }

    @Test
    void theWrongPortIsThePrimaryCauseOnThisMachineToo() throws IOException {
        int dialled = startWithAFreeNeighbour(Behaviour.WEBSOCKET, 1);

        Diagnosis d = diagnose("ws://127.0.0.1:" + dialled + "/");

        assertThat(d.primaryCause()).get().extracting(Cause::id).isEqualTo(CauseId.WRONG_PORT);
    }

    @Test
    void aNeighbourThatSpeaksAnotherProtocolIsNoWrongPort() throws IOException {
        int dialled = startWithAFreeNeighbour(Behaviour.HTTP_200, 1);

        Diagnosis d = diagnose("ws://127.0.0.1:" + dialled + "/");

        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(d.causes()).extracting(Cause::id).doesNotContain(CauseId.WRONG_PORT);
        assertThat(d.ruledOut()).extracting(r -> r.id()).contains(CauseId.WRONG_PORT);
    }
}
