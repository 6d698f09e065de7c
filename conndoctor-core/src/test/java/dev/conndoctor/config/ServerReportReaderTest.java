package dev.conndoctor.config;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reports written by {@code conndoctor server --json} (fixtures/server/report-*.json), read back as the client needs them. */
class ServerReportReaderTest {

    private static String report(String name) {
        try (InputStream in = ServerReportReaderTest.class.getResourceAsStream("/fixtures/server/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /fixtures/server/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ServerFacts only(String name) {
        List<ServerFacts> facts = ServerReportReader.read(report(name));
        assertThat(facts).hasSize(1);
        return facts.get(0);
    }

    @Test
    void aLoopbackOnlyListenerIsListeningOnLoopbackOnly() {
        ServerFacts facts = only("report-loopback.json");

        assertThat(facts.port()).isEqualTo(8282);
        assertThat(facts.listening()).isTrue();
        assertThat(facts.loopbackOnly()).isTrue();
        assertThat(facts.listenAddresses()).extracting(InetAddress::getHostAddress).containsExactly("127.0.0.1");
        assertThat(facts.blocked()).isFalse();
        assertThat(facts.blockingRules()).isEmpty();
    }

    @Test
    void aWildcardListenerWithAnOpenFirewallListensForEveryAddress() throws Exception {
        ServerFacts facts = only("report-clean.json");

        assertThat(facts.listening()).isTrue();
        assertThat(facts.loopbackOnly()).isFalse();
        assertThat(facts.blocked()).isFalse();
        assertThat(facts.listensFor(InetAddress.getByName("192.0.2.10"))).isTrue();
        assertThat(facts.panel()).isEmpty();
    }

    @Test
    void noListenerIsNotListening() {
        ServerFacts facts = only("report-none.json");

        assertThat(facts.listening()).isFalse();
        assertThat(facts.loopbackOnly()).isFalse();
        assertThat(facts.listenAddresses()).isEmpty();
    }

    @Test
    void aBlockingRuleIsKeptWithItsFirewall() {
        ServerFacts facts = only("report-blocked.json");

        assertThat(facts.blocked()).isTrue();
        assertThat(facts.blockingRules()).containsExactly("iptables: -A INPUT -p tcp -m tcp --dport 8282 -j DROP");
    }

    @Test
    void aBlockingPolicyAndThePanelAreKept() {
        ServerFacts facts = only("report-policy-panel.json");

        assertThat(facts.blocked()).isTrue();
        assertThat(facts.blockingRules()).containsExactly("iptables: policy DROP");
        assertThat(facts.panel()).contains("baota");
    }

    @Test
    void addressesThatAreNotLiteralsAreIgnoredNotLookedUp() {
        String json = "{\"schema\":\"conndoctor.server/1\",\"ports\":[{\"port\":8282,\"listeners\":["
                + "{\"address\":\"server.example\"},{\"address\":\"::1\"}],\"firewall\":[]}]}";

        ServerFacts facts = ServerReportReader.read(json).get(0);
        assertThat(facts.listenAddresses()).extracting(InetAddress::getHostAddress).containsExactly("0:0:0:0:0:0:0:1");
        assertThat(facts.loopbackOnly()).isTrue();
    }

    @Test
    void theCausesTheServerNamedAreKeptInItsWordsAndOnesOfALaterCatalogueAreSkipped() {
        String json = """
                {"schema":"conndoctor.server/1","ports":[{"port":18081,"listeners":[],"firewall":[],"causes":[
                  {"id":"container-bound-to-loopback","confidence":"confirmed","summary":"Port 18081 is published into container loopweb",
                   "evidence":["Inside container loopweb the port listens on 127.0.0.1:80 only"],"fixes":["Make the app listen on 0.0.0.0:80"]},
                  {"id":"a-cause-of-tomorrow","confidence":"likely","summary":"?"},
                  {"id":"host-firewall","confidence":"surely"}]}]}
                """;

        List<dev.conndoctor.Cause> causes = ServerReportReader.read(json).get(0).reportedCauses();
        assertThat(causes).hasSize(1);
        dev.conndoctor.Cause cause = causes.get(0);
        assertThat(cause.id()).isEqualTo(dev.conndoctor.CauseId.CONTAINER_BOUND_TO_LOOPBACK);
        assertThat(cause.confidence()).isEqualTo(dev.conndoctor.Confidence.CONFIRMED);
        assertThat(cause.summary().toString()).isEqualTo("The server's report: Port 18081 is published into container loopweb");
        assertThat(cause.evidence().get(0).toString()).contains("127.0.0.1:80 only");
        assertThat(cause.fixes().get(0).toString()).contains("0.0.0.0:80");
    }

    @Test
    void aReportWithoutPortsHasNoFacts() {
        assertThat(ServerReportReader.read("{\"schema\":\"conndoctor.server/1\",\"ports\":[]}")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"schema\":\"conndoctor.diagnosis/1\"}", "{}", "[]", "\"conndoctor.server/1\"",
        "{\"schema\":\"conndoctor.server/2\",\"ports\":[]}", ""})
    void aDocumentOfAnotherSchemaIsRefusedByName(String json) {
        assertThatThrownBy(() -> ServerReportReader.read(json))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a conndoctor server report (schema conndoctor.server/1)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"port 8282: nothing wrong found on this host", "{\"schema\":", "{schema: 1}"})
    void textThatIsNotJsonIsRefusedByName(String text) {
        assertThatThrownBy(() -> ServerReportReader.read(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not JSON");
    }
}
