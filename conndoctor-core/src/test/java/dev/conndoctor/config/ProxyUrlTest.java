package dev.conndoctor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.config.ProxyUrl.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProxyUrlTest {

    private static ProxyUrl parse(String value) {
        return ProxyUrl.parse(value).orElseThrow(() -> new AssertionError("no proxy in " + value));
    }

    @Test
    void anHttpProxyWithItsPort() {
        assertThat(parse("http://proxy.example.test:3128"))
                .isEqualTo(new ProxyUrl(Kind.HTTP, "proxy.example.test", 3128, "http://proxy.example.test:3128"));
    }

    @Test
    void anHttpsSchemeIsSpokenToWithConnect() {
        ProxyUrl proxy = parse("https://proxy.example.test:3129");
        assertThat(proxy.kind()).isEqualTo(Kind.HTTP);
        assertThat(proxy.port()).isEqualTo(3129);
    }

    @Test
    void anHttpsProxyIsSpokenToOverTlsAndAnHttpOneIsNot() {
        assertThat(parse("https://proxy.example.test:3129").tls()).isTrue();
        assertThat(parse("HTTPS://proxy.example.test").tls()).isTrue();
        assertThat(parse("http://proxy.example.test:3128").tls()).isFalse();
        assertThat(parse("proxy.example.test:3128").tls()).isFalse();
        assertThat(parse("socks5h://127.0.0.1:9050").tls()).isFalse();
    }

    @Test
    void socks5AndSocks5hAreSocks() {
        assertThat(parse("socks5://127.0.0.1:1080"))
                .isEqualTo(new ProxyUrl(Kind.SOCKS5, "127.0.0.1", 1080, "socks5://127.0.0.1:1080"));
        assertThat(parse("SOCKS5H://127.0.0.1:9050").kind()).isEqualTo(Kind.SOCKS5);
        assertThat(parse("socks5h://127.0.0.1:9050").port()).isEqualTo(9050);
    }

    @Test
    void withoutASchemeItIsAnHttpProxy() {
        assertThat(parse("proxy.example.test:3128"))
                .isEqualTo(new ProxyUrl(Kind.HTTP, "proxy.example.test", 3128, "http://proxy.example.test:3128"));
        assertThat(parse("  proxy.example.test:3128  ").host()).isEqualTo("proxy.example.test");
    }

    @Test
    void defaultPortsAre80ForHttpAnd1080ForSocks() {
        assertThat(parse("http://proxy.example.test").port()).isEqualTo(80);
        assertThat(parse("proxy.example.test").port()).isEqualTo(80);
        assertThat(parse("socks5://proxy.example.test").port()).isEqualTo(1080);
        assertThat(parse("socks5h://proxy.example.test/").port()).isEqualTo(1080);
    }

    @Test
    void anHttpsProxyWithoutAPortIsOn443() {
        assertThat(parse("https://proxy.example.test").port()).isEqualTo(443);
    }

    @Test
    void anIpv6ProxyIsWrittenInBrackets() {
        ProxyUrl proxy = parse("http://[2001:db8::3]:3128");
        assertThat(proxy.host()).isEqualTo("2001:db8::3");
        assertThat(proxy.port()).isEqualTo(3128);
        assertThat(proxy.text()).isEqualTo("http://[2001:db8::3]:3128");
        assertThat(parse("socks5://[::1]").text()).isEqualTo("socks5://[::1]:1080");
    }

    @Test
    void credentialsAreDroppedFromTheText() {
        ProxyUrl proxy = parse("http://alice:s3cr%40t@proxy.example.test:3128/");
        assertThat(proxy.host()).isEqualTo("proxy.example.test");
        assertThat(proxy.text()).isEqualTo("http://proxy.example.test:3128").doesNotContain("alice")
                .doesNotContain("s3cr");
        assertThat(parse("http://bob:p@ss@[2001:db8::3]:3128").text()).isEqualTo("http://[2001:db8::3]:3128");
        assertThat(parse("socks5h://user:pw@127.0.0.1:1080").toString()).doesNotContain("pw");
    }

    @Test
    void aPathAfterTheAuthorityIsIgnored() {
        assertThat(parse("http://proxy.example.test:3128/some/path").text()).isEqualTo("http://proxy.example.test:3128");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "ftp://proxy.example.test:21", "gopher://proxy.example.test",
        "http://", "http://:3128", "http://proxy.example.test:0", "http://proxy.example.test:65536",
        "http://proxy.example.test:abc", "http://[2001:db8::3", "proxy.example.test:99999999"})
    void junkIsNoProxy(String value) {
        assertThat(ProxyUrl.parse(value)).isEmpty();
    }

    @Test
    void kindIdsAreLowerCase() {
        assertThat(Kind.HTTP.id()).isEqualTo("http");
        assertThat(Kind.SOCKS5.id()).isEqualTo("socks5");
    }
}
