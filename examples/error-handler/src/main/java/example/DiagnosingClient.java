package example;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A client of its own (here a plain socket) whose error handler asks conndoctor why the connection
 * failed, and logs the cause and the fix instead of "Connection refused".
 */
public final class DiagnosingClient {
    private final Consumer<String> log;

    public DiagnosingClient(Consumer<String> log) {
        this.log = log;
    }

    /** Connects to host:port; when that fails, logs conndoctor's diagnosis and returns false. */
    public boolean connect(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 3000);
            return true;
        } catch (IOException e) {
            onConnectFailure(host, port, e);
            return false;
        }
    }

    /** The error handler: one line with the symptom, then the primary cause, its evidence and its fixes. */
    void onConnectFailure(String host, int port, IOException failure) {
        Diagnosis d = ConnDoctor.diagnose(Target.parse(host + ":" + port),
                Options.builder().timeout(Duration.ofSeconds(2)).build());
        log.accept("cannot connect to " + host + ":" + port + " (" + failure.getMessage() + "): " + d.symptom().id());
        d.primaryCause().ifPresent(cause -> {
            log.accept("cause: " + cause.id().id() + " (" + cause.confidence().id() + "): "
                    + cause.summary().render(Locale.ROOT));
            cause.evidence().forEach(e -> log.accept("  evidence: " + e.render(Locale.ROOT)));
            cause.fixes().forEach(f -> log.accept("  fix: " + f.render(Locale.ROOT)));
        });
    }

    public static void main(String[] args) {
        boolean ok = new DiagnosingClient(System.err::println).connect(args[0], Integer.parseInt(args[1]));
        System.exit(ok ? 0 : 1);
    }
}
