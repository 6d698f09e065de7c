package dev.conndoctor.listen;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads the server name (SNI) out of a TLS ClientHello, bounds-checked at every step: the bytes
 * come from a stranger.
 */
public final class ClientHello {
    private ClientHello() {
    }

    /** Whether {@code data} starts like a TLS handshake record holding a ClientHello. */
    public static boolean looksLikeClientHello(byte[] data, int length) {
        return length >= 6 && (data[0] & 0xff) == 0x16 && (data[1] & 0xff) == 0x03 && (data[5] & 0xff) == 0x01;
    }

    /** The host name of the server_name extension, when the record holds it whole. */
    public static Optional<String> serverName(byte[] d, int length) {
        try {
            int p = 5 + 4; // record header, handshake header
            p += 2 + 32; // client version, random
            p += 1 + u8(d, p, length); // session id
            p += 2 + u16(d, p, length); // cipher suites
            p += 1 + u8(d, p, length); // compression methods
            int extensionsEnd = p + 2 + u16(d, p, length);
            p += 2;
            while (p + 4 <= Math.min(extensionsEnd, length)) {
                int type = u16(d, p, length);
                int size = u16(d, p + 2, length);
                if (type == 0) { // server_name: list length, then entries of type, length, name
                    int q = p + 4 + 2;
                    if (u8(d, q, length) == 0) {
                        int nameLength = u16(d, q + 1, length);
                        if (q + 3 + nameLength <= length) {
                            return Optional.of(new String(d, q + 3, nameLength, StandardCharsets.US_ASCII));
                        }
                    }
                    return Optional.empty();
                }
                p += 4 + size;
            }
        } catch (IndexOutOfBoundsException e) {
            // a truncated or malformed hello: no name to read
        }
        return Optional.empty();
    }

    private static int u8(byte[] d, int at, int length) {
        if (at >= length) {
            throw new IndexOutOfBoundsException(at);
        }
        return d[at] & 0xff;
    }

    private static int u16(byte[] d, int at, int length) {
        return u8(d, at, length) << 8 | u8(d, at + 1, length);
    }
}
