package dev.conndoctor.cli.exporter;

import dev.conndoctor.InvalidTargetException;
import dev.conndoctor.Scheme;
import dev.conndoctor.Target;
import java.util.Locale;

/**
 * What {@code target=} means to each prober, as blackbox_exporter reads it: {@code host:port}
 * for tcp (diagnosed as {@code tls://} when the module asks for TLS), a URL for http
 * ({@code http://} put in front when it names no scheme), a {@code ws://} or {@code wss://} URL
 * for websocket; conndoctor's own module takes any target conndoctor takes.
 */
public final class ProbeTargets {

    private ProbeTargets() {
    }

    /**
     * The target conndoctor diagnoses for {@code text} under {@code module}.
     *
     * @throws InvalidTargetException when conndoctor cannot read it as a target
     * @throws UnsuitableTargetException when it is a target, but not one this prober takes
     *         (blackbox_exporter fails the probe of either)
     */
    public static Target of(ProbeModule module, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return switch (module.prober()) {
            case TCP -> {
                if (text.contains("://")) {
                    // blackbox_exporter splits host and port: a URL is no tcp target there either
                    throw new UnsuitableTargetException("the tcp prober takes host:port, not a URL");
                }
                Target plain = Target.parse(text);
                yield module.tls() ? Target.parse("tls://" + plain.authority()) : plain;
            }
            case HTTP -> Target.parse(lower.startsWith("http://") || lower.startsWith("https://") ? text : "http://" + text);
            case WEBSOCKET -> {
                Target ws = Target.parse(text);
                if (!ws.scheme().isWebSocket()) {
                    throw new UnsuitableTargetException("the websocket prober takes a ws:// or wss:// URL");
                }
                yield ws;
            }
            case CONNDOCTOR -> Target.parse(text);
        };
    }

    /** A target that is not of the kind the module's prober takes. */
    public static final class UnsuitableTargetException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        UnsuitableTargetException(String message) {
            super(message);
        }
    }

    /** Whether a diagnosis of {@code target} speaks HTTP and has an HTTP status to report. */
    static boolean speaksHttp(Target target) {
        return target.scheme() == Scheme.HTTP || target.scheme() == Scheme.HTTPS;
    }
}
