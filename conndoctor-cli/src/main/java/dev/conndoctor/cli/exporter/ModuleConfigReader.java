package dev.conndoctor.cli.exporter;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads blackbox_exporter's module YAML ({@code modules: NAME: {prober, timeout, tcp, http,
 * websocket}}) into an {@link ExporterConfig}: the keys conndoctor honours, with
 * blackbox_exporter's defaults ({@code config/config.go}), and every other key collected and
 * named in one {@link ConfigException}, so that a config never loads with a check silently
 * dropped. Pure: YAML text in, modules or the full list of problems out.
 */
public final class ModuleConfigReader {

    private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                    .build())
            // Go's yaml.v3 refuses a key given twice, and so does blackbox_exporter
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** The probers blackbox_exporter knows; the ones beyond {@link ProberKind} are named as unsupported. */
    private static final Set<String> BLACKBOX_PROBERS = Set.of("http", "tcp", "icmp", "dns", "grpc", "unix", "websocket");

    /** The headers of the websocket prober that conndoctor's handshake sends; others it cannot. */
    private static final String ORIGIN = "origin";
    private static final String SUBPROTOCOL = "sec-websocket-protocol";

    private final List<String> unsupported = new ArrayList<>();
    private final List<String> invalid = new ArrayList<>();

    private ModuleConfigReader() {
    }

    /** The modules {@code yaml} defines, or a {@link ConfigException} naming every key or value that cannot be honoured. */
    public static ExporterConfig read(String yaml) {
        return new ModuleConfigReader().readAll(yaml);
    }

    private ExporterConfig readAll(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new ConfigException(List.of(), List.of("not valid YAML: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")")));
        }
        TreeMap<String, ProbeModule> modules = new TreeMap<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new ExporterConfig(modules); // an empty file: blackbox_exporter loads it, with no module
        }
        if (!root.isObject()) {
            throw new ConfigException(List.of(), List.of("the file is not a YAML mapping with a modules key"));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!field.getKey().equals("modules")) {
                unsupported.add(field.getKey());
            }
        }
        JsonNode modulesNode = root.path("modules");
        // "modules:" with nothing after it reads as an empty value: no module, as in blackbox_exporter
        boolean empty = modulesNode.isMissingNode() || modulesNode.isNull()
                || modulesNode.isTextual() && modulesNode.asText().isEmpty();
        if (!empty && !modulesNode.isObject()) {
            invalid.add("modules: not a mapping of module names");
        } else if (modulesNode.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = modulesNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                module(field.getKey(), field.getValue()).ifPresent(m -> modules.put(m.name(), m));
            }
        }
        if (!unsupported.isEmpty() || !invalid.isEmpty()) {
            throw new ConfigException(unsupported, invalid);
        }
        return new ExporterConfig(modules);
    }

    private Optional<ProbeModule> module(String name, JsonNode node) {
        String at = "modules." + name;
        if (!node.isObject()) {
            invalid.add(at + ": not a mapping");
            return Optional.empty();
        }
        Fields fields = new Fields(at, (ObjectNode) node);
        String proberId = fields.text("prober").orElse("");
        Optional<ProberKind> prober = ProberKind.fromId(proberId);
        if (prober.isEmpty()) {
            if (BLACKBOX_PROBERS.contains(proberId)) {
                unsupported.add(at + ".prober: " + proberId);
            } else {
                invalid.add(at + ".prober: '" + proberId + "' is not a prober (tcp, http, websocket, conndoctor)");
            }
        }
        Optional<Duration> timeout = fields.text("timeout").flatMap(t -> {
            Optional<Duration> d = GoDuration.parse(t);
            if (d.isEmpty()) {
                invalid.add(at + ".timeout: '" + t + "' is not a duration like 5s or 1m30s");
            }
            return d;
        }).filter(d -> !d.isZero());
        Settings settings = new Settings();
        // each prober's section is read whatever the prober, as blackbox_exporter reads them all
        fields.object("tcp").ifPresent(tcp -> tcp(tcp, settings));
        fields.object("http").ifPresent(http -> http(http, settings));
        fields.object("websocket").ifPresent(ws -> websocket(ws, settings));
        fields.object("conndoctor").ifPresent(cd -> conndoctor(cd, settings));
        fields.rest(); // icmp, dns, grpc and unix sections among them
        if (prober.isEmpty()) {
            return Optional.empty();
        }
        String yaml;
        try {
            yaml = YAML.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            yaml = "(not printable: " + e.getOriginalMessage() + ")\n";
        }
        ProberKind kind = prober.get();
        Section section = switch (kind) {
            case TCP -> settings.tcp;
            case HTTP -> settings.http;
            case WEBSOCKET -> settings.websocket;
            case CONNDOCTOR -> settings.conndoctor;
        };
        return Optional.of(new ProbeModule(name, kind, timeout, section.preferIpv4, section.fallback, settings.tcp.tls,
                section.tlsSettings, settings.validStatusCodes, settings.validHttpVersions, settings.failIfSsl,
                settings.failIfNotSsl, settings.origin, settings.subprotocols, yaml));
    }

    private void tcp(Fields tcp, Settings settings) {
        ipProtocol(tcp, settings.tcp);
        settings.tcp.tls = tcp.bool("tls").orElse(false);
        tcp.object("tls_config").ifPresent(tls -> settings.tcp.tlsSettings = tlsConfig(tls));
        tcp.rest();
    }

    private void http(Fields http, Settings settings) {
        ipProtocol(http, settings.http);
        http.list("valid_status_codes").ifPresent(codes -> {
            for (JsonNode code : codes) {
                if (code.canConvertToInt() && code.isIntegralNumber() && code.asInt() >= 100 && code.asInt() <= 999) {
                    settings.validStatusCodes.add(code.asInt());
                } else {
                    invalid.add(http.at + ".valid_status_codes: '" + code.asText() + "' is not an HTTP status code");
                }
            }
        });
        http.list("valid_http_versions").ifPresent(versions -> versions.forEach(v -> {
            if (v.asText().matches("HTTP/1\\.[01]")) {
                settings.validHttpVersions.add(v.asText());
            } else {
                // conndoctor speaks HTTP/1.1; an HTTP/2 or /3 answer is not one it can get
                unsupported.add(http.at + ".valid_http_versions: " + v.asText());
            }
        }));
        settings.failIfSsl = http.bool("fail_if_ssl").orElse(false);
        settings.failIfNotSsl = http.bool("fail_if_not_ssl").orElse(false);
        http.text("method").ifPresent(method -> {
            if (!method.equalsIgnoreCase("GET")) {
                unsupported.add(http.at + ".method: " + method);
            }
        });
        // conndoctor judges the first answer; blackbox_exporter's default is to follow redirects
        http.bool("follow_redirects").filter(follow -> follow)
                .ifPresent(follow -> unsupported.add(http.at + ".follow_redirects: true"));
        http.bool("no_follow_redirects").filter(noFollow -> !noFollow)
                .ifPresent(noFollow -> unsupported.add(http.at + ".no_follow_redirects: false"));
        http.object("headers").ifPresent(headers -> headers.names().forEach(h -> unsupported.add(headers.at + "." + h)));
        http.object("tls_config").ifPresent(tls -> settings.http.tlsSettings = tlsConfig(tls));
        http.rest();
    }

    private void websocket(Fields ws, Settings settings) {
        ipProtocol(ws, settings.websocket);
        ws.object("headers").ifPresent(headers -> {
            for (String name : headers.names()) {
                String header = headers.at + "." + name;
                Optional<Fields> values = headers.object(name);
                if (values.isEmpty()) {
                    continue;
                }
                List<String> texts = new ArrayList<>();
                values.get().list("values").ifPresent(list -> list.forEach(v -> texts.add(v.asText())));
                values.get().rest(); // secrets and files: not read here
                switch (name.toLowerCase(Locale.ROOT)) {
                    case ORIGIN -> {
                        if (texts.size() != 1) {
                            invalid.add(header + ".values: the Origin header takes one value");
                        } else {
                            settings.origin = Optional.of(texts.get(0));
                        }
                    }
                    case SUBPROTOCOL -> texts.forEach(t -> {
                        for (String token : t.split(",")) {
                            if (!token.isBlank()) {
                                settings.subprotocols.add(token.trim());
                            }
                        }
                    });
                    default -> unsupported.add(header);
                }
            }
            headers.consumeAll();
        });
        // the handshake sends them as header values: what the library would refuse is refused here, at load
        try {
            dev.conndoctor.Options.builder().origin(settings.origin.orElse(null)).subprotocols(settings.subprotocols);
        } catch (dev.conndoctor.Options.InvalidOptionException e) {
            invalid.add(ws.at + ".headers: " + e.option().replace("--", "") + " '" + e.value() + "': "
                    + e.problem().render(Locale.ROOT));
        }
        ws.object("http_config").ifPresent(httpConfig -> {
            httpConfig.object("tls_config").ifPresent(tls -> settings.websocket.tlsSettings = tlsConfig(tls));
            httpConfig.rest();
        });
        ws.rest();
    }

    /** conndoctor's own section: where a {@code conndoctor} module's probes get their TLS trust and address family. */
    private void conndoctor(Fields cd, Settings settings) {
        ipProtocol(cd, settings.conndoctor);
        cd.object("tls_config").ifPresent(tls -> settings.conndoctor.tlsSettings = tlsConfig(tls));
        cd.rest();
    }

    private void ipProtocol(Fields section, Section into) {
        section.text("preferred_ip_protocol").ifPresent(p -> {
            switch (p) {
                case "ip4" -> into.preferIpv4 = true;
                case "ip6", "" -> into.preferIpv4 = false;
                default -> invalid.add(section.at + ".preferred_ip_protocol: '" + p + "' is not ip4 or ip6");
            }
        });
        section.bool("ip_protocol_fallback").ifPresent(f -> into.fallback = f);
    }

    private ProbeModule.TlsSettings tlsConfig(Fields tls) {
        boolean insecure = tls.bool("insecure_skip_verify").orElse(false);
        Optional<Path> ca = tls.text("ca_file").filter(f -> !f.isEmpty()).map(Path::of);
        tls.rest();
        return new ProbeModule.TlsSettings(insecure, ca);
    }

    /** What a module's sections set; each prober reads its own section's address family and TLS. */
    private static final class Settings {
        final Section tcp = new Section();
        final Section http = new Section();
        final Section websocket = new Section();
        final Section conndoctor = new Section();
        final List<Integer> validStatusCodes = new ArrayList<>();
        final List<String> validHttpVersions = new ArrayList<>();
        boolean failIfSsl;
        boolean failIfNotSsl;
        Optional<String> origin = Optional.empty();
        final List<String> subprotocols = new ArrayList<>();
    }

    private static final class Section {
        boolean preferIpv4;
        boolean fallback = true;
        boolean tls;
        ProbeModule.TlsSettings tlsSettings = ProbeModule.TlsSettings.NONE;
    }

    /**
     * The keys of one YAML mapping, each taken once it is read; {@link #rest()} names the ones no
     * one took as unsupported.
     */
    private final class Fields {
        final String at;
        final ObjectNode node;
        final TreeMap<String, JsonNode> left = new TreeMap<>();

        Fields(String at, ObjectNode node) {
            this.at = at;
            this.node = node;
            node.fields().forEachRemaining(f -> left.put(f.getKey(), f.getValue()));
        }

        List<String> names() {
            List<String> names = new ArrayList<>();
            node.fieldNames().forEachRemaining(names::add);
            return names;
        }

        private Optional<JsonNode> take(String key) {
            JsonNode value = left.remove(key);
            return value == null || value.isNull() ? Optional.empty() : Optional.of(value);
        }

        Optional<String> text(String key) {
            return take(key).flatMap(v -> {
                if (!v.isValueNode()) {
                    invalid.add(at + "." + key + ": not a single value");
                    return Optional.empty();
                }
                return Optional.of(v.asText());
            });
        }

        Optional<Boolean> bool(String key) {
            return take(key).flatMap(v -> {
                if (v.isBoolean()) {
                    return Optional.of(v.booleanValue());
                }
                invalid.add(at + "." + key + ": '" + v.asText() + "' is not true or false");
                return Optional.empty();
            });
        }

        Optional<JsonNode> list(String key) {
            return take(key).flatMap(v -> {
                if (!v.isArray()) {
                    invalid.add(at + "." + key + ": not a list");
                    return Optional.empty();
                }
                return Optional.of(v);
            });
        }

        Optional<Fields> object(String key) {
            return take(key).flatMap(v -> {
                if (!v.isObject()) {
                    invalid.add(at + "." + key + ": not a mapping");
                    return Optional.empty();
                }
                return Optional.of(new Fields(at + "." + key, (ObjectNode) v));
            });
        }

        void consumeAll() {
            left.clear();
        }

        /** Every key not read: named, not ignored. */
        void rest() {
            left.keySet().forEach(k -> unsupported.add(at + "." + k));
            left.clear();
        }
    }

    /**
     * A configuration conndoctor cannot honour as written: the keys it does not support (a check it
     * would not make) and the values that are wrong, all of them, in one message.
     */
    public static final class ConfigException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        private final List<String> unsupported;
        private final List<String> invalid;

        public ConfigException(List<String> unsupported, List<String> invalid) {
            super(message(unsupported, invalid));
            this.unsupported = List.copyOf(unsupported);
            this.invalid = List.copyOf(invalid);
        }

        /** The keys conndoctor does not support, as paths ({@code modules.http_2xx.http.headers.Host}). */
        public List<String> unsupported() {
            return unsupported;
        }

        /** The values that are wrong, each with the reason. */
        public List<String> invalid() {
            return invalid;
        }

        private static String message(List<String> unsupported, List<String> invalid) {
            StringBuilder text = new StringBuilder();
            if (!unsupported.isEmpty()) {
                text.append("not supported by conndoctor (").append(unsupported.size()).append("): ")
                        .append(String.join(", ", unsupported));
            }
            if (!invalid.isEmpty()) {
                text.append(text.length() > 0 ? "; " : "").append("invalid (").append(invalid.size()).append("): ")
                        .append(String.join("; ", invalid));
            }
            return text.toString();
        }
    }
}
