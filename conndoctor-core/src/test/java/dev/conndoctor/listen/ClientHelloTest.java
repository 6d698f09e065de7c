package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SNI parser on ClientHellos captured from openssl s_client, curl and the JDK, and on broken ones. */
class ClientHelloTest {

    @Test
    void opensslWithServernameGivesTheName() {
        assertThat(ClientHello.looksLikeClientHello(CapturedHellos.OPENSSL_SNI, CapturedHellos.OPENSSL_SNI.length)).isTrue();
        assertThat(ClientHello.serverName(CapturedHellos.OPENSSL_SNI, CapturedHellos.OPENSSL_SNI.length))
                .contains("example.test");
    }

    @Test
    void curlGivesTheNameOfTheUrl() {
        assertThat(ClientHello.serverName(CapturedHellos.CURL, CapturedHellos.CURL.length)).contains("api.example.test");
    }

    @Test
    void theJdkClientGivesItsName() {
        assertThat(ClientHello.serverName(CapturedHellos.JDK, CapturedHellos.JDK.length)).contains("java.example.test");
    }

    @Test
    void aHelloWithoutServerNameIsAHelloWithNoName() {
        byte[] hello = CapturedHellos.OPENSSL_NO_SNI;
        assertThat(ClientHello.looksLikeClientHello(hello, hello.length)).isTrue();
        assertThat(ClientHello.serverName(hello, hello.length)).isEmpty();
    }

    @Test
    void theNameIsFoundWhenServerNameIsTheLastExtension() {
        byte[] moved = serverNameLast(CapturedHellos.OPENSSL_SNI);
        assertThat(moved).hasSameSizeAs(CapturedHellos.OPENSSL_SNI).isNotEqualTo(CapturedHellos.OPENSSL_SNI);
        assertThat(ClientHello.serverName(moved, moved.length)).contains("example.test");
    }

    @Test
    void onlyTheFirstLengthBytesAreRead() {
        // the hello sits at the start of a bigger buffer whose tail is left over from something else
        byte[] buffer = Arrays.copyOf(CapturedHellos.CURL, 16 * 1024);
        Arrays.fill(buffer, CapturedHellos.CURL.length, buffer.length, (byte) 0x41);
        assertThat(ClientHello.serverName(buffer, CapturedHellos.CURL.length)).contains("api.example.test");
    }

    @Test
    void everyTruncationOfARealHelloIsSafeAndNeverGivesAPartialName() {
        for (byte[] hello : new byte[][] {CapturedHellos.OPENSSL_SNI, CapturedHellos.CURL, CapturedHellos.JDK}) {
            String full = ClientHello.serverName(hello, hello.length).orElseThrow();
            for (int length = 0; length < hello.length; length++) {
                // a cut anywhere: either the whole name (it came before the cut) or none, never an exception
                assertThat(ClientHello.serverName(hello, length)).as("cut at %d", length)
                        .satisfiesAnyOf(n -> assertThat(n).isEmpty(), n -> assertThat(n).contains(full));
                // the same bytes in an array of exactly that size (no slack behind the cut)
                assertThat(ClientHello.serverName(Arrays.copyOf(hello, length), length)).as("array of %d", length)
                        .satisfiesAnyOf(n -> assertThat(n).isEmpty(), n -> assertThat(n).contains(full));
            }
        }
    }

    @Test
    void aNameLongerThanTheDataIsNotRead() {
        byte[] hello = CapturedHellos.OPENSSL_SNI.clone();
        int nameLengthAt = indexOf(hello, "example.test".getBytes(StandardCharsets.US_ASCII)) - 2;
        hello[nameLengthAt] = (byte) 0x7f; // 32 KiB of name claimed
        assertThat(ClientHello.serverName(hello, hello.length)).isEmpty();
    }

