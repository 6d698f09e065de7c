package dev.conndoctor;

import dev.conndoctor.config.CdnCatalog;
import dev.conndoctor.config.ProxyUrl;
import dev.conndoctor.config.ServerFacts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How one diagnosis probes: the deadline of each probe, the ports that tell whether a host is
 * up, what the protocol probes send, and what the user knows about the path. Immutable;
 * {@link #defaults()} is what the CLI uses without flags; {@link #builder()} and
 * {@link #toBuilder()} change some of them.
 *
 * @param insecure skip certificate verification in this diagnosis's TLS probes (never JVM-wide)
 * @param origin the Origin header of the WebSocket handshake, as a browser page would send it
 * @param subprotocols the Sec-WebSocket-Protocol values to offer
 * @param scanPorts ports to try beyond the likely ones when the target port refuses ({@code --scan-ports})
 * @param dnsServers nameservers to ask besides the system resolver (empty: those of /etc/resolv.conf)
 * @param expectedAddresses where the server really is ({@code --expect-ip}); empty when unknown
 * @param cdnCatalog the CDN ranges, CNAMEs and headers in effect
 * @param proxy {@link ProxyChoice#AUTO}: the environment's proxy where one applies
 * @param explicitProxy the proxy of {@link ProxyChoice#EXPLICIT}
 * @param serverFacts the server's own report of its ports ({@code --server-report}), to join with the client's view
 * @param token the secret shared with a {@code conndoctor listen --token} at the target, for the end-to-end proof
 * @param hold after the connection works, keep it open this long and watch how it ends ({@code --hold})
 */
public record Options(Duration timeout, List<Integer> livenessPorts, boolean insecure, Optional<String> origin,
                      List<String> subprotocols, List<Integer> scanPorts, List<InetAddress> dnsServers,
                      List<InetAddress> expectedAddresses, CdnCatalog cdnCatalog, ProxyChoice proxy,
                      Optional<ProxyUrl> explicitProxy, List<ServerFacts> serverFacts, Optional<String> token,
                      Optional<Hold> hold) {

    /**
     * How long a connection that works is kept open after the diagnosis proper, and how often it is
     * pinged meanwhile: what shows the failures that come after the handshake (idle timeouts, close
     * codes, pings that no pong answers).
     *
     * @param duration how long to keep the connection; at most {@link #MAX}
     * @param pingEvery how often a WebSocket is pinged (a text connection sent a line); empty for the
     *                  default of the scheme ({@link #pingInterval(Scheme)}), zero for a silent hold
     */
    public record Hold(Duration duration, Optional<Duration> pingEvery) {
        /** The longest hold: past AWS NLB's 350 s and Azure's 4 min idle timeouts, short enough to wait for. */
        public static final Duration MAX = Duration.ofMinutes(10);
        /** The shortest interval between two pings: a hold of {@link #MAX} sends at most 2400 of them. */
        public static final Duration MIN_PING_EVERY = Duration.ofMillis(250);
        /**
         * The longest default interval: below every known idle timeout (nginx's and an ALB's 60 s), so
         * that a default hold tests the session, not the proxies' patience.
         */
        static final Duration MAX_DEFAULT_PING_EVERY = Duration.ofSeconds(30);

        public Hold {
            if (duration == null || duration.isNegative() || duration.isZero() || duration.compareTo(MAX) > 0) {
                throw new IllegalArgumentException("a hold lasts more than 0 and at most " + MAX.toMinutes() + " minutes");
            }
            pingEvery.ifPresent(p -> {
                if (p.isNegative() || !p.isZero() && p.compareTo(MIN_PING_EVERY) < 0) {
                    throw new IllegalArgumentException("pings come at least " + MIN_PING_EVERY.toMillis()
                            + " ms apart (0 for none)");
                }
            });
        }

        /** A hold of {@code duration} with the scheme's default pings. */
        public static Hold of(Duration duration) {
            return new Hold(duration, Optional.empty());
        }

        /**
         * How often to ping on a connection of {@code scheme}, {@link Duration#ZERO} for never: as
         * given; by default a WebSocket a quarter of the hold (between {@link #MIN_PING_EVERY} and
         * 30 s), tcp and text not at all (an idle hold, what an idle timeout needs to show).
         */
        public Duration pingInterval(Scheme scheme) {
            if (!scheme.isWebSocket() && scheme != Scheme.TEXT) {
                return Duration.ZERO; // a raw tcp protocol has no message conndoctor may send unasked
            }
            if (pingEvery.isPresent()) {
                return pingEvery.get();
            }
            if (!scheme.isWebSocket()) {
                return Duration.ZERO;
            }
            Duration quarter = duration.dividedBy(4);
            return quarter.compareTo(MIN_PING_EVERY) < 0 ? MIN_PING_EVERY
                    : quarter.compareTo(MAX_DEFAULT_PING_EVERY) > 0 ? MAX_DEFAULT_PING_EVERY : quarter;
        }
    }

    /** Options without a hold: the diagnosis proper only. */
    public Options(Duration timeout, List<Integer> livenessPorts, boolean insecure, Optional<String> origin,
                   List<String> subprotocols, List<Integer> scanPorts, List<InetAddress> dnsServers,
                   List<InetAddress> expectedAddresses, CdnCatalog cdnCatalog, ProxyChoice proxy,
                   Optional<ProxyUrl> explicitProxy, List<ServerFacts> serverFacts, Optional<String> token) {
        this(timeout, livenessPorts, insecure, origin, subprotocols, scanPorts, dnsServers, expectedAddresses,
                cdnCatalog, proxy, explicitProxy, serverFacts, token, Optional.empty());
    }

    // RFC 6454 §6.2: a serialized origin is "null" or scheme://host[:port], nothing after it
    private static final Pattern SERIALIZED_ORIGIN = Pattern.compile(
            "null|[A-Za-z][A-Za-z0-9+.-]*://(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(:[0-9]{1,5})?");
    // RFC 7230 §3.2.6 tchar, what RFC 6455 §4.1 requires of every subprotocol
    private static final String TOKEN_PUNCTUATION = "!#$%&'*+-.^_`|~";

    /** Ports that most machines answer on, with a reset if not with an accept. */
    public static final List<Integer> USUAL_PORTS = List.of(22, 80, 443, 3389, 8080, 8443, 21, 25, 53, 445, 3306);

    /** Which proxy the diagnosis goes through, beside the direct path. */
    public enum ProxyChoice {
        /** The proxy a typical client on this machine would use (environment, NO_PROXY). */
        AUTO,
        /** None: the direct path only. */
        NONE,
        /** The one given with {@code --proxy URL}. */
        EXPLICIT
    }

    public Options {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the timeout must be positive");
        }
        livenessPorts = List.copyOf(livenessPorts);
        subprotocols = checkSubprotocols(subprotocols);
        origin.ifPresent(Options::checkOrigin);
        scanPorts = List.copyOf(scanPorts);
        dnsServers = List.copyOf(dnsServers);
        expectedAddresses = List.copyOf(expectedAddresses);
        serverFacts = List.copyOf(serverFacts);
        if (proxy == ProxyChoice.EXPLICIT && explicitProxy.isEmpty()) {
            throw new IllegalArgumentException("an explicit proxy needs its URL");
        }
    }

    /**
     * An option that would go on the wire as a header value and cannot: a control character (a CR
     * LF there writes headers, or a whole request, of the caller's choosing) or a value outside the
     * header's grammar. Its {@link #problem()} names what is wrong, in any language.
     */
    public static final class InvalidOptionException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        private final String option;
        private final String value;
        private final transient Text problem;

        InvalidOptionException(String option, String value, Text problem) {
            // the value stays out of the message: it may hold the very line breaks it is refused for
            super(option + ": " + problem);
            this.option = option;
            this.value = value;
            this.problem = problem;
        }

        /** The option, as the CLI names it: {@code --origin}, {@code --subprotocol}. */
        public String option() {
            return option;
        }

        /** The value refused, as given. */
        public String value() {
            return value;
        }

        public Text problem() {
            return problem;
        }
    }

    /** Refuses an Origin header value that is not a serialized origin (RFC 6454): no control, no path. */
    static void checkOrigin(String origin) {
        int control = firstControl(origin);
        if (control >= 0) {
            throw new InvalidOptionException("--origin", origin, Text.of("option.control-character", control + 1));
        }
        if (!SERIALIZED_ORIGIN.matcher(origin).matches()) {
            throw new InvalidOptionException("--origin", origin, Text.of("option.origin-form"));
        }
    }

    /** Refuses a subprotocol that is not an RFC 7230 token, or one offered twice (RFC 6455 §4.1); the list, copied. */
    static List<String> checkSubprotocols(List<String> subprotocols) {
        Set<String> seen = new HashSet<>();
        for (String subprotocol : subprotocols) {
            int control = firstControl(subprotocol);
            if (control >= 0) {
                throw new InvalidOptionException("--subprotocol", subprotocol,
                        Text.of("option.control-character", control + 1));
            }
            if (subprotocol.isEmpty() || !subprotocol.chars().allMatch(Options::tchar)) {
                throw new InvalidOptionException("--subprotocol", subprotocol, Text.of("option.subprotocol-token"));
            }
            if (!seen.add(subprotocol)) {
                throw new InvalidOptionException("--subprotocol", subprotocol, Text.of("option.subprotocol-twice"));
            }
        }
        return List.copyOf(subprotocols);
    }

    private static int firstControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean tchar(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || TOKEN_PUNCTUATION.indexOf(c) >= 0;
    }

    /** Every option but the token, which never appears in a log. */
    @Override
    public String toString() {
        return "Options[timeout=" + timeout + ", insecure=" + insecure + ", origin=" + origin + ", subprotocols="
                + subprotocols + ", scanPorts=" + scanPorts.size() + ", dnsServers=" + dnsServers + ", expectedAddresses="
                + expectedAddresses + ", proxy=" + proxy + explicitProxy.map(p -> " " + p.text()).orElse("")
                + ", serverFacts=" + serverFacts.size() + ", token=" + (token.isPresent() ? "(set)" : "(none)")
                + hold.map(h -> ", hold=" + h).orElse("") + "]";
    }

    /** A 3 second timeout, the usual liveness ports, verified TLS, the embedded CDN catalogue, proxies as configured. */
    public static Options defaults() {
        return new Options(Duration.ofSeconds(3), USUAL_PORTS, false, Optional.empty(), List.of(), List.of(),
                List.of(), List.of(), CdnCatalog.embedded(), ProxyChoice.AUTO, Optional.empty(), List.of(), Optional.empty());
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** A builder starting from {@link #defaults()}. */
    public static Builder builder() {
        return defaults().toBuilder();
    }

    /**
     * Options one change at a time; {@link #build()} checks them together, so a builder may pass
     * through states that are not valid options (a proxy choice before its URL).
     */
    public static final class Builder {
        private Duration timeout;
        private List<Integer> livenessPorts;
        private boolean insecure;
        private Optional<String> origin;
        private List<String> subprotocols;
        private List<Integer> scanPorts;
        private List<InetAddress> dnsServers;
        private List<InetAddress> expectedAddresses;
        private CdnCatalog cdnCatalog;
        private ProxyChoice proxy;
        private Optional<ProxyUrl> explicitProxy;
        private List<ServerFacts> serverFacts;
        private Optional<String> token;
        private Optional<Hold> hold;

        private Builder(Options o) {
            timeout = o.timeout;
            livenessPorts = o.livenessPorts;
            insecure = o.insecure;
            origin = o.origin;
            subprotocols = o.subprotocols;
            scanPorts = o.scanPorts;
            dnsServers = o.dnsServers;
            expectedAddresses = o.expectedAddresses;
            cdnCatalog = o.cdnCatalog;
            proxy = o.proxy;
            explicitProxy = o.explicitProxy;
            serverFacts = o.serverFacts;
            token = o.token;
            hold = o.hold;
        }

        /** The deadline of each probe. */
        public Builder timeout(Duration value) {
            this.timeout = value;
            return this;
        }

        /** The ports that tell whether a host is up when the target port does not answer. */
        public Builder livenessPorts(List<Integer> value) {
            this.livenessPorts = value;
            return this;
        }

        public Builder insecure(boolean value) {
            this.insecure = value;
            return this;
        }

        /**
         * The Origin header of the WebSocket handshake; null for none.
         *
         * @throws InvalidOptionException when it is not a serialized origin ({@code https://example.com:8443})
         */
        public Builder origin(String value) {
            if (value != null) {
                checkOrigin(value);
            }
            this.origin = Optional.ofNullable(value);
            return this;
        }

        /**
         * The subprotocols to offer, in order.
         *
         * @throws InvalidOptionException when one is not a token or is offered twice
         */
        public Builder subprotocols(List<String> value) {
            this.subprotocols = checkSubprotocols(value);
            return this;
        }

        public Builder scanPorts(List<Integer> value) {
            this.scanPorts = value;
            return this;
        }

        public Builder dnsServers(List<InetAddress> value) {
            this.dnsServers = value;
            return this;
        }

        public Builder expectedAddresses(List<InetAddress> value) {
            this.expectedAddresses = value;
            return this;
        }

        public Builder cdnCatalog(CdnCatalog value) {
            this.cdnCatalog = value;
            return this;
        }

        /** No proxy ({@link ProxyChoice#NONE}) or the environment's ({@link ProxyChoice#AUTO}); forgets an explicit one. */
        public Builder proxy(ProxyChoice value) {
            this.proxy = value;
            this.explicitProxy = Optional.empty();
            return this;
        }

        /** Probe through this proxy, whatever the environment says. */
        public Builder proxy(ProxyUrl value) {
            this.proxy = ProxyChoice.EXPLICIT;
            this.explicitProxy = Optional.of(value);
            return this;
        }

        /** Join the client's view with what the server's own report says of its ports. */
        public Builder serverFacts(List<ServerFacts> value) {
            this.serverFacts = value;
            return this;
        }

        /** Ask the server for the end-to-end proof of a {@code conndoctor listen --token} holding this token; null for none. */
        public Builder token(String value) {
            this.token = Optional.ofNullable(value);
            return this;
        }

        /** After the connection works, keep it this long and watch how it ends; null for no hold. */
        public Builder hold(Hold value) {
            this.hold = Optional.ofNullable(value);
            return this;
        }

        /** The options, checked as the record's constructor checks them. */
        public Options build() {
            return new Options(timeout, livenessPorts, insecure, origin, subprotocols, scanPorts, dnsServers,
                    expectedAddresses, cdnCatalog, proxy, explicitProxy, serverFacts, token, hold);
        }
    }
}
