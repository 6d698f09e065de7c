package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A greeting that came after the request, told from a reply to it, from bytes built here. */
class GreetingsTest {

    private static final String GET = "GET / HTTP/1.1";

    @Test
    void anSshIdentificationLineIsAGreetingAloneOnTheWire() {
        assertThat(late("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")).isEqualTo("SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n".length());
    }

    @Test
    void smtpFtpPop3AndImapGreetingsAreGreetings() {
        assertThat(late("220 mail.example ESMTP Postfix\r\n")).isPositive();
        assertThat(late("220-ftp.example FTP server ready\r\n")).isPositive();
        assertThat(late("+OK POP3 ready\r\n")).isPositive();
        assertThat(late("* OK IMAP4rev1 ready\r\n")).isPositive();
    }

    @Test
    void aLineAheadOfTheHttpAnswerIsAGreeting() {
        String greeting = "Hello 0123456789abcdef0123\r\n";
        assertThat(late(greeting + "HTTP/1.1 400 Bad Request\r\n\r\n")).isEqualTo(greeting.length());
    }

    @Test
    void aLineAheadOfOurEchoedRequestIsAGreeting() {
        String greeting = "Hello 0123456789abcdef0123\r\n";
        assertThat(late(greeting + GET + "\r\nHost: 192.0.2.10:8282\r\n")).isEqualTo(greeting.length());
    }

    @Test
    void ourRequestEchoedIsAReplyNotAGreeting() {
        assertThat(late(GET + "\r\nHost: 192.0.2.10:8282\r\n\r\n")).isZero();
    }

    @Test
    void anHttpAnswerIsNotAGreeting() {
        assertThat(late("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")).isZero();
    }

    @Test
    void aTextServersOwnAnswerToTheRequestIsNotAGreeting() {
        assertThat(late("ERROR unknown command\r\n")).isZero();
        assertThat(late("ERROR unknown command\r\nbye\r\n")).isZero();
    }

    @Test
    void anUnfinishedLineOrBinaryIsNotAGreeting() {
        assertThat(late("SSH-2.0-Open")).isZero();
        assertThat(Greetings.lateGreeting(new byte[] {0x15, 0x03, 0x03, 0x00, 0x02, 0x02, 0x28}, 7, GET)).isZero();
    }

    private static int late(String reply) {
        byte[] bytes = reply.getBytes(StandardCharsets.ISO_8859_1);
        return Greetings.lateGreeting(bytes, bytes.length, GET);
    }
}
