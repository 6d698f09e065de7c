package dev.conndoctor.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * The WebSocket close status codes and what each says about why a session ended: RFC 6455 §7.4.1
 * (1000-1011, 1015), the IANA "WebSocket Close Code Number Registry" (1012 service restart, 1013
 * try again later, 1014 bad gateway, 3000-3999 registered for libraries and frameworks) and
 * §7.4.2 (4000-4999 for applications, by private agreement). 1005, 1006 and 1015 are never on the
 * wire: they are what a client reports when a frame had no code, when the connection ended without
 * a close frame at all (a FIN, a reset), and when TLS failed. Pure: bytes and numbers in, kinds out.
 */
public final class CloseCodes {

    /** What a close code means, grouped as a person reading a diagnosis needs it. */
    public enum Kind {
        /** 1000: the purpose of the session was fulfilled. */
        NORMAL,
        /** 1001: the endpoint is going away (a server shutting down or restarting, a page left). */
        GOING_AWAY,
        /** 1002: a protocol error. */
        PROTOCOL_ERROR,
        /** 1003: a type of data the endpoint does not accept (binary to a text-only server). */
        UNSUPPORTED_DATA,
        /** 1007: data inconsistent with its type (invalid UTF-8 in a text message). */
        INVALID_PAYLOAD,
        /** 1008: a message that violates the endpoint's policy (authentication, origin, rate). */
        POLICY_VIOLATION,
        /** 1009: a message too big to process. */
        MESSAGE_TOO_BIG,
        /** 1010: the client wanted an extension the server did not negotiate (client to server only). */
        EXTENSION_REQUIRED,
        /** 1011: an unexpected condition on the server: its error. */
        SERVER_ERROR,
        /** 1012 (IANA): the service is restarting. */
        SERVICE_RESTART,
        /** 1013 (IANA): a temporary condition, such as overload: try again later. */
        TRY_AGAIN_LATER,
        /** 1014 (IANA): a gateway or proxy got an invalid response from the server behind it. */
        BAD_GATEWAY,
        /** 1005, 1006, 1015: reserved for reports, never sent: a peer that sends one breaks RFC 6455. */
        NEVER_ON_THE_WIRE,
        /** 3000-3999 (IANA): registered for libraries, frameworks and applications. */
        REGISTERED,
        /** 4000-4999: the application's own code, by agreement between its client and server. */
        APPLICATION,
        /** Anything else (0-999, 1004, 1016-2999, 5000 and up): not a valid close code. */
        INVALID;

        /** The id used in message keys and JSON, e.g. {@code going-away}. */
        public String id() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The longest reason a close frame can carry: 125 payload bytes less the 2 of the code. */
    public static final int MAX_REASON_BYTES = 123;

    private CloseCodes() {
    }

    public static Kind kind(int code) {
        return switch (code) {
            case 1000 -> Kind.NORMAL;
            case 1001 -> Kind.GOING_AWAY;
            case 1002 -> Kind.PROTOCOL_ERROR;
            case 1003 -> Kind.UNSUPPORTED_DATA;
            case 1007 -> Kind.INVALID_PAYLOAD;
            case 1008 -> Kind.POLICY_VIOLATION;
            case 1009 -> Kind.MESSAGE_TOO_BIG;
            case 1010 -> Kind.EXTENSION_REQUIRED;
            case 1011 -> Kind.SERVER_ERROR;
            case 1012 -> Kind.SERVICE_RESTART;
            case 1013 -> Kind.TRY_AGAIN_LATER;
            case 1014 -> Kind.BAD_GATEWAY;
            case 1005, 1006, 1015 -> Kind.NEVER_ON_THE_WIRE;
            default -> code >= 3000 && code <= 3999 ? Kind.REGISTERED
                    : code >= 4000 && code <= 4999 ? Kind.APPLICATION : Kind.INVALID;
        };
    }

    /** A close frame's payload read: its code, when it has one, and its reason. */
    public record Close(OptionalInt code, String reason) {
    }

    /**
     * Reads a close frame's (unmasked) payload: empty, a code alone, or a code and a UTF-8 reason.
     * A reason that is not UTF-8 is shown with replacement characters; a one-byte payload (which
     * RFC 6455 forbids) has no code.
     */
    public static Close parse(byte[] payload, int length) {
        if (length < 2) {
            return new Close(OptionalInt.empty(), "");
        }
        int code = (payload[0] & 0xff) << 8 | payload[1] & 0xff;
        int reasonLength = Math.min(length - 2, MAX_REASON_BYTES);
        String reason;
        try {
            reason = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(payload, 2, reasonLength)).toString();
        } catch (CharacterCodingException e) {
            reason = new String(payload, 2, reasonLength, StandardCharsets.UTF_8);
        }
        return new Close(OptionalInt.of(code), reason);
    }

    /** The payload of a close frame with {@code code} and no reason, as an endpoint echoes it. */
    public static byte[] payload(int code) {
        return new byte[] {(byte) (code >> 8), (byte) code};
    }
}
