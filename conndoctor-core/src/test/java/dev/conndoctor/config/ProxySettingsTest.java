package dev.conndoctor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Target;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProxySettingsTest {

    private static final Properties NO_PROPERTIES = new Properties();

    private static ProxyDecision decide(Map<String, String> env, String target) {
        return new ProxySettings(env, NO_PROPERTIES).decide(Target.parse(target));
    }

    private static String proxyText(ProxyDecision decision) {
        return decision.proxy().map(ProxyUrl::text).orElse("direct");
    }

    @Test
    void noVariablesMeansDirect() {
        ProxyDecision decision = decide(Map.of(), "ws://api.example.test:8282");

        assertThat(decision.proxy()).isEmpty();
        assertThat(decision.configured()).isEmpty();
        assertThat(decision.variable()).isEmpty();
        assertThat(decision.bypassedBy()).isEmpty();
        assertThat(decision.jvmProperties()).isEmpty();
        assertThat(decision).isEqualTo(ProxyDecision.direct());
    }

    @Test
    void theLowerCaseVariableWins() {
        ProxyDecision decision = decide(Map.of("http_proxy", "http://lower.example.test:3128",
                "HTTP_PROXY", "http://upper.example.test:3128"), "http://api.example.test/");

        assertThat(proxyText(decision)).isEqualTo("http://lower.example.test:3128");
        assertThat(decision.variable()).isEqualTo("http_proxy");
    }

    @Test
    void theUpperCaseVariableIsReadWhenTheLowerIsAbsent() {
        ProxyDecision decision = decide(Map.of("HTTPS_PROXY", "http://upper.example.test:3128"),
                "wss://api.example.test/");

        assertThat(proxyText(decision)).isEqualTo("http://upper.example.test:3128");
        assertThat(decision.variable()).isEqualTo("HTTPS_PROXY");
    }

    @ParameterizedTest
    @CsvSource({
        "http://api.example.test/, http_proxy, http://h.example.test:1",
        "ws://api.example.test:8282, http_proxy, http://h.example.test:1",
        "https://api.example.test/, https_proxy, http://s.example.test:2",
        "wss://api.example.test:8443, https_proxy, http://s.example.test:2",
        "tcp://api.example.test:9000, all_proxy, socks5://a.example.test:3",
        "api.example.test:9000, all_proxy, socks5://a.example.test:3",
    })
    void eachSchemeReadsItsOwnVariable(String target, String variable, String proxy) {
        Map<String, String> env = Map.of("http_proxy", "http://h.example.test:1",
                "https_proxy", "http://s.example.test:2", "all_proxy", "socks5://a.example.test:3");

        ProxyDecision decision = decide(env, target);

        assertThat(decision.variable()).isEqualTo(variable);
        assertThat(proxyText(decision)).isEqualTo(proxy);
    }

    @Test
    void allProxyIsTheFallbackForWebSchemes() {
        ProxyDecision decision = decide(Map.of("ALL_PROXY", "socks5h://127.0.0.1:1080"), "wss://api.example.test/");

        assertThat(decision.variable()).isEqualTo("ALL_PROXY");
        assertThat(decision.proxy()).map(ProxyUrl::kind).contains(ProxyUrl.Kind.SOCKS5);
    }

    @Test
    void aPlainTcpTargetIgnoresTheHttpVariables() {
        ProxyDecision decision = decide(Map.of("http_proxy", "http://h.example.test:1",
                "https_proxy", "http://s.example.test:2"), "tcp://api.example.test:9000");

        assertThat(decision.proxy()).isEmpty();
        assertThat(decision.configured()).isEmpty();
    }

    @Test
    void anUnparseableVariableFallsThroughToTheNext() {
        ProxyDecision decision = decide(Map.of("http_proxy", "ftp://nonsense", "HTTP_PROXY", "http://u.example.test:8"),
                "http://api.example.test/");

        assertThat(decision.variable()).isEqualTo("HTTP_PROXY");
    }

    @Test
    void noProxyBypassIsReportedWithTheConfiguredProxy() {
        ProxyDecision decision = decide(Map.of("http_proxy", "http://proxy.example.test:3128",
                "no_proxy", "localhost,.example.test"), "ws://api.example.test:8282");

        assertThat(decision.proxy()).isEmpty();
        assertThat(decision.configured()).map(ProxyUrl::text).contains("http://proxy.example.test:3128");
        assertThat(decision.variable()).isEqualTo("http_proxy");
        assertThat(decision.bypassedBy()).contains("no_proxy=.example.test");
    }

    @Test
    void upperCaseNoProxyIsReadWhenTheLowerIsAbsent() {
        ProxyDecision decision = decide(Map.of("HTTP_PROXY", "http://proxy.example.test:3128",
                "NO_PROXY", "192.0.2.0/24"), "ws://192.0.2.10:8282");

        assertThat(decision.bypassedBy()).contains("NO_PROXY=192.0.2.0/24");
        assertThat(decision.proxy()).isEmpty();
    }

    @Test
    void lowerCaseNoProxyWinsOverTheUpper() {
        ProxyDecision decision = decide(Map.of("http_proxy", "http://proxy.example.test:3128",
                "no_proxy", "other.example.test", "NO_PROXY", "api.example.test"), "ws://api.example.test:8282");

        assertThat(decision.bypassedBy()).isEmpty();
        assertThat(proxyText(decision)).isEqualTo("http://proxy.example.test:3128");
    }

    @Test
    void aNoProxyEntryForAnotherPortDoesNotBypass() {
        ProxyDecision decision = decide(Map.of("http_proxy", "http://proxy.example.test:3128",
                "no_proxy", "api.example.test:80"), "ws://api.example.test:8282");

        assertThat(decision.proxy()).isPresent();
        assertThat(decision.bypassedBy()).isEmpty();
    }

    @Test
    void jvmProxyPropertiesOfTheSchemeAreListed() {
        Properties properties = new Properties();
        properties.setProperty("http.proxyHost", "jvm.example.test");
        properties.setProperty("http.proxyPort", "8080");
        properties.setProperty("https.proxyHost", "jvms.example.test");
        properties.setProperty("socksProxyHost", "socks.example.test");
        properties.setProperty("http.nonProxyHosts", "localhost|*.example.test");
        properties.setProperty("java.net.useSystemProxies", "  ");
        properties.setProperty("user.name", "alice");

        ProxySettings settings = new ProxySettings(Map.of(), properties);

        assertThat(settings.decide(Target.parse("ws://api.example.test:8282")).jvmProperties()).containsExactly(
                "http.proxyHost=jvm.example.test", "http.proxyPort=8080", "socksProxyHost=socks.example.test",
                "http.nonProxyHosts=localhost|*.example.test");
        assertThat(settings.decide(Target.parse("wss://api.example.test")).jvmProperties())
                .containsExactly("https.proxyHost=jvms.example.test", "socksProxyHost=socks.example.test",
                        "http.nonProxyHosts=localhost|*.example.test");
        // listed, never followed: the decision stays direct
        assertThat(settings.decide(Target.parse("ws://api.example.test:8282")).proxy()).isEmpty();
    }

    @Test
    void jvmPropertiesAreListedBesideAnEnvironmentProxy() {
        Properties properties = new Properties();
        properties.setProperty("http.proxyHost", "jvm.example.test");
        ProxyDecision decision = new ProxySettings(Map.of("http_proxy", "http://proxy.example.test:3128"), properties)
                .decide(Target.parse("http://api.example.test/"));

        assertThat(decision.jvmProperties()).containsExactly("http.proxyHost=jvm.example.test");
        assertThat(decision.proxy()).isPresent();
    }

    @Test
    void theSettingsCopyTheirInputs() {
        Properties properties = new Properties();
        ProxySettings settings = new ProxySettings(new java.util.HashMap<>(), properties);
        properties.setProperty("http.proxyHost", "later.example.test");

        assertThat(settings.decide(Target.parse("http://api.example.test/")).jvmProperties()).isEmpty();
        assertThat(ProxyDecision.direct().proxy()).isEqualTo(Optional.empty());
    }
}
