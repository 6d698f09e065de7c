package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.protocol.WebSocketFrames.Header;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class WebSocketFramesTest {

    private static final byte[] MASK = {0x37, (byte) 0xfa, 0x21, 0x3d};
    private static final int MASK_KEY = 0x37fa213d;

    // --- encoding

    @Test
    void aShortUnmaskedFrameHasASevenBitLength() {
        byte[] frame = WebSocketFrames.frame(WebSocketFrames.TEXT, true, "Hello".getBytes(StandardCharsets.US_ASCII));

        // RFC 6455 §5.7: a single-frame unmasked text message
        assertThat(frame).containsExactly(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
    }

    @Test
    void aShortMaskedFrameCarriesTheMaskAndTheMaskedPayload() {
        byte[] frame = WebSocketFrames.maskedFrame(WebSocketFrames.TEXT, true,
                "Hello".getBytes(StandardCharsets.US_ASCII), MASK);

        // RFC 6455 §5.7: a single-frame masked text message
        assertThat(frame).containsExactly(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
    }

    @Test
    void aFrameWithoutFinHasTheHighBitClear() {
        assertThat(WebSocketFrames.frame(WebSocketFrames.TEXT, false, new byte[] {'H'})[0]).isEqualTo((byte) 0x01);
    }

    @Test
    void aPayloadOf126BytesTakesTheSixteenBitLength() {
        byte[] frame = WebSocketFrames.frame(WebSocketFrames.BINARY, true, new byte[126]);

        assertThat(frame).hasSize(4 + 126);
        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0x82, 126, 0x00, 126);
    }

    @Test
    void aPayloadOf65535BytesStillTakesTheSixteenBitLength() {
        byte[] frame = WebSocketFrames.frame(WebSocketFrames.BINARY, true, new byte[65_535]);

        assertThat(Arrays.copyOf(frame, 4)).containsExactly(0x82, 126, 0xff, 0xff);
    }

    @Test
    void aPayloadOf65536BytesTakesTheSixtyFourBitLength() {
        byte[] frame = WebSocketFrames.maskedFrame(WebSocketFrames.BINARY, true, new byte[65_536], MASK);

        assertThat(frame).hasSize(2 + 8 + 4 + 65_536);
        assertThat(Arrays.copyOf(frame, 14)).containsExactly(0x82, 0xff, 0, 0, 0, 0, 0, 1, 0, 0,
                0x37, 0xfa, 0x21, 0x3d);
    }

    @Test
    void aMaskedFrameNeedsAFourByteMask() {
        assertThatThrownBy(() -> WebSocketFrames.maskedFrame(WebSocketFrames.TEXT, true, new byte[1], new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void togglingTheMaskTwiceGivesThePayloadBack() {
        byte[] payload = "conndoctor".getBytes(StandardCharsets.US_ASCII);
        byte[] copy = payload.clone();

        WebSocketFrames.toggleMask(copy, MASK_KEY);
        assertThat(copy).isNotEqualTo(payload);
        WebSocketFrames.toggleMask(copy, MASK_KEY);
        assertThat(copy).isEqualTo(payload);
    }

    // --- parsing from bytes

    @Test
    void parsingAMaskedFrameGivesFinOpcodeLengthAndMaskKey() {
        byte[] frame = WebSocketFrames.maskedPing("hi".getBytes(StandardCharsets.US_ASCII), MASK);

        assertThat(WebSocketFrames.parseHeader(frame, frame.length))
                .contains(new Header(true, WebSocketFrames.PING, true, 2, OptionalInt.of(MASK_KEY)));
    }

    @Test
    void parsingAnUnmaskedFrameGivesNoMaskKey() {
        byte[] frame = WebSocketFrames.frame(WebSocketFrames.CLOSE, true, new byte[] {0x03, (byte) 0xe8});

        assertThat(WebSocketFrames.parseHeader(frame, frame.length))
                .contains(new Header(true, WebSocketFrames.CLOSE, false, 2, OptionalInt.empty()));
    }

    @Test
    void parsingReadsTheSixteenAndSixtyFourBitLengths() {
        byte[] medium = WebSocketFrames.frame(WebSocketFrames.TEXT, false, new byte[300]);
        byte[] large = WebSocketFrames.frame(WebSocketFrames.CONTINUATION, true, new byte[70_000]);

        assertThat(WebSocketFrames.parseHeader(medium, medium.length).map(Header::payloadLength)).contains(300L);
        assertThat(WebSocketFrames.parseHeader(medium, medium.length).map(Header::fin)).contains(false);
        assertThat(WebSocketFrames.parseHeader(large, large.length).map(Header::payloadLength)).contains(70_000L);
    }

    @Test
    void anIncompleteHeaderParsesToNothingYet() {
        byte[] frame = WebSocketFrames.maskedFrame(WebSocketFrames.TEXT, true, new byte[300], MASK);

        assertThat(WebSocketFrames.parseHeader(frame, 1)).isEmpty();
        assertThat(WebSocketFrames.parseHeader(frame, 3)).isEmpty();
        assertThat(WebSocketFrames.parseHeader(frame, 7)).isEmpty();
        assertThat(WebSocketFrames.parseHeader(frame, 8)).isPresent();
    }

    // --- reading from a stream

    @Test
    void readingAHeaderLeavesThePayloadInTheStream() throws IOException {
        byte[] frame = WebSocketFrames.maskedFrame(WebSocketFrames.TEXT, true,
                "Hello".getBytes(StandardCharsets.US_ASCII), MASK);
        ByteArrayInputStream in = new ByteArrayInputStream(frame);

        assertThat(WebSocketFrames.readHeader(in, 65_535))
                .contains(new Header(true, WebSocketFrames.TEXT, true, 5, OptionalInt.of(MASK_KEY)));
        byte[] payload = in.readAllBytes();
        WebSocketFrames.toggleMask(payload, MASK_KEY);
        assertThat(new String(payload, StandardCharsets.US_ASCII)).isEqualTo("Hello");
    }

    @Test
    void aFrameLongerThanTheLimitIsReadWithoutItsMaskKey() throws IOException {
        byte[] frame = WebSocketFrames.maskedFrame(WebSocketFrames.BINARY, true, new byte[65_536], MASK);

        Optional<Header> header = WebSocketFrames.readHeader(new ByteArrayInputStream(frame, 0, 10), 65_535);

        assertThat(header).contains(new Header(true, WebSocketFrames.BINARY, true, 65_536, OptionalInt.empty()));
    }

    @Test
    void aStreamEndingInsideTheExtendedLengthGivesAnInvalidLength() throws IOException {
        assertThat(WebSocketFrames.readHeader(new ByteArrayInputStream(new byte[] {(byte) 0x82, (byte) 0xfe, 1}),
                65_535).map(Header::payloadLength)).contains(-1L);
        assertThat(WebSocketFrames.readHeader(new ByteArrayInputStream(new byte[] {(byte) 0x82, (byte) 0xff, 0, 0}),
                65_535).map(Header::payloadLength)).contains(-1L);
    }

    @Test
    void aStreamEndingBeforeTheHeaderOrInsideTheMaskGivesNothing() throws IOException {
        assertThat(WebSocketFrames.readHeader(new ByteArrayInputStream(new byte[] {(byte) 0x81}), 65_535)).isEmpty();
        assertThat(WebSocketFrames.readHeader(new ByteArrayInputStream(new byte[] {(byte) 0x81, (byte) 0x85, 1, 2}),
                65_535)).isEmpty();
    }

    // --- the probe's ping (moved from WebSocketHandshakeTest, assertions unchanged)

    @Test
    void maskedPingHasFinOpcodeMaskBitLengthMaskAndMaskedPayload() {
        byte[] payload = "conndoctor".getBytes(StandardCharsets.US_ASCII);
        byte[] mask = {0x12, 0x34, 0x56, 0x78};

        byte[] frame = WebSocketFrames.maskedPing(payload, mask);

        assertThat(frame).hasSize(2 + 4 + payload.length);
        assertThat(frame[0]).isEqualTo((byte) 0x89);
        assertThat(frame[1]).isEqualTo((byte) (0x80 | payload.length));
        assertThat(java.util.Arrays.copyOfRange(frame, 2, 6)).isEqualTo(mask);
        for (int i = 0; i < payload.length; i++) {
            assertThat((byte) (frame[6 + i] ^ mask[i % 4])).as("byte %d unmasked", i).isEqualTo(payload[i]);
        }
    }

    @Test
    void maskedPingWithAnEmptyPayloadIsSixBytes() {
        byte[] frame = WebSocketFrames.maskedPing(new byte[0], new byte[] {1, 2, 3, 4});

        assertThat(frame).containsExactly(0x89, 0x80, 1, 2, 3, 4);
    }

    @Test
    void maskedPingCarriesAtMost125Bytes() {
        assertThat(WebSocketFrames.maskedPing(new byte[125], new byte[4])[1]).isEqualTo((byte) 0xfd);
        assertThatThrownBy(() -> WebSocketFrames.maskedPing(new byte[126], new byte[4]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void maskedPingNeedsAFourByteMask() {
        assertThatThrownBy(() -> WebSocketFrames.maskedPing(new byte[1], new byte[3]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> WebSocketFrames.maskedPing(new byte[1], new byte[5]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void opcodeIsTheLowNibbleOfTheFirstByte() {
        assertThat(WebSocketFrames.opcode((byte) 0x8a)).isEqualTo(0xA);
        assertThat(WebSocketFrames.opcode((byte) 0x88)).isEqualTo(0x8);
        assertThat(WebSocketFrames.opcode((byte) 0x81)).isEqualTo(0x1);
        assertThat(WebSocketFrames.opcode((byte) 0x02)).isEqualTo(0x2);
    }
}
