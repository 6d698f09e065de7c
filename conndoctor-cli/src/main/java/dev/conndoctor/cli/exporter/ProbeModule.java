package dev.conndoctor.cli.exporter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One module of the exporter's configuration: how {@code /probe?module=NAME} probes a target.
 * Read from blackbox_exporter's own YAML ({@link ModuleConfigReader}), holding only what
 * conndoctor honours; anything else in the YAML is refused at load, never ignored.
 *
 * @param timeout the module's {@code timeout}: caps the deadline the scrape gives; empty for none
 * @param preferIpv4 {@code preferred_ip_protocol: ip4}; blackbox_exporter prefers ip6 by default
 * @param ipProtocolFallback {@code ip_protocol_fallback}: the other family counts when the preferred has no address
 * @param tls the tcp prober's {@code tls: true}: a TLS handshake is part of success
 * @param validStatusCodes the http prober's {@code valid_status_codes}; empty means 2xx
 * @param validHttpVersions the http prober's {@code valid_http_versions} ({@code HTTP/1.1}); empty means any
 * @param origin the websocket prober's {@code Origin} header
 * @param subprotocols the websocket prober's {@code Sec-WebSocket-Protocol} values
 * @param yaml the module as written, for {@code debug=true} and {@code /config}
 */
public record ProbeModule(String name, ProberKind prober, Optional<Duration> timeout, boolean preferIpv4,
                          boolean ipProtocolFallback, boolean tls, TlsSettings tlsSettings, List<Integer> validStatusCodes,
                          List<String> validHttpVersions, boolean failIfSsl, boolean failIfNotSsl, Optional<String> origin,
                          List<String> subprotocols, String yaml) {

    public ProbeModule {
        validStatusCodes = List.copyOf(validStatusCodes);
        validHttpVersions = List.copyOf(validHttpVersions);
        subprotocols = List.copyOf(subprotocols);
    }

    /** A module of {@code prober} with blackbox_exporter's defaults and {@code timeout}. */
    public static ProbeModule defaults(String name, ProberKind prober, Optional<Duration> timeout) {
        return new ProbeModule(name, prober, timeout, false, true, false, TlsSettings.NONE, List.of(), List.of(),
                false, false, Optional.empty(), List.of(),
                "prober: " + prober.id() + timeout.map(t -> "\ntimeout: " + GoDuration.format(t)).orElse("") + "\n");
    }

    /**
     * The {@code tls_config} keys conndoctor honours.
     *
     * @param insecureSkipVerify skip certificate verification, for this module's probes only
     * @param caFile trust the PEM certificates of this file instead of the system's
     */
    public record TlsSettings(boolean insecureSkipVerify, Optional<Path> caFile) {
        public static final TlsSettings NONE = new TlsSettings(false, Optional.empty());
    }
}
