package dev.conndoctor.describe;


import dev.conndoctor.Text;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.HttpSignatures;
import dev.conndoctor.protocol.Speech;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Recognizes well-known servers by answers that are distinctive, for the report's evidence
 * ("looks like a Workerman websocket listener"). Never the only ground for a cause.
 */
public final class ServerFingerprints {
    private static final Pattern GATEWAY_BANNER = Pattern.compile("^Hello [0-9a-fA-F]{20}\\b.*");

    private ServerFingerprints() {
    }

    public static Optional<Text> identify(ProtocolExchange x) {
        if (x.banner().isPresent()) {
            String label = x.banner().get().label();
            if (GATEWAY_BANNER.matcher(label).matches()) {
                return Optional.of(Text.of("fingerprint.gateway-banner"));
            }
            return Optional.empty();
        }
        if (x.http().isPresent()) {
            HttpResponseHead head = x.http().get();
            String server = head.server();
            String body = x.bodyPreview().toLowerCase(Locale.ROOT);
            if (head.status() == 101 && head.reason().equals("Switching Protocol")) {
                return Optional.of(Text.of("fingerprint.workerman-websocket"));
            }
            if (head.status() == 400 && head.header("Sec-WebSocket-Version").isPresent() && x.bodyPreview().isEmpty()) {
                return Optional.of(Text.of("fingerprint.workerman-websocket-52"));
            }
            if (server.startsWith("workerman") && (body.contains("websocket") || head.status() == 400)) {
                return Optional.of(Text.of("fingerprint.workerman-websocket-old"));
            }
            if (head.status() == 400 && body.contains("workerman")) {
                return Optional.of(Text.of("fingerprint.workerman-websocket-old"));
            }
            if (server.startsWith("workerman")) {
                return Optional.of(Text.of("fingerprint.workerman-http"));
            }
            if (HttpSignatures.isPlainHttpToTlsPage(head, x.bodyPreview()) && server.contains("nginx")) {
                return Optional.of(Text.of("fingerprint.nginx-tls-port"));
            }
            if (server.contains("nginx")) {
                return Optional.of(Text.of("fingerprint.nginx", Exchanges.shown(head.header("Server").orElse("nginx"))));
            }
            return Optional.empty();
        }
        if (x.sniffed().isPresent() && x.sniffed().get().speech() == Speech.TEXT
                && !x.request().isEmpty() && x.sniffed().get().label().startsWith(x.request())) {
            return Optional.of(Text.of("fingerprint.text-echo"));
        }
        if (x.reply() == Reply.EOF && !x.tlsWorksOnSamePort()) {
            return Optional.of(Text.of("fingerprint.frame-listener"));
        }
        return Optional.empty();
    }
}
