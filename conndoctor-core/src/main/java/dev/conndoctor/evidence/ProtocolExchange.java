package dev.conndoctor.evidence;

import dev.conndoctor.net.Endpoints;

import dev.conndoctor.Scheme;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Sniffed;
import dev.conndoctor.protocol.Speech;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.net.InetAddress;
import java.util.Optional;

/**
 * What happened after TCP connected: the protocol the target's scheme promises, tried for real,
 * and what the server answered.
 *
 * @param tls the TLS step of wss, https and tls targets
 * @param banner bytes the server sent before conndoctor said anything
 * @param request the first line conndoctor sent ("" when nothing was sent)
 * @param sniffed what the reply's first bytes are
 * @param http the reply's head when it is HTTP
 * @param bodyPreview an escaped, bounded preview of the body after that head
 * @param websocket the verdict on a WebSocket handshake answer
 * @param pingAnswered after a valid handshake, whether a ping got a pong back
 * @param tlsFollowUp when a plain request got nothing back: a TLS handshake tried on the same port
 * @param plainFollowUp when the server answered a ClientHello with something else, or not at all: what it says
 *                      in plain on a new connection (for wss the WebSocket upgrade, for https a GET)
 * @param closedOnAccept when the server closed without a byte: whether it closes connections that send nothing, every time
 */
public record ProtocolExchange(Scheme scheme, InetAddress address, int port, Optional<TlsOutcome> tls,
                               Optional<Sniffed> banner, String request, Reply reply, Optional<Sniffed> sniffed,
                               Optional<HttpResponseHead> http, String bodyPreview,
                               Optional<WebSocketHandshake.Verification> websocket, Optional<Boolean> pingAnswered,
                               Optional<TlsOutcome> tlsFollowUp, Optional<Sniffed> plainFollowUp,
                               Optional<ClosedOnAccept> closedOnAccept, long elapsedMs) {

    /** An exchange in which no connection was tried without a request. */
    public ProtocolExchange(Scheme scheme, InetAddress address, int port, Optional<TlsOutcome> tls,
                            Optional<Sniffed> banner, String request, Reply reply, Optional<Sniffed> sniffed,
                            Optional<HttpResponseHead> http, String bodyPreview,
                            Optional<WebSocketHandshake.Verification> websocket, Optional<Boolean> pingAnswered,
                            Optional<TlsOutcome> tlsFollowUp, Optional<Sniffed> plainFollowUp, long elapsedMs) {
        this(scheme, address, port, tls, banner, request, reply, sniffed, http, bodyPreview, websocket, pingAnswered,
                tlsFollowUp, plainFollowUp, Optional.empty(), elapsedMs);
    }

    /** Whether the port closes every connection at once, before a byte either way: a forwarder whose backend refuses. */
    public boolean closesEveryConnectionAtOnce() {
        return closedOnAccept.filter(ClosedOnAccept::everyTime).isPresent();
    }

    public String endpoint() {
        return Endpoints.format(address, port);
    }

    /** The HTTP status of the reply, or -1. */
    public int status() {
        return http.map(HttpResponseHead::status).orElse(-1);
    }

    /** The TLS handshake that worked on the same port after the plain request got nothing back, if one did. */
    public Optional<TlsOutcome> tlsOnSamePort() {
        return tlsFollowUp.filter(TlsOutcome::established);
    }

    /**
     * Whether TLS works on the same port: the server speaks TLS, so the plain request's silence
     * or close says nothing else.
     */
    public boolean tlsWorksOnSamePort() {
        return tlsOnSamePort().isPresent();
    }

    /**
     * The plain answer on the same port after the TLS handshake failed, when it is not TLS: the
     * port speaks in plain what it did not speak in TLS.
     */
    public Optional<Sniffed> plainOnSamePort() {
        return plainFollowUp.filter(s -> s.speech() != Speech.TLS && s.speech() != Speech.TLS_ALERT);
    }

    /**
     * Whether the client's TLS met a plain port: the ClientHello was answered in plain, or left
     * unanswered while a plain request on a new connection got a plain answer.
     */
    public boolean tlsNotOffered() {
        return tls.filter(t -> t.failedWith(TlsProblem.NOT_TLS)
                || t.failedWith(TlsProblem.SILENT) && plainOnSamePort().isPresent()).isPresent();
    }

    /** Whether the TLS step ran and failed. */
    public boolean tlsFailed() {
        return tls.filter(t -> !t.established()).isPresent();
    }
}
