package dev.conndoctor.listen;

import dev.conndoctor.Text;
import dev.conndoctor.protocol.Proof;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decides, from a client's first bytes, what {@code conndoctor listen} reports about it and whether
 * it answers: what the client spoke, whether that matches, the fix, and whether it asked for the
 * proof. Pure: the listener's I/O loop reads the bytes and does what this says.
 */
final class ClientClassifier {

    /**
     * What the listener makes of one client.
     *
     * @param reading what the client spoke, as the listener answers it
     * @param tls whether the client completed a TLS handshake with this listener
     * @param headTooLarge whether the request head filled the buffer without ending: answered 431
     * @param answered whether the listener answers in the protocol it serves
     * @param proof whether the answer carries the end-to-end proof
     * @param portCheck whether the client opened and closed without a byte: not counted as a client
     * @param route the part of the browser check this request is, if any
     */
    record Verdict(RequestReading reading, boolean tls, boolean matches, Optional<String> sni, Optional<Text> fix,
                   boolean headTooLarge, boolean answered, boolean proof, boolean portCheck, BrowserRoute route) {

        /** The report of this client. */
        ClientReport report(Instant at, String peer) {
            return new ClientReport(at, peer, reading.spoke(), tls, matches, sni.or(reading::sni), reading.path(),
                    reading.preview(), fix, proof);
        }

        /** Whether this request counts toward --max-clients: a port check and the check page's own traffic do not. */
        boolean counted() {
            return !portCheck && !route.checkTraffic();
        }
    }

    private final ListenProtocol protocol;
    private final boolean listenerTls;
    private final boolean tokenSet;
    private final String port;

    /**
     * @param listenerTls whether the listener serves TLS
     * @param tokenSet whether the listener has a token, so can prove
     * @param port the listener's port, as fixes name it
     */
    ClientClassifier(ListenProtocol protocol, boolean listenerTls, boolean tokenSet, String port) {
        this.protocol = protocol;
        this.listenerTls = listenerTls;
        this.tokenSet = tokenSet;
        this.port = port;
    }

    /**
     * Classifies a client from what it sent first ({@code hello}, {@code helloCount}: maybe a
     * ClientHello) and, when a TLS handshake completed, what it sent inside TLS ({@code first},
     * {@code firstCount}; otherwise the same bytes as {@code hello}).
     *
     * @param closedAtOnce whether it closed without a byte well before the handshake timeout
     */
    Verdict classify(byte[] hello, int helloCount, boolean tlsDone, byte[] first, int firstCount,
                     boolean closedAtOnce) {
        boolean clientTls = ClientHello.looksLikeClientHello(hello, helloCount);
        Optional<String> sni = clientTls ? ClientHello.serverName(hello, helloCount) : Optional.empty();
        RequestReading reading = clientTls && !tlsDone
                ? new RequestReading(ClientSpeech.TLS, Optional.empty(), Map.of(), sni,
                RequestReading.of(hello, helloCount).preview())
                : RequestReading.of(first, firstCount);
        boolean matches = protocol.matches(reading.spoke()) && (clientTls == listenerTls);
        boolean headTooLarge = firstCount == first.length && !RequestReading.headComplete(first, firstCount);
        boolean answered = !(clientTls && !tlsDone || !clientTls && listenerTls
                || reading.spoke() == ClientSpeech.NOTHING || headTooLarge);
        boolean proof = answered && tokenSet && proofRequested(reading, first, firstCount);
        // the browser check lives on WebSocket listeners; its socket is noted even when not answered (ws:// to TLS)
        BrowserRoute route = protocol == ListenProtocol.WEBSOCKET && !(clientTls && !tlsDone) && !headTooLarge
                ? BrowserRoute.of(BrowserRoute.method(first, firstCount), reading) : BrowserRoute.NONE;
        if (!answered && route != BrowserRoute.SOCKET) {
            route = BrowserRoute.NONE;
        }
        // a client that opens and closes without a byte is checking the port (conndoctor's own first probe does)
        Optional<Text> fix = closedAtOnce ? Optional.of(Text.of("listen.fix.closed-at-once"))
                : Mismatches.fix(protocol, listenerTls, reading.spoke(), clientTls, sni, port);
        if (route == BrowserRoute.PAGE) {
            // a browser asking for the check page is what the listener serves it: its report tells the rest
            matches = true;
            fix = Optional.empty();
        } else if (route == BrowserRoute.STRIPPED) {
            // the page's own WebSocket arrived without Upgrade: the page sent it, so something in between dropped it
            fix = Optional.of(Text.of("listen.fix.upgrade-stripped", BrowserRoute.SOCKET_PATH));
        }
        return new Verdict(reading, tlsDone, matches, sni, fix, headTooLarge, answered, proof, closedAtOnce, route);
    }

    /** The report of a client whose TLS handshake with this listener failed: most often it does not trust the certificate. */
    static ClientReport handshakeFailed(Instant at, String peer, byte[] hello, int helloCount, String failure) {
        Optional<String> sni = ClientHello.serverName(hello, helloCount);
        return new ClientReport(at, peer, ClientSpeech.TLS, false, false, sni, Optional.empty(),
                RequestReading.of(hello, helloCount).preview(),
                Optional.of(Text.of("listen.fix.tls-handshake-failed", failure)), false);
    }

    /** Whether the listener will write a proof: asked for in the form this listener's protocol answers. */
    private boolean proofRequested(RequestReading reading, byte[] first, int count) {
        boolean header = reading.headers().containsKey(Proof.NONCE_HEADER.toLowerCase(Locale.ROOT));
        boolean line = new String(first, 0, count, StandardCharsets.ISO_8859_1).startsWith(Proof.LINE_PREFIX);
        return switch (protocol) {
            case WEBSOCKET, HTTP -> header
                    && (reading.spoke() == ClientSpeech.WEBSOCKET || reading.spoke() == ClientSpeech.HTTP);
            case TEXT, TCP -> line;
        };
    }
}
