package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.config.ProxyUrl;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void aBuilderWithNoChangesBuildsTheDefaults() {
        // the embedded CDN catalogue is parsed anew each time, so it is compared by what it says
        assertThat(Options.builder().build()).usingRecursiveComparison().isEqualTo(Options.defaults());
    }

    @Test
    void toBuilderChangesOnlyWhatIsSet() {
        Options base = Options.builder().timeout(Duration.ofSeconds(7)).scanPorts(List.of(9000)).build();

        Options changed = base.toBuilder().insecure(true).build();

        assertThat(changed.timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(changed.scanPorts()).containsExactly(9000);
        assertThat(changed.insecure()).isTrue();
        assertThat(base.insecure()).isFalse();
    }

    @Test
    void anExplicitProxyIsForgottenWhenAChoiceReplacesIt() {
        ProxyUrl proxy = ProxyUrl.parse("http://127.0.0.1:3128").orElseThrow();

        Options explicit = Options.builder().proxy(proxy).build();
        Options none = explicit.toBuilder().proxy(Options.ProxyChoice.NONE).build();

        assertThat(explicit.proxy()).isEqualTo(Options.ProxyChoice.EXPLICIT);
        assertThat(explicit.explicitProxy()).contains(proxy);
        assertThat(none.explicitProxy()).isEmpty();
    }

    @Test
    void buildChecksTheOptionsLikeTheConstructor() {
        assertThatThrownBy(() -> Options.builder().timeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }

    @Test
    void theTokenNeverAppearsInToString() {
        Options options = Options.builder().token("s3cret").build();

        assertThat(options.token()).contains("s3cret");
        assertThat(options.toString()).doesNotContain("s3cret").contains("token=(set)");
    }

    // --- values that go on the wire as header values

    @Test
    void anOriginWithCrLfIsRefusedBeforeItCanWriteAHeader() {
        assertThatThrownBy(() -> Options.builder().origin("https://a.example\r\nX-Injected: 1"))
                .isInstanceOfSatisfying(Options.InvalidOptionException.class, e -> {
                    assertThat(e.option()).isEqualTo("--origin");
                    assertThat(e.value()).isEqualTo("https://a.example\r\nX-Injected: 1");
                    assertThat(e.problem().render(Locale.ROOT)).contains("control character at position 18");
                    assertThat(e.getMessage()).doesNotContain("\r", "\n", "X-Injected");
                })
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOriginThatIsNotASerializedOriginIsRefused() {
        for (String bad : List.of("", "example.com", "https://a.example/", "https://a.example/path", "https://a b",
                "https://café.example", "https://a.example:80:80", "javascript:alert(1)")) {
            assertThatThrownBy(() -> Options.builder().origin(bad)).as(bad)
                    .isInstanceOf(Options.InvalidOptionException.class);
        }
    }

    @Test
    void serializedOriginsAsBrowsersSendThemAreAccepted() {
        for (String good : List.of("https://example.com", "http://127.0.0.1:8080", "http://[::1]:8282", "null",
                "chrome-extension://abcdefghijklmnop", "https://xn--caf-dma.example")) {
            assertThat(Options.builder().origin(good).build().origin()).as(good).contains(good);
        }
    }

    @Test
    void aSubprotocolWithCrLfIsRefused() {
        assertThatThrownBy(() -> Options.builder().subprotocols(List.of("chat", "x\r\n\r\nGET /admin HTTP/1.1")))
                .isInstanceOfSatisfying(Options.InvalidOptionException.class, e -> {
                    assertThat(e.option()).isEqualTo("--subprotocol");
                    assertThat(e.problem().render(Locale.ROOT)).contains("control character at position 2");
                });
    }

    @Test
    void aSubprotocolMustBeAToken() {
        for (String bad : List.of("", "chat, superchat", "two words", "a;b", "a\"b", "中文", "x\u0085y")) {
            assertThatThrownBy(() -> Options.builder().subprotocols(List.of(bad))).as(bad)
                    .isInstanceOf(Options.InvalidOptionException.class);
        }
        assertThat(Options.builder().subprotocols(List.of("chat", "v2.json+mqtt", "graphql-ws", "a!#$%&'*+-.^_`|~z"))
                .build().subprotocols()).hasSize(4);
    }

    @Test
    void aSubprotocolOfferedTwiceIsRefusedAsBrowsersDo() {
        assertThatThrownBy(() -> Options.builder().subprotocols(List.of("chat", "chat")))
                .isInstanceOfSatisfying(Options.InvalidOptionException.class,
                        e -> assertThat(e.problem().render(Locale.ROOT)).contains("twice"));
    }

    @Test
    void theRecordItselfRefusesWhatTheBuilderRefuses() {
        Options d = Options.defaults();
        assertThatThrownBy(() -> new Options(d.timeout(), d.livenessPorts(), false, Optional.of("http://a\nB: c"),
                List.of(), List.of(), List.of(), List.of(), d.cdnCatalog(), d.proxy(), d.explicitProxy(), List.of(),
                Optional.empty())).isInstanceOf(Options.InvalidOptionException.class);
        assertThatThrownBy(() -> new Options(d.timeout(), d.livenessPorts(), false, Optional.empty(),
                List.of("a\r\nB: c"), List.of(), List.of(), List.of(), d.cdnCatalog(), d.proxy(), d.explicitProxy(),
                List.of(), Optional.empty())).isInstanceOf(Options.InvalidOptionException.class);
    }
}
