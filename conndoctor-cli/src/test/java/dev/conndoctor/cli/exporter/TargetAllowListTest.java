package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.Target;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetAllowListTest {

    private static boolean allows(TargetAllowList list, String target) {
        return list.allows(Target.parse(target));
    }

    @Test
    void nothingGivenAllowsEveryTarget() {
        assertThat(allows(TargetAllowList.everything(), "192.0.2.1:80")).isTrue();
        assertThat(allows(TargetAllowList.parse(List.of()), "example.com:80")).isTrue();
    }

    @Test
    void addressTargetsAreJudgedByTheBlocks() {
        TargetAllowList list = TargetAllowList.parse(List.of("10.0.0.0/8", "2001:db8::/32", "127.0.0.1"));

        assertThat(allows(list, "10.1.2.3:22")).isTrue();
        assertThat(allows(list, "[2001:db8::5]:443")).isTrue();
        assertThat(allows(list, "http://127.0.0.1:8080/")).isTrue();
        assertThat(allows(list, "127.0.0.2:80")).isFalse();
        assertThat(allows(list, "192.0.2.1:80")).isFalse();
        assertThat(allows(list, "localhost:80")).isFalse(); // a name is allowed by name, not by what it resolves to
    }

    @Test
    void nameTargetsAreJudgedByTheirSpelling() {
        TargetAllowList list = TargetAllowList.parse(List.of("db.example.com", "*.svc.cluster.local"));

        assertThat(allows(list, "DB.example.com:5432")).isTrue();
        assertThat(allows(list, "ws://chat.prod.svc.cluster.local:8282/")).isTrue();
        assertThat(allows(list, "svc.cluster.local:80")).isFalse();
        assertThat(allows(list, "db.example.com.evil.test:80")).isFalse();
        assertThat(allows(list, "10.0.0.1:80")).isFalse();
    }

    @Test
    void anEntryThatIsNeitherIsRefusedByName() {
        assertThatThrownBy(() -> TargetAllowList.parse(List.of("10.0.0.0/33"))).hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> TargetAllowList.parse(List.of("exa mple.com"))).hasMessageContaining("exa mple.com");
        assertThatThrownBy(() -> TargetAllowList.parse(List.of("*.*.com"))).hasMessageContaining("*.*.com");
    }
}