    @Test
    void lengthsThatPointFarAwayAreSafe() {
        byte[] hello = CapturedHellos.CURL.clone();
        hello[5 + 4 + 2 + 32] = (byte) 0xff; // session id length 255
        assertThat(ClientHello.serverName(hello, hello.length)).isEmpty();
        byte[] suites = CapturedHellos.CURL.clone();
        int suitesAt = 5 + 4 + 2 + 32 + 1 + (suites[5 + 4 + 2 + 32] & 0xff);
        suites[suitesAt] = (byte) 0xff;
        suites[suitesAt + 1] = (byte) 0xff;
        assertThat(ClientHello.serverName(suites, suites.length)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "16", "160301", "1603010005", "GET / HTTP/1.1\r\n\r\n", "\u0016\u0003\u0001\u0000\u0004\u0002"})
    void shortOrOtherDataIsNoHelloAndHasNoName(String text) {
        byte[] data = text.getBytes(StandardCharsets.ISO_8859_1);
        if (text.matches("[0-9a-f]*") && !text.isEmpty()) {
            data = CapturedHellos.hex(text);
        }
        assertThat(ClientHello.looksLikeClientHello(data, data.length)).isFalse();
        assertThat(ClientHello.serverName(data, data.length)).isEmpty();
    }

    @Test
    void aTlsAlertOrApplicationRecordIsNotAHello() {
        byte[] alert = CapturedHellos.hex("15030300020246");
        byte[] application = CapturedHellos.hex("1703030005" + "0102030405");
        assertThat(ClientHello.looksLikeClientHello(alert, alert.length)).isFalse();
        assertThat(ClientHello.looksLikeClientHello(application, application.length)).isFalse();
    }

    @Test
    void randomGarbageNeverThrows() {
        Random random = new Random(8);
        for (int i = 0; i < 20_000; i++) {
            byte[] data = new byte[random.nextInt(600)];
            random.nextBytes(data);
            if (data.length > 5 && random.nextBoolean()) {
                // start like a hello, so that the parser goes deep into the garbage
                data[0] = 0x16;
                data[1] = 0x03;
                data[5] = 0x01;
            }
            int length = data.length == 0 ? 0 : random.nextInt(data.length + 1);
            ClientHello.serverName(data, length).ifPresent(name -> assertThat(new String(data, 0, length, StandardCharsets.US_ASCII)).contains(name));
        }
    }

    @Test
    void garbageInsideARealHelloNeverThrows() {
        Random random = new Random(88);
        for (int i = 0; i < 20_000; i++) {
            byte[] hello = CapturedHellos.JDK.clone();
            for (int k = 0; k < 1 + random.nextInt(4); k++) {
                hello[5 + random.nextInt(hello.length - 5)] = (byte) random.nextInt(256);
            }
            ClientHello.serverName(hello, hello.length).ifPresent(name -> assertThat(new String(hello, StandardCharsets.US_ASCII)).contains(name));
        }
    }

    /** The same hello with the server_name extension moved behind all the others (lengths unchanged). */
    private static byte[] serverNameLast(byte[] hello) {
        int p = 5 + 4 + 2 + 32;
        p += 1 + (hello[p] & 0xff);
        p += 2 + ((hello[p] & 0xff) << 8 | hello[p + 1] & 0xff);
        p += 1 + (hello[p] & 0xff);
        int end = p + 2 + ((hello[p] & 0xff) << 8 | hello[p + 1] & 0xff);
        int start = p + 2;
        assertThat(hello[start] == 0 && hello[start + 1] == 0).as("server_name first in the capture").isTrue();
        int sniLength = 4 + ((hello[start + 2] & 0xff) << 8 | hello[start + 3] & 0xff);
        byte[] out = hello.clone();
        System.arraycopy(hello, start + sniLength, out, start, end - start - sniLength);
        System.arraycopy(hello, start, out, end - sniLength, sniLength);
        return out;
    }

    private static int indexOf(byte[] data, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= data.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (data[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
