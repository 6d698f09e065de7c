package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BytesTest {

    @Test
    void printableAsciiIsShownAsIs() {
        assertThat(Bytes.preview(ascii("HTTP/1.1 200 OK"), 120)).isEqualTo("HTTP/1.1 200 OK");
    }

    @Test
    void lineEndsTabsAndBackslashesAreEscaped() {
        assertThat(Bytes.preview(ascii("a\r\nb\tc\\d"), 120)).isEqualTo("a\\r\\nb\\tc\\\\d");
    }

    @Test
    void otherBytesAreEscapedAsTwoHexDigits() {
        assertThat(Bytes.preview(new byte[] {0x00, 0x1b, 0x7f, (byte) 0x80, (byte) 0xff, 'A'}, 120))
                .isEqualTo("\\x00\\x1b\\x7f\\x80\\xff" + "A");
    }

    @Test
    void utf8IsShownByteByByte() {
        assertThat(Bytes.preview("é".getBytes(StandardCharsets.UTF_8), 120)).isEqualTo("\\xc3\\xa9");
    }

    @Test
    void longDataIsCutAtTheBoundWithAnEllipsis() {
        String preview = Bytes.preview(ascii("abcdefghij"), 4);

        assertThat(preview).isEqualTo("abcd…");
    }

    @Test
    void dataThatFitsExactlyIsNotCut() {
        assertThat(Bytes.preview(ascii("abcd"), 4)).isEqualTo("abcd");
    }

    @Test
    void anEscapeIsNeverSplitByTheCut() {
        assertThat(Bytes.preview(ascii("ab\r\n"), 3)).isEqualTo("ab…");
        assertThat(Bytes.preview(new byte[] {'a', 0x00}, 4)).isEqualTo("a…");
    }

    @Test
    void previewNeverExceedsTheBoundPlusTheEllipsis() {
        byte[] binary = new byte[1000];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }

        String preview = Bytes.preview(binary, 120);

        assertThat(preview).hasSizeLessThanOrEqualTo(121).endsWith("…");
        assertThat(preview.substring(0, preview.length() - 1)).hasSizeLessThanOrEqualTo(120);
    }

    @Test
    void onlyTheGivenLengthIsRead() {
        assertThat(Bytes.preview(ascii("hello world"), 5, 120)).isEqualTo("hello");
    }

    @Test
    void nothingGivesAnEmptyPreview() {
        assertThat(Bytes.preview(new byte[0], 120)).isEmpty();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
