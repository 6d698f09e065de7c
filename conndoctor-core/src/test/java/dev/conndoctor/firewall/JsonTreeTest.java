package dev.conndoctor.firewall;

import static dev.conndoctor.firewall.IptablesSaveTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The small JSON reader of nft output: the tree Jackson reads, navigated the way Jackson's nodes are. */
class JsonTreeTest {

    @ParameterizedTest
    @ValueSource(strings = {"nft-native.json", "nft-firewalld.json", "nft-firewalld-plain.json",
            "nft-with-iptables-nft.json", "nft-empty.json"})
    void everyCapturedRulesetReadsAsTheTreeJacksonReads(String name) throws Exception {
        String json = fixture(name);

        assertThat(JsonTree.parse(json).toString()).isEqualTo(new ObjectMapper().readTree(json).toString());
    }

    @Test
    void aMissingMemberIsAMissingNodeThatReadsAsItsFallback() {
        JsonTree tree = JsonTree.parse("{\"chain\": {\"name\": \"input\", \"policy\": null}}");

        assertThat(tree.path("chain").path("name").asText()).isEqualTo("input");
        assertThat(tree.path("rule").path("name").asText()).isEmpty();
        assertThat(tree.path("rule").path("name").asText("fallback")).isEqualTo("fallback");
        assertThat(tree.path("chain").path("policy").asText("accept")).isEqualTo("accept");
        assertThat(tree.path("chain").has("policy")).isTrue();
        assertThat(tree.get("rule")).isNull();
        assertThat(tree.path("chain").asText("fallback")).as("a container's text").isEmpty();
    }

    @Test
    void numbersAndValuesAreTyped() {
        JsonTree tree = JsonTree.parse("[8282, \"@set\", {\"range\": [1, 2]}, 4294967296, 1.5, true, null]");

        assertThat(tree.get(0).isInt()).isTrue();
        assertThat(tree.get(0).asInt()).isEqualTo(8282);
        assertThat(tree.get(1).isTextual()).isTrue();
        assertThat(tree.get(1).isInt()).isFalse();
        assertThat(tree.get(2).isValueNode()).isFalse();
        assertThat(tree.get(2).get("range").get(1).asInt()).isEqualTo(2);
        assertThat(tree.get(3).isInt()).as("beyond an int").isFalse();
        assertThat(tree.get(4).isInt()).isFalse();
        assertThat(tree.get(5).asText()).isEqualTo("true");
        assertThat(tree.get(6).isValueNode()).isTrue();
        assertThat(tree.get(7)).isNull();
        assertThat(tree.isArray()).isTrue();
    }

    @Test
    void iteratingGoesOverElementsOrMemberValuesAndNothingElse() {
        List<String> seen = new ArrayList<>();

        JsonTree.parse("{\"a\": 1, \"b\": \"x\"}").forEach(n -> seen.add(n.asText()));
        JsonTree.parse("\"value\"").forEach(n -> seen.add("never"));
        JsonTree.parse("{}").path("missing").forEach(n -> seen.add("never"));

        assertThat(seen).containsExactly("1", "x");
    }

    @Test
    void escapesAreDecodedAndWrittenBack() {
        JsonTree tree = JsonTree.parse("{\"comment\": \"a \\\"quoted\\\" \\u00e9 \\\\ tab\\t\"}");

        assertThat(tree.path("comment").asText()).isEqualTo("a \"quoted\" \u00e9 \\ tab\t");
        assertThat(tree.toString()).isEqualTo("{\"comment\":\"a \\\"quoted\\\" \u00e9 \\\\ tab\\t\"}");
    }

    @Test
    void emptyTextIsAMissingTreeAsJacksonReadsIt() {
        assertThat(JsonTree.parse("  \n").path("nftables").iterator().hasNext()).isFalse();
    }

    @Test
    void textThatIsNotJsonSaysWhere() {
        assertThatThrownBy(() -> JsonTree.parse("{\"nftables\": [1, 2,]}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("offset");
        assertThatThrownBy(() -> JsonTree.parse("{\"a\": 1} trailing")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonTree.parse("{\"a\": \"unterminated")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonTree.parse("nul")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nestingBeyondTheLimitIsRefusedNotAStackOverflow() {
        String deep = "[".repeat(100_000) + "]".repeat(100_000);

        assertThatThrownBy(() -> JsonTree.parse(deep)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested deeper");
    }
}
