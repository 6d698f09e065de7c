package dev.conndoctor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.config.ProxyUrl;
import java.time.Duration;
import java.util.List;
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
}
