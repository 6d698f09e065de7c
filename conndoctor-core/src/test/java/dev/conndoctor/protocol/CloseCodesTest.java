package dev.conndoctor.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** RFC 6455 §7.4 and the IANA registry, code by code, and close payloads read from bytes. */
class CloseCodesTest {

    @Test
    void theDefinedCodesHaveTheirMeanings() {
        assertThat(CloseCodes.kind(1000)).isEqualTo(CloseCodes.Kind.NORMAL);
        assertThat(CloseCodes.kind(1001)).isEqualTo(CloseCodes.Kind.GOING_AWAY);
        assertThat(CloseCodes.kind(1008)).isEqualTo(CloseCodes.Kind.POLICY_VIOLATION);
        assertThat(CloseCodes.kind(1009)).isEqualTo(CloseCodes.Kind.MESSAGE_TOO_BIG);
        assertThat(CloseCodes.kind(1011)).isEqualTo(CloseCodes.Kind.SERVER_ERROR);
        assertThat(CloseCodes.kind(1012)).isEqualTo(CloseCodes.Kind.SERVICE_RESTART);
        assertThat(CloseCodes.kind(1013)).isEqualTo(CloseCodes.Kind.TRY_AGAIN_LATER);
        assertThat(CloseCodes.kind(1014)).isEqualTo(CloseCodes.Kind.BAD_GATEWAY);
    }

    @Test
    void theReportOnlyCodesAreNeverOnTheWire() {
        assertThat(CloseCodes.kind(1005)).isEqualTo(CloseCodes.Kind.NEVER_ON_THE_WIRE);
        assertThat(CloseCodes.kind(1006)).isEqualTo(CloseCodes.Kind.NEVER_ON_THE_WIRE);
        assertThat(CloseCodes.kind(1015)).isEqualTo(CloseCodes.Kind.NEVER_ON_THE_WIRE);
    }

    @Test
    void theRangesBelongToLibrariesApplicationsOrNobody() {
        assertThat(CloseCodes.kind(3000)).isEqualTo(CloseCodes.Kind.REGISTERED);
        assertThat(CloseCodes.kind(3999)).isEqualTo(CloseCodes.Kind.REGISTERED);
        assertThat(CloseCodes.kind(4000)).isEqualTo(CloseCodes.Kind.APPLICATION);
        assertThat(CloseCodes.kind(4999)).isEqualTo(CloseCodes.Kind.APPLICATION);
        assertThat(CloseCodes.kind(999)).isEqualTo(CloseCodes.Kind.INVALID);
        assertThat(CloseCodes.kind(1004)).isEqualTo(CloseCodes.Kind.INVALID);
        assertThat(CloseCodes.kind(2000)).isEqualTo(CloseCodes.Kind.INVALID);
        assertThat(CloseCodes.kind(5000)).isEqualTo(CloseCodes.Kind.INVALID);
    }

    @Test
    void aPayloadGivesItsCodeAndReason() {
        byte[] payload = {0x03, (byte) 0xF0, 'b', 'y', 'e', ' ', (byte) 0xC3, (byte) 0xA9};

        CloseCodes.Close close = CloseCodes.parse(payload, payload.length);

        assertThat(close.code()).hasValue(1008);
        assertThat(close.reason()).isEqualTo("bye é");
    }

    @Test
    void anEmptyOrOneBytePayloadHasNoCode() {
        assertThat(CloseCodes.parse(new byte[0], 0).code()).isEmpty();
        assertThat(CloseCodes.parse(new byte[] {0x03}, 1).code()).isEmpty();
    }

    @Test
    void aReasonThatIsNotUtf8IsShownWithReplacementCharacters() {
        byte[] payload = {0x03, (byte) 0xE9, (byte) 0xFF, 'x'};

        assertThat(CloseCodes.parse(payload, payload.length).reason()).isEqualTo("\uFFFDx");
    }

    @Test
    void anEchoedCloseCarriesTheCodeBigEndian() {
        assertThat(CloseCodes.payload(1001)).containsExactly(0x03, 0xE9);
        assertThat(new String(CloseCodes.payload(1000), StandardCharsets.ISO_8859_1)).hasSize(2);
    }
}
