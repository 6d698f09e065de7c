package dev.conndoctor.listen;

import dev.conndoctor.protocol.Bytes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Names what a client spoke from its first bytes: an HTTP request (a WebSocket upgrade or not),
 * a TLS ClientHello with its server name, a text line, binary. Pure.
 *
 * @param path the request path, for HTTP
 * @param headers the request headers (names in lower case), for HTTP
 * @param sni the server name of a ClientHello
 * @param preview the first bytes, escaped and bounded
 */
public record RequestReading(ClientSpeech spoke, Optional<String> path, Map<String, String> headers,
                             Optional<String> sni, String preview) {

    public RequestReading {
        headers = Map.copyOf(headers);
    }

    public static RequestReading nothing() {
        return new RequestReading(ClientSpeech.NOTHING, Optional.empty(), Map.of(), Optional.empty(), "");
    }

    public static RequestReading of(byte[] data, int length) {
        String preview = Bytes.preview(data, length, 120);
        if (length == 0) {
            return nothing();
        }
        if (ClientHello.looksLikeClientHello(data, length)) {
            return new RequestReading(ClientSpeech.TLS, Optional.empty(), Map.of(), ClientHello.serverName(data, length),
                    preview);
        }
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        List<String> lines = headLines(text);
        String firstLine = lines.get(0);
        List<String> headerLines = lines.stream().skip(1).takeWhile(l -> !l.isEmpty()).toList();
        // only CRLF or LF ends a line: a lone CR inside the head is bad input (RFC 9112 §2.2), never a line break
        // that would let "X: a\rUpgrade: websocket" smuggle a header past the next proxy
        boolean loneCr = firstLine.indexOf('\r') >= 0 || headerLines.stream().anyMatch(l -> l.indexOf('\r') >= 0);
        if (!loneCr && firstLine.matches("^[A-Z]{3,7} \\S+ HTTP/\\d(\\.\\d)?$")) {
            Map<String, String> headers = new LinkedHashMap<>();
            headerLines.forEach(l -> {
                int colon = l.indexOf(':');
                if (colon > 0) {
                    headers.putIfAbsent(l.substring(0, colon).trim().toLowerCase(Locale.ROOT), l.substring(colon + 1).trim());
                }
            });
            boolean upgrade = headers.getOrDefault("upgrade", "").toLowerCase(Locale.ROOT).contains("websocket");
            return new RequestReading(upgrade ? ClientSpeech.WEBSOCKET : ClientSpeech.HTTP,
                    Optional.of(firstLine.split(" ")[1]), headers, Optional.empty(), preview);
        }
        boolean printable = dev.conndoctor.protocol.Sniffer.isText(data, length); // UTF-8, as servers' text is read
        return new RequestReading(printable ? ClientSpeech.TEXT : ClientSpeech.BINARY, Optional.empty(), Map.of(),
                Optional.empty(), preview);
    }

    /** The lines of a head: split at LF, a CR right before it dropped; a CR anywhere else stays in its line. */
    private static List<String> headLines(String text) {
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n", -1)) {
            lines.add(line.endsWith("\r") ? line.substring(0, line.length() - 1) : line);
        }
        return lines;
    }

    /** Whether the HTTP head is complete (ends with a blank line): only then is it read whole. */
    public static boolean headComplete(byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.ISO_8859_1);
        return text.contains("\r\n\r\n") || text.contains("\n\n");
    }
}
