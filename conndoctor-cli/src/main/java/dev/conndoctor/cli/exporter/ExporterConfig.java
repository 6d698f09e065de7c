package dev.conndoctor.cli.exporter;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** The modules the exporter probes with, by name, as read from a file or the built-in ones. */
public record ExporterConfig(SortedMap<String, ProbeModule> modules) {

    /** The module {@code /probe} uses without {@code module=}, as blackbox_exporter does. */
    public static final String DEFAULT_MODULE = "http_2xx";

    public ExporterConfig {
        modules = Collections.unmodifiableSortedMap(new TreeMap<>(modules));
    }

    /**
     * The modules of an exporter started without {@code --config}: blackbox_exporter's usual
     * {@code tcp_connect} and {@code http_2xx}, a {@code websocket} module, and {@code conndoctor},
     * which follows the target's scheme ({@code ws://}, {@code https://}, {@code host:port}). None
     * sets a timeout, as in blackbox_exporter's example file: the scrape's timeout rules.
     */
    public static ExporterConfig builtIn() {
        Optional<Duration> timeout = Optional.empty();
        return new ExporterConfig(new TreeMap<>(Map.of(
                "tcp_connect", ProbeModule.defaults("tcp_connect", ProberKind.TCP, timeout),
                DEFAULT_MODULE, ProbeModule.defaults(DEFAULT_MODULE, ProberKind.HTTP, timeout),
                "websocket", ProbeModule.defaults("websocket", ProberKind.WEBSOCKET, timeout),
                "conndoctor", ProbeModule.defaults("conndoctor", ProberKind.CONNDOCTOR, timeout))));
    }

    public Optional<ProbeModule> module(String name) {
        return Optional.ofNullable(modules.get(name));
    }

    /** The configuration as YAML, for {@code /config}. */
    public String yaml() {
        StringBuilder text = new StringBuilder("modules:\n");
        modules.forEach((name, module) -> text.append("  ").append(name).append(":\n")
                .append(module.yaml().indent(4)));
        return text.toString();
    }
}
