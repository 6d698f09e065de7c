package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModuleConfigReaderTest {

    @Test
    void readsBlackboxExportersUsualModulesWithItsDefaults() {
        ExporterConfig config = ModuleConfigReader.read("""
                modules:
                  http_2xx:
                    prober: http
                    timeout: 5s
                  tcp_connect:
                    prober: tcp
                """);

        ProbeModule http = config.module("http_2xx").orElseThrow();
        assertThat(http.prober()).isEqualTo(ProberKind.HTTP);
        assertThat(http.timeout()).contains(Duration.ofSeconds(5));
        assertThat(http.preferIpv4()).isFalse(); // blackbox_exporter prefers ip6...
        assertThat(http.ipProtocolFallback()).isTrue(); // ...and falls back to ip4
        assertThat(http.validStatusCodes()).isEmpty();
        ProbeModule tcp = config.module("tcp_connect").orElseThrow();
        assertThat(tcp.timeout()).isEmpty();
        assertThat(tcp.tls()).isFalse();
        assertThat(tcp.yaml()).isEqualTo("prober: tcp\n");
    }

    @Test
    void readsTheKeysConndoctorHonours() {
        ExporterConfig config = ModuleConfigReader.read("""
                modules:
                  api:
                    prober: http
                    timeout: 1m30s
                    http:
                      valid_status_codes: [200, 204, 301]
                      valid_http_versions: ["HTTP/1.1"]
                      preferred_ip_protocol: ip4
                      ip_protocol_fallback: false
                      fail_if_not_ssl: true
                      method: GET
                      no_follow_redirects: true
                      tls_config:
                        insecure_skip_verify: true
                        ca_file: /etc/ssl/private-ca.pem
                  tls_connect:
                    prober: tcp
                    tcp:
                      tls: true
                  chat:
                    prober: websocket
                    websocket:
                      headers:
                        Origin:
                          values: ["https://app.example.com"]
                        Sec-WebSocket-Protocol:
                          values: ["chat, superchat"]
                """);

        ProbeModule api = config.module("api").orElseThrow();
        assertThat(api.timeout()).contains(Duration.ofSeconds(90));
        assertThat(api.validStatusCodes()).containsExactly(200, 204, 301);
        assertThat(api.validHttpVersions()).containsExactly("HTTP/1.1");
        assertThat(api.preferIpv4()).isTrue();
        assertThat(api.ipProtocolFallback()).isFalse();
        assertThat(api.failIfNotSsl()).isTrue();
        assertThat(api.tlsSettings()).isEqualTo(new ProbeModule.TlsSettings(true,
                Optional.of(Path.of("/etc/ssl/private-ca.pem"))));
        assertThat(config.module("tls_connect").orElseThrow().tls()).isTrue();
        ProbeModule chat = config.module("chat").orElseThrow();
        assertThat(chat.origin()).contains("https://app.example.com");
        assertThat(chat.subprotocols()).containsExactly("chat", "superchat");
    }

    @Test
    void everyUnsupportedKeyIsNamedInOneError() {
        ModuleConfigReader.ConfigException e = catchThrowableOfType(ModuleConfigReader.ConfigException.class, () ->
                ModuleConfigReader.read("""
                        modules:
                          http_2xx:
                            prober: http
                            http:
                              headers:
                                Host: example.com
                              fail_if_body_matches_regexp: ["error"]
                              tls_config:
                                server_name: example.com
                          icmp:
                            prober: icmp
                          smtp_starttls:
                            prober: tcp
                            tcp:
                              query_response:
                                - expect: "^220"
                        """));

        assertThat(e.unsupported()).containsExactlyInAnyOrder(
                "modules.http_2xx.http.headers.Host",
                "modules.http_2xx.http.fail_if_body_matches_regexp",
                "modules.http_2xx.http.tls_config.server_name",
                "modules.icmp.prober: icmp",
                "modules.smtp_starttls.tcp.query_response");
        assertThat(e.getMessage()).startsWith("not supported by conndoctor (5): ")
                .contains("modules.http_2xx.http.headers.Host").doesNotContain("\n");
    }

    @Test
    void wrongValuesAreNamedWithTheReason() {
        ModuleConfigReader.ConfigException e = catchThrowableOfType(ModuleConfigReader.ConfigException.class, () ->
                ModuleConfigReader.read("""
                        modules:
                          a:
                            prober: htp
                          b:
                            prober: http
                            timeout: 5 seconds
                            http:
                              valid_status_codes: [200, "ok"]
                              preferred_ip_protocol: ip5
                          c:
                            prober: websocket
                            websocket:
                              headers:
                                Origin:
                                  values: ["https://example.com/path"]
                        """));

        assertThat(e.unsupported()).isEmpty();
        assertThat(e.invalid()).hasSize(5);
        assertThat(String.join("\n", e.invalid()))
                .contains("modules.a.prober: 'htp' is not a prober")
                .contains("modules.b.timeout: '5 seconds' is not a duration")
                .contains("'ok' is not an HTTP status code")
                .contains("'ip5' is not ip4 or ip6")
                .contains("modules.c.websocket.headers: origin 'https://example.com/path'");
    }

    @Test
    void aKeyGivenTwiceIsAnErrorAsInBlackboxExporter() {
        ModuleConfigReader.ConfigException e = catchThrowableOfType(ModuleConfigReader.ConfigException.class, () ->
                ModuleConfigReader.read("modules:\n  a:\n    prober: tcp\n    prober: http\n"));

        assertThat(e.getMessage()).contains("not valid YAML").contains("prober");
    }

    @Test
    void anEmptyFileHasNoModules() {
        assertThat(ModuleConfigReader.read("").modules()).isEmpty();
        assertThat(ModuleConfigReader.read("modules:\n").modules()).isEmpty();
    }

    @Test
    void theBuiltInModulesAreTheUsualOnesAndConndoctors() {
        ExporterConfig builtIn = ExporterConfig.builtIn();

        assertThat(builtIn.modules().keySet()).containsExactly("conndoctor", "http_2xx", "tcp_connect", "websocket");
        assertThat(builtIn.modules().values()).allSatisfy(m -> assertThat(m.timeout()).isEmpty());
        assertThat(builtIn.yaml()).contains("  http_2xx:\n    prober: http\n  tcp_connect:\n");
    }

    @Test
    void redirectsFollowedCannotBeHonoured() {
        ModuleConfigReader.ConfigException e = catchThrowableOfType(ModuleConfigReader.ConfigException.class, () ->
                ModuleConfigReader.read("modules:\n  a:\n    prober: http\n    http:\n      follow_redirects: true\n"
                        + "      method: POST\n      valid_http_versions: [\"HTTP/2.0\"]\n"));

        assertThat(e.unsupported()).isEqualTo(List.of("modules.a.http.valid_http_versions: HTTP/2.0",
                "modules.a.http.method: POST", "modules.a.http.follow_redirects: true"));
    }
}
