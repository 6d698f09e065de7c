package dev.conndoctor.probe;

import dev.conndoctor.protocol.Proof;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Scheme;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.Sniffer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The listener's answer read back out of an exchange, as the prober sees it: HTTP headers, or the text line. */
class ProofReadingTest {

    private static final String PROOF = Proof.compute("T", "0011", "198.51.100.20:40312");

    /** An exchange whose reply was {@code reply}, read the way ProtocolProbe reads it. */
    private static ProtocolExchange exchange(Scheme scheme, String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
        try {
            return new ProtocolExchange(scheme, InetAddress.getByName("192.0.2.10"), 8282, Optional.empty(),
                    Optional.empty(), "GET / HTTP/1.1", reply.isEmpty() ? Reply.EOF : Reply.DATA,
                    reply.isEmpty() ? Optional.empty() : Optional.of(Sniffer.sniff(bytes, bytes.length)),
                    HttpResponseHead.parse(bytes, bytes.length), "", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), 3);
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void fromTheHeadersOfA101() {
        ProtocolExchange x = exchange(Scheme.WS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\nX-Conndoctor-Seen-As: 198.51.100.20:40312\r\n"
                + "X-Conndoctor-Proof: " + PROOF + "\r\n\r\n");
        assertThat(ProofReading.read(x)).contains(new ProofReading.Answer("198.51.100.20:40312", PROOF));
    }

    @Test
    void fromHeadersInAnyCaseOnAnyStatus() {
        ProtocolExchange x = exchange(Scheme.HTTP, "HTTP/1.1 426 Upgrade Required\r\nx-conndoctor-seen-as:  [2001:db8:b::20]:5 \r\n"
                + "X-CONNDOCTOR-PROOF: " + PROOF + "\r\nContent-Length: 0\r\n\r\n");
        assertThat(ProofReading.read(x)).contains(new ProofReading.Answer("[2001:db8:b::20]:5", PROOF));
    }

    @Test
    void halfAnAnswerIsNoAnswer() {
        assertThat(ProofReading.read(exchange(Scheme.WS, "HTTP/1.1 101 Switching Protocols\r\n"
                + "X-Conndoctor-Seen-As: 198.51.100.20:1\r\n\r\n"))).isEmpty();
        assertThat(ProofReading.read(exchange(Scheme.WS, "HTTP/1.1 101 Switching Protocols\r\n"
                + "X-Conndoctor-Proof: " + PROOF + "\r\n\r\n"))).isEmpty();
    }

    @Test
    void anOrdinaryHttpServerGivesNoAnswer() {
        ProtocolExchange x = exchange(Scheme.WS, "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
                + "Connection: Upgrade\r\nSec-WebSocket-Accept: x\r\n\r\n");
        assertThat(ProofReading.read(x)).isEmpty();
    }

    @Test
    void aProofLineInAnHttpBodyIsNotAnAnswer() {
        // a page that quotes the line (or echoes the request) must not pass for the listener
        ProtocolExchange x = exchange(Scheme.HTTP, "HTTP/1.1 200 OK\r\nContent-Length: 80\r\n\r\n"
                + "CONNDOCTOR-PROOF 198.51.100.20:40312 " + PROOF + "\n");
        assertThat(ProofReading.read(x)).isEmpty();
    }

    @Test
    void fromTheTextLine() {
        ProtocolExchange x = exchange(Scheme.TEXT, "CONNDOCTOR-PROOF 198.51.100.20:40312 " + PROOF + "\n");
        assertThat(ProofReading.read(x)).contains(new ProofReading.Answer("198.51.100.20:40312", PROOF));
        ProtocolExchange crlf = exchange(Scheme.TCP, "CONNDOCTOR-PROOF 198.51.100.20:40312 " + PROOF + "\r\n");
        assertThat(ProofReading.read(crlf)).contains(new ProofReading.Answer("198.51.100.20:40312", PROOF));
    }

    @Test
    void fromTheTextLineOfAnIpv6Client() {
        ProtocolExchange x = exchange(Scheme.TEXT, "CONNDOCTOR-PROOF [2001:db8:b::20]:40312 " + PROOF + "\n");
        assertThat(ProofReading.read(x)).contains(new ProofReading.Answer("[2001:db8:b::20]:40312", PROOF));
    }

    @Test
    void fromTheTextLineOfALongIpv6Address() {
        // a global SLAAC / privacy address: 39 characters, as most IPv6 clients have
        String seenAs = "[2001:db8:1234:5678:9abc:def0:1234:5678]:54321";
        ProtocolExchange x = exchange(Scheme.TEXT, "CONNDOCTOR-PROOF " + seenAs + " " + PROOF + "\n");
        assertThat(ProofReading.read(x)).contains(new ProofReading.Answer(seenAs, PROOF));
    }

    @Test
    void anEchoOfTheRequestIsNotAnAnswer() {
        // a text echo server sends the request line back: a nonce, no seenAs and proof
        assertThat(ProofReading.read(exchange(Scheme.TEXT, "CONNDOCTOR-PROOF 0011\n"))).isEmpty();
        assertThat(ProofReading.read(exchange(Scheme.TEXT, "CONNDOCTOR-PROOF a b c\n"))).isEmpty();
        assertThat(ProofReading.read(exchange(Scheme.TEXT, "hello\n"))).isEmpty();
        assertThat(ProofReading.read(exchange(Scheme.TEXT, "conndoctor-proof 1.2.3.4:5 " + PROOF + "\n"))).isEmpty();
    }

    @Test
    void silenceIsNoAnswer() {
        assertThat(ProofReading.read(exchange(Scheme.TCP, ""))).isEmpty();
    }
}
