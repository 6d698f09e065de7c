package dev.conndoctor.config;

import java.util.Locale;
import java.util.Optional;

/**
 * A proxy as proxy variables write it: {@code http://proxy:3128}, {@code socks5h://127.0.0.1:1080}, {@code proxy:3128}.
 *
 * @param tls whether the proxy itself is spoken to over TLS ({@code https://}), the CONNECT inside it
 */
public record ProxyUrl(Kind kind, String host, int port, String text, boolean tls) {

    /** A proxy spoken to in plaintext. */
    public ProxyUrl(Kind kind, String host, int port, String text) {
        this(kind, host, port, text, false);
    }

    /** How a client speaks to the proxy. */
    public enum Kind {
        /** An HTTP proxy: CONNECT host:port. */
        HTTP,
        /** A SOCKS5 proxy. */
        SOCKS5;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses a proxy setting; credentials in it are dropped from {@code text}, never shown. */
    public static Optional<ProxyUrl> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.trim();
        Kind kind = Kind.HTTP;
        int defaultPort = 80;
        boolean tls = false;
        int scheme = v.indexOf("://");
        if (scheme >= 0) {
            String name = v.substring(0, scheme).toLowerCase(Locale.ROOT);
            if (name.equals("socks5") || name.equals("socks5h") || name.equals("socks")) {
                kind = Kind.SOCKS5;
                defaultPort = 1080;
            } else if (name.equals("https")) {
                defaultPort = 443; // an https:// proxy URL means port 443 to curl, Go and urllib3
                tls = true; // and TLS to the proxy, CONNECT inside it
            } else if (!name.equals("http")) {
                return Optional.empty(); // socks4 and others: not spoken here, so not probed
            }
            v = v.substring(scheme + 3);
        }
        int slash = v.indexOf('/');
        if (slash >= 0) {
            v = v.substring(0, slash);
        }
        int at = v.lastIndexOf('@');
        if (at >= 0) {
            v = v.substring(at + 1);
        }
        String host;
        String portText;
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            host = v.substring(1, close);
            portText = v.substring(close + 1).startsWith(":") ? v.substring(close + 2) : "";
        } else {
            int colon = v.lastIndexOf(':');
            host = colon < 0 ? v : v.substring(0, colon);
            portText = colon < 0 ? "" : v.substring(colon + 1);
        }
        int port = portText.isEmpty() ? defaultPort
                : portText.matches("\\d{1,5}") ? Integer.parseInt(portText) : -1;
        if (host.isEmpty() || port < 1 || port > 65535) {
            return Optional.empty();
        }
        String shown = kind.id() + "://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        return Optional.of(new ProxyUrl(kind, host, port, shown, tls));
    }
}
