package dev.conndoctor.listen;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the check page says its browser saw, read from the page's POST: a stranger's JSON, so
 * every field is checked, bounded and optional, and anything past the bounds is refused or cut.
 * Pure.
 *
 * @param check the check's id, as the page was given it
 * @param origin the page's origin ({@code location.origin})
 * @param userAgent the browser's {@code navigator.userAgent}, cut
 * @param secureContext whether the page was a secure context (https, or a loopback name)
 * @param violations Content-Security-Policy violations the page saw
 * @param elapsedMs from the page's start to its report
 */
record BrowserReport(String check, String origin, String userAgent, boolean secureContext, List<Attempt> attempts,
                     List<Violation> violations, long elapsedMs) {

    /** The largest body the listener reads: the page sends well under 2 KiB. */
    static final int MAX_BYTES = 8 * 1024;
    static final int MAX_ATTEMPTS = 4;
    static final int MAX_VIOLATIONS = 4;
    /** The longest any string of the report is kept. */
    static final int MAX_TEXT = 200;
    /** The longest the page's own timeouts allow a check to take, with slack: larger numbers are not times. */
    static final long MAX_MILLIS = 10 * 60 * 1000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CHECK = Pattern.compile("[0-9a-f]{32}");

    BrowserReport {
        attempts = List.copyOf(attempts);
        violations = List.copyOf(violations);
    }

    /**
     * One WebSocket the page opened.
     *
     * @param scheme {@code ws} or {@code wss}
     * @param threw what {@code new WebSocket(url)} threw (a SecurityError where a browser refuses at once)
     * @param timedOut whether the page's own timeout ended the attempt
     * @param openMs from {@code new WebSocket} to its open event; -1 when it never opened
     * @param ms from {@code new WebSocket} to the attempt's end
     */
    record Attempt(String scheme, String url, boolean opened, boolean echoed, boolean error, OptionalInt closeCode,
                   String closeReason, boolean wasClean, Optional<String> threw, boolean timedOut, long openMs,
                   long ms) {
    }

    /** A {@code securitypolicyviolation} event: the directive and the URL it blocked. */
    record Violation(String directive, String blocked) {
    }

    /** The report in {@code body}, or empty when it is not one (not JSON, no valid check id, out of bounds). */
    static Optional<BrowserReport> parse(byte[] body) {
        if (body.length > MAX_BYTES) {
            return Optional.empty();
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty(); // a byte array does not fail to read; Jackson's signature says it may
        }
        if (root == null || !root.isObject() || !CHECK.matcher(root.path("check").asText("")).matches()) {
            return Optional.empty();
        }
        JsonNode attemptNodes = root.path("attempts");
        JsonNode violationNodes = root.path("violations");
        if (!attemptNodes.isArray() || attemptNodes.size() > MAX_ATTEMPTS
                || violationNodes.size() > MAX_VIOLATIONS) {
            return Optional.empty();
        }
        List<Attempt> attempts = new ArrayList<>();
        for (JsonNode a : attemptNodes) {
            String scheme = a.path("scheme").asText("");
            if (!scheme.equals("ws") && !scheme.equals("wss")) {
                return Optional.empty();
            }
            JsonNode code = a.path("closeCode");
            OptionalInt closeCode = code.isInt() && code.asInt() >= 0 && code.asInt() <= 4999
                    ? OptionalInt.of(code.asInt()) : OptionalInt.empty();
            JsonNode threw = a.path("threw");
            attempts.add(new Attempt(scheme, text(a.path("url")), a.path("opened").asBoolean(false),
                    a.path("echoed").asBoolean(false), a.path("error").asBoolean(false), closeCode,
                    text(a.path("closeReason")), a.path("wasClean").asBoolean(false),
                    threw.isTextual() ? Optional.of(text(threw)) : Optional.empty(), a.path("timedOut").asBoolean(false),
                    millis(a.path("openMs"), -1), millis(a.path("ms"), 0)));
        }
        List<Violation> violations = new ArrayList<>();
        for (JsonNode v : violationNodes) {
            violations.add(new Violation(text(v.path("directive")), text(v.path("blocked"))));
        }
        return Optional.of(new BrowserReport(root.path("check").asText(), text(root.path("origin")),
                text(root.path("userAgent")), root.path("secureContext").asBoolean(false), attempts, violations,
                millis(root.path("ms"), 0)));
    }

    /** The browser's product and major version ({@code Chrome 156}, {@code Firefox 140}), or the agent cut short. */
    String product() {
        // Edge and Opera name Chrome too, and Chrome names Safari: the most specific token wins
        for (String token : List.of("Edg", "OPR", "Firefox", "HeadlessChrome", "Chrome", "Version")) {
            Matcher m = Pattern.compile("\\b" + token + "/(\\d+)").matcher(userAgent);
            if (m.find()) {
                return (token.equals("Version") ? "Safari" : token.equals("Edg") ? "Edge" : token) + " " + m.group(1);
            }
        }
        return userAgent.length() > 40 ? userAgent.substring(0, 40) + "…" : userAgent;
    }

    private static String text(JsonNode node) {
        String text = node.isTextual() ? node.asText() : "";
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) + "…" : text;
    }

    private static long millis(JsonNode node, long absent) {
        if (!node.isNumber()) {
            return absent;
        }
        long value = node.asLong();
        return value < 0 || value > MAX_MILLIS ? absent : value;
    }
}
