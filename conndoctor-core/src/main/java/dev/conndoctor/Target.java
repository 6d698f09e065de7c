package dev.conndoctor;

import dev.conndoctor.net.AddressLiterals;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the client dials: a scheme, a host (name or address literal), a port and, for URL
 * schemes, a path with its query.
 *
 * <p>{@link #parse} accepts {@code host:port}, {@code [v6]:port} and URLs with the schemes of
 * {@link Scheme}. It is strict on purpose: a diagnosis of a target the user did not mean is
 * worse than a one-line error naming what is wrong with the input.
 */
public record Target(String input, Scheme scheme, String host, int port, String path) {

    /** Longer than any real URL a person types; protects every later stage from huge input. */
    static final int MAX_INPUT_LENGTH = 2048;
    static final int MAX_HOST_LENGTH = 253;
    static final int MAX_LABEL_LENGTH = 63;

    /** Parses a target or throws {@link InvalidTargetException} naming the problem. */
    public static Target parse(String input) {
        if (input == null || input.isEmpty()) {
            throw invalid("target.empty");
        }
        if (input.length() > MAX_INPUT_LENGTH) {
            throw invalid("target.too-long", input.length(), MAX_INPUT_LENGTH);
        }
        for (int i = 0; i < input.length(); i++) {
            char c = input.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                throw invalid("target.control-character", i + 1);
            }
            if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
                throw invalid("target.whitespace", i + 1);
            }
        }

        Scheme scheme = Scheme.TCP;
        String rest = input;
        int schemeEnd = input.indexOf("://");
        if (schemeEnd >= 0) {
            String name = input.substring(0, schemeEnd);
            scheme = Scheme.fromId(name).orElseThrow(() -> invalid("target.unknown-scheme", name));
            rest = input.substring(schemeEnd + 3);
        } else if (input.matches("^[A-Za-z][A-Za-z0-9+.-]*:/.*")) {
            throw invalid("target.scheme-needs-slashes", input.substring(0, input.indexOf(':')));
        }

        int authorityEnd = indexOfAny(rest, "/?#");
        String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
        String path = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
        if (schemeEnd < 0 && !path.isEmpty()) {
            throw invalid("target.path-without-scheme", path);
        }
        int fragment = path.indexOf('#');
        if (fragment >= 0) {
            path = path.substring(0, fragment); // never sent on the wire, like a browser does
        }
        if (path.startsWith("?")) {
            path = "/" + path;
        }
        if (path.isEmpty() && (scheme.isWebSocket() || scheme == Scheme.HTTP || scheme == Scheme.HTTPS)) {
            path = "/";
        }
        if (authority.contains("@")) {
            throw invalid("target.credentials");
        }
        if (authority.isEmpty()) {
            throw invalid("target.no-host");
        }

        String host;
        String portText;
        if (authority.startsWith("[")) {
            int close = authority.indexOf(']');
            if (close < 0) {
                throw invalid("target.unbalanced-bracket");
            }
            host = authority.substring(1, close);
            String after = authority.substring(close + 1);
            if (after.isEmpty()) {
                portText = null;
            } else if (after.startsWith(":")) {
                portText = after.substring(1);
            } else {
                throw invalid("target.after-bracket", after);
            }
            if (!AddressLiterals.isIpv6(host)) {
                throw invalid("target.bad-ipv6", host);
            }
        } else {
            if (authority.indexOf(']') >= 0 || authority.indexOf('[') >= 0) {
                throw invalid("target.unbalanced-bracket");
            }
            int colons = (int) authority.chars().filter(c -> c == ':').count();
            if (colons > 1) {
                throw invalid("target.ipv6-needs-brackets", authority);
            }
            int colon = authority.indexOf(':');
            host = colon < 0 ? authority : authority.substring(0, colon);
            portText = colon < 0 ? null : authority.substring(colon + 1);
            host = checkHostName(host);
        }

        int port = parsePort(portText, scheme);
        // an IPv6 zone names an interface, and Linux interface names keep their case
        int zone = host.indexOf('%');
        String normalized = zone < 0 ? host.toLowerCase(Locale.ROOT)
                : host.substring(0, zone).toLowerCase(Locale.ROOT) + host.substring(zone);
        return new Target(input, scheme, normalized, port, path);
    }

    /** Whether the host is an IP address literal rather than a name to resolve. */
    public boolean hostIsLiteral() {
        return AddressLiterals.isIpv4(host) || AddressLiterals.isIpv6(host);
    }

    /** {@code host:port}, with brackets around an IPv6 literal. */
    public String authority() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    /** The path with its query, for URL schemes; empty for tcp, tls and text. */
    public Optional<String> pathIfAny() {
        return path.isEmpty() ? Optional.empty() : Optional.of(path);
    }

    private static int parsePort(String portText, Scheme scheme) {
        if (portText == null) {
            OptionalInt defaultPort = scheme.defaultPort();
            if (defaultPort.isEmpty()) {
                throw invalid("target.no-port", scheme.id());
            }
            return defaultPort.getAsInt();
        }
        if (portText.isEmpty()) {
            throw invalid("target.empty-port");
        }
        if (!portText.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw invalid("target.port-not-a-number", portText);
        }
        // compare as text first so that a 40-digit port cannot overflow
        String digits = portText.replaceFirst("^0+(?=.)", "");
        if (digits.length() > 5 || Integer.parseInt(digits) > 65535) {
            throw invalid("target.port-too-large", portText);
        }
        int port = Integer.parseInt(digits);
        if (port == 0) {
            throw invalid("target.port-zero");
        }
        return port;
    }

    private static String checkHostName(String host) {
        if (host.isEmpty()) {
            throw invalid("target.no-host");
        }
        if (host.length() > MAX_HOST_LENGTH) {
            throw invalid("target.host-too-long", host.length(), MAX_HOST_LENGTH);
        }
        String ascii = host;
        if (!host.chars().allMatch(c -> c < 0x80)) {
            try {
                ascii = java.net.IDN.toASCII(host, java.net.IDN.ALLOW_UNASSIGNED);
            } catch (IllegalArgumentException e) {
                throw invalid("target.bad-host", host);
            }
        }
        String name = ascii.endsWith(".") ? ascii.substring(0, ascii.length() - 1) : ascii;
        if (name.isEmpty()) {
            throw invalid("target.no-host");
        }
        String[] labels = name.split("\\.", -1);
        boolean numeric = true;
        for (String label : labels) {
            if (label.isEmpty()) {
                throw invalid("target.empty-label", host);
            }
            if (label.length() > MAX_LABEL_LENGTH) {
                throw invalid("target.label-too-long", MAX_LABEL_LENGTH);
            }
            if (!label.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 0x80 || c == '-' || c == '_')) {
                throw invalid("target.bad-host", host);
            }
            if (label.startsWith("-") || label.endsWith("-")) {
                throw invalid("target.bad-host", host);
            }
            numeric &= label.chars().allMatch(c -> c >= '0' && c <= '9');
        }
        if (numeric && !AddressLiterals.isIpv4(name)) {
            throw invalid("target.bad-ipv4", host);
        }
        return name;
    }

    private static int indexOfAny(String s, String chars) {
        for (int i = 0; i < s.length(); i++) {
            if (chars.indexOf(s.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static InvalidTargetException invalid(String key, Object... args) {
        return new InvalidTargetException(Text.of(key, args));
    }
}
