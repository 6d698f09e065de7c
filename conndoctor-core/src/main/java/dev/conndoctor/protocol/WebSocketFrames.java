package dev.conndoctor.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * RFC 6455 framing in one place, for the probe's ping and the listener's echo: encodes frames
 * masked (client) or unmasked (server) with the right length form, and parses a frame header
 * (fin, opcode, mask bit, 7-, 16- or 64-bit payload length, mask key). Pure apart from reading a
 * header from a stream the caller owns.
 */
public final class WebSocketFrames {
    public static final int CONTINUATION = 0x0;
    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    /** The largest payload a control frame (ping, pong, close) may carry. */
    public static final int MAX_CONTROL_PAYLOAD = 125;

    private WebSocketFrames() {
    }

    /**
     * A frame header. {@code payloadLength} is -1 when the stream ended inside the extended
     * length and may be negative when a 64-bit length has its top bit set: both are invalid.
     * {@code maskKey} is the four mask bytes big-endian; empty for an unmasked frame, and for a
     * masked one whose payload the reader was not going to accept.
     */
    public record Header(boolean fin, int opcode, boolean masked, long payloadLength, OptionalInt maskKey) {
    }

    /** The opcode of a frame's first byte: 0xA pong, 0x8 close, 0x1 text, 0x2 binary. */
    public static int opcode(byte firstByte) {
        return firstByte & 0x0f;
    }

    /** An unmasked frame, as a server sends it. */
    public static byte[] frame(int opcode, boolean fin, byte[] payload) {
        return encode(opcode, fin, payload, Optional.empty());
    }

    /** A masked frame, as a client must send it; {@code mask} is the four mask bytes. */
    public static byte[] maskedFrame(int opcode, boolean fin, byte[] payload, byte[] mask) {
        if (mask.length != 4) {
            throw new IllegalArgumentException("a mask is 4 bytes");
        }
        return encode(opcode, fin, payload, Optional.of(mask));
    }

    /** A masked ping frame with {@code payload} (at most 125 bytes), as a client must send it. */
    public static byte[] maskedPing(byte[] payload, byte[] mask) {
        if (payload.length > MAX_CONTROL_PAYLOAD || mask.length != 4) {
            throw new IllegalArgumentException("a ping carries at most 125 bytes and a 4-byte mask");
        }
        return maskedFrame(PING, true, payload, mask);
    }

    private static byte[] encode(int opcode, boolean fin, byte[] payload, Optional<byte[]> mask) {
        int length = payload.length;
        int lengthBytes = length < 126 ? 0 : length <= 0xFFFF ? 2 : 8;
        int maskBytes = mask.isPresent() ? 4 : 0;
        byte[] frame = new byte[2 + lengthBytes + maskBytes + length];
        frame[0] = (byte) ((fin ? 0x80 : 0) | (opcode & 0x0f));
        int maskBit = mask.isPresent() ? 0x80 : 0;
        frame[1] = (byte) (maskBit | (lengthBytes == 0 ? length : lengthBytes == 2 ? 126 : 127));
        for (int i = 0; i < lengthBytes; i++) {
            frame[2 + i] = (byte) ((long) length >>> (8 * (lengthBytes - 1 - i)));
        }
        int payloadStart = 2 + lengthBytes + maskBytes;
        System.arraycopy(payload, 0, frame, payloadStart, length);
        if (mask.isPresent()) {
            System.arraycopy(mask.get(), 0, frame, 2 + lengthBytes, 4);
            for (int i = 0; i < length; i++) {
                frame[payloadStart + i] ^= mask.get()[i % 4];
            }
        }
        return frame;
    }

    /** Masks or unmasks (the same XOR) {@code payload} in place with a big-endian {@code maskKey}. */
    public static void toggleMask(byte[] payload, int maskKey) {
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= (byte) (maskKey >>> (24 - 8 * (i % 4)));
        }
    }

    /** The header at the start of {@code data}'s first {@code count} bytes; empty until it is all there. */
    public static Optional<Header> parseHeader(byte[] data, int count) {
        if (count < 2) {
            return Optional.empty();
        }
        int b1 = data[1] & 0xff;
        boolean masked = (b1 & 0x80) != 0;
        int lengthBytes = switch (b1 & 0x7f) {
            case 126 -> 2;
            case 127 -> 8;
            default -> 0;
        };
        if (count < 2 + lengthBytes + (masked ? 4 : 0)) {
            return Optional.empty();
        }
        long length = lengthBytes == 0 ? b1 & 0x7f : 0;
        for (int i = 0; i < lengthBytes; i++) {
            length = length << 8 | (data[2 + i] & 0xff);
        }
        OptionalInt key = masked ? OptionalInt.of(bigEndianInt(data, 2 + lengthBytes)) : OptionalInt.empty();
        return Optional.of(new Header((data[0] & 0x80) != 0, opcode(data[0]), masked, length, key));
    }

    /**
     * Reads a frame header from {@code in}: empty when the stream ends before the first two bytes
     * or inside the mask key. The mask key is read only for a masked frame whose length is
     * between 0 and {@code maxPayload}: a reader that will refuse the frame answers at once
     * instead of waiting for four more bytes.
     */
    public static Optional<Header> readHeader(InputStream in, long maxPayload) throws IOException {
        int b0 = in.read();
        int b1 = in.read();
        if (b0 < 0 || b1 < 0) {
            return Optional.empty();
        }
        boolean masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7f;
        if (length == 126) {
            length = readLength(in, 2);
        } else if (length == 127) {
            length = readLength(in, 8);
        }
        OptionalInt key = OptionalInt.empty();
        if (masked && length >= 0 && length <= maxPayload) {
            byte[] mask = in.readNBytes(4);
            if (mask.length < 4) {
                return Optional.empty();
            }
            key = OptionalInt.of(bigEndianInt(mask, 0));
        }
        return Optional.of(new Header((b0 & 0x80) != 0, b0 & 0x0f, masked, length, key));
    }

    /** A big-endian length of {@code bytes} bytes; -1 when the stream ends first. */
    private static long readLength(InputStream in, int bytes) throws IOException {
        long length = 0;
        for (int i = 0; i < bytes; i++) {
            int b = in.read();
            if (b < 0) {
                return -1;
            }
            length = length << 8 | b;
        }
        return length;
    }

    private static int bigEndianInt(byte[] data, int offset) {
        return (data[offset] & 0xff) << 24 | (data[offset + 1] & 0xff) << 16 | (data[offset + 2] & 0xff) << 8
                | data[offset + 3] & 0xff;
    }
}
