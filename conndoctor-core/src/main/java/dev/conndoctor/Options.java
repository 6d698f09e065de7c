package dev.conndoctor;

import dev.conndoctor.config.CdnCatalog;
import dev.conndoctor.config.ProxyUrl;
import dev.conndoctor.config.ServerFacts;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 */
public record Options(Duration timeout, List<Integer> livenessPorts, boolean insecure, Optional<String> origin,
                      List<String> subprotocols, List<Integer> scanPorts, List<InetAddress> dnsServers,
                      List<InetAddress> expectedAddresses, CdnCatalog cdnCatalog, ProxyChoice proxy,
                      Optional<ProxyUrl> explicitProxy, List<ServerFacts> serverFacts, Optional<String> token) {

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
        subprotocols = List.copyOf(subprotocols);
        scanPorts = List.copyOf(scanPorts);
        dnsServers = List.copyOf(dnsServers);
        expectedAddresses = List.copyOf(expectedAddresses);
        serverFacts = List.copyOf(serverFacts);
        if (proxy == ProxyChoice.EXPLICIT && explicitProxy.isEmpty()) {
            throw new IllegalArgumentException("an explicit proxy needs its URL");
        }
    }

    /** Every option but the token, which never appears in a log. */
    @Override
    public String toString() {
        return "Options[timeout=" + timeout + ", insecure=" + insecure + ", origin=" + origin + ", subprotocols="
                + subprotocols + ", scanPorts=" + scanPorts.size() + ", dnsServers=" + dnsServers + ", expectedAddresses="
                + expectedAddresses + ", proxy=" + proxy + explicitProxy.map(p -> " " + p.text()).orElse("")
                + ", serverFacts=" + serverFacts.size() + ", token=" + (token.isPresent() ? "(set)" : "(none)") + "]";
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

        /** The Origin header of the WebSocket handshake; null for none. */
        public Builder origin(String value) {
            this.origin = Optional.ofNullable(value);
            return this;
        }

        public Builder subprotocols(List<String> value) {
            this.subprotocols = value;
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

        /** The options, checked as the record's constructor checks them. */
        public Options build() {
            return new Options(timeout, livenessPorts, insecure, origin, subprotocols, scanPorts, dnsServers,
                    expectedAddresses, cdnCatalog, proxy, explicitProxy, serverFacts, token);
        }
    }
}
