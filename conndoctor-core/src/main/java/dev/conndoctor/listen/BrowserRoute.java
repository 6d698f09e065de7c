package dev.conndoctor.listen;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which part of the browser check a request to a WebSocket listener belongs to, from its method,
 * path and headers. Pure. The page is for browsers only: a navigation to {@code /} (it asks for
 * {@code text/html}) or any GET of {@code /_conndoctor}; curl and conndoctor's own http:// probe
 * ask for {@code * / *} and keep getting the 426 that tells a WebSocket-only server.
 */
enum BrowserRoute {
    /** Not part of the check: the listener answers as it always has. */
    NONE,
    /** A browser asks for the check page. */
    PAGE,
    /** The page's own WebSocket, an upgrade carrying the check's id. */
    SOCKET,
    /** The page's WebSocket reached the listener as a plain GET: something in between dropped its Upgrade header. */
    STRIPPED,
    /** The page posts what the browser saw. */
    REPORT;

    /** The prefix of every path of the check: nothing a real application would serve. */
    static final String PREFIX = "/_conndoctor";
    static final String SOCKET_PATH = PREFIX + "/ws";
    static final String REPORT_PATH = PREFIX + "/report";

    private static final Pattern SOCKET_QUERY = Pattern.compile(
            "^" + Pattern.quote(SOCKET_PATH) + "\\?check=([0-9a-f]{32})&try=(wss?)$");

    /**
     * @param method the request's method ({@link #method(byte[], int)})
     * @param reading what the client spoke: only HTTP and WebSocket requests can be part of the check
     */
    static BrowserRoute of(String method, RequestReading reading) {
        if (reading.path().isEmpty()) {
            return NONE;
        }
        String path = reading.path().get();
        String bare = path.indexOf('?') < 0 ? path : path.substring(0, path.indexOf('?'));
        if (reading.spoke() == ClientSpeech.WEBSOCKET) {
            return socket(path).isPresent() ? SOCKET : NONE;
        }
        if (reading.spoke() != ClientSpeech.HTTP) {
            return NONE;
        }
        if (method.equals("GET") && socket(path).isPresent()) {
            return STRIPPED;
        }
        if (method.equals("GET") && (bare.equals(PREFIX) || bare.equals(PREFIX + "/")
                || bare.equals("/") && reading.headers().getOrDefault("accept", "").toLowerCase(Locale.ROOT)
                .contains("text/html"))) {
            return PAGE;
        }
        if (method.equals("POST") && bare.equals(REPORT_PATH)) {
            return REPORT;
        }
        return NONE;
    }

    /** The check's id and the attempt ({@code ws} or {@code wss}) of a path of the page's WebSocket. */
    static Optional<SocketPath> socket(String path) {
        Matcher m = SOCKET_QUERY.matcher(path);
        return m.matches() ? Optional.of(new SocketPath(m.group(1), m.group(2))) : Optional.empty();
    }

    record SocketPath(String check, String attempt) {
    }

    /** The method of an HTTP request line: the bytes before the first space (at most 7 capitals), or empty. */
    static String method(byte[] first, int count) {
        String start = new String(first, 0, Math.min(count, 8), StandardCharsets.ISO_8859_1);
        int space = start.indexOf(' ');
        return space > 0 && start.substring(0, space).matches("[A-Z]{1,7}") ? start.substring(0, space) : "";
    }

    /** Whether requests of this route are the check's own traffic rather than a client: not counted toward --max-clients. */
    boolean checkTraffic() {
        return this == PAGE || this == SOCKET || this == STRIPPED;
    }
}
