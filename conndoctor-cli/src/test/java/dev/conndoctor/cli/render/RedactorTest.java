package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The placeholders of a redacted report: what goes, what stays, and that the same value is the same placeholder. */
class RedactorTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void theSameAddressGetsTheSamePlaceholderAndAnotherOneAnother() {
        String redacted = new Redactor().redact("192.0.2.10:8282 refused; 192.0.2.10 answered ARP; 10.1.2.3 did not");

        assertThat(redacted).isEqualTo("203.0.113.1:8282 refused; 203.0.113.1 answered ARP; 203.0.113.2 did not");
    }

    @Test
    void loopbackUnspecifiedPortsAndCauseIdsStay() {
        String text = "bound-to-loopback: 127.0.0.1:8282 and [::1]:8282 listen, not 0.0.0.0 nor [::]; port 8282";

        assertThat(new Redactor().redact(text)).isEqualTo(text);
    }

    @Test
    void aPlaceholderIsNeverAnAddressTheReportHolds() {
        // the lab's own addresses are documentation addresses: a placeholder must not be mistaken for one of them
        String redacted = new Redactor().redact("192.0.2.10 then 203.0.113.1 then 203.0.113.2");

        assertThat(redacted).isEqualTo("203.0.113.3 then 203.0.113.4 then 203.0.113.5");
    }

    @Test
    void ipv6AddressesAreReplacedWhateverTheirSpellingAndKeepTheirZone() {
        String redacted = new Redactor().redact("[2001:db8:a::10]:8282, 2001:DB8:A:0::10, fe80::1%eth0, ::ffff:192.0.2.7");

        assertThat(redacted).isEqualTo("[2001:db8::1]:8282, 2001:db8::1, fe80::2%eth0, ::ffff:203.0.113.1")
                .doesNotContain("2001:db8:a::10");
    }

    @Test
    void theFakeIpRangeAndLinkLocalAddressesStayInTheirRange() {
        String redacted = new Redactor().redact("198.18.0.5 is in the fake-IP range 198.18.0.0/15; 169.254.3.4 is link-local");

        assertThat(redacted).isEqualTo("198.18.0.1 is in the fake-IP range 198.18.0.0/15; 169.254.0.1 is link-local");
    }

    @Test
    void aNameUnderAKnownDomainIsReplacedAndJavaClassesSysctlsAndFilesAreNot() {
        String text = "api.example.com resolves elsewhere; java.net.ConnectException; net.core.somaxconn; "
                + "/etc/resolv.conf and csf.conf; Node server.listen(8282); host.docker.internal and localhost stay; "
                + "api.example.com again, *.example.com";

        assertThat(new Redactor().redact(text)).isEqualTo("host-1 resolves elsewhere; java.net.ConnectException; "
                + "net.core.somaxconn; /etc/resolv.conf and csf.conf; Node server.listen(8282); host.docker.internal "
                + "and localhost stay; host-1 again, *.host-2");
    }

    @Test
    void aNameTheReportGivesAsAHostIsReplacedWhateverItsDomainAndCase() {
        Redactor redactor = new Redactor().knowHost("Dual.Lab");

        assertThat(redactor.redact("dual.lab:8282 has A and AAAA; DUAL.LAB again; sub.dual.lab is another name"))
                .isEqualTo("host-1:8282 has A and AAAA; host-1 again; host-2 is another name");
    }

    @Test
    void secretsAreReplacedByTheirPlaceAndByTheirForm() {
        Redactor redactor = new Redactor().knowSecret("s3cret-token");
        String text = "conndoctor listen websocket://0.0.0.0:8282 --token lab-token-5e1f; GET /ws?token=abc123&room=7; "
                + "Authorization: Bearer eyJhbGciOi.eyJzdWIiOiIx.c2lnbmF0dXJl; the token s3cret-token; "
                + "ws://alice:pa55@192.0.2.1:80/";

        assertThat(redactor.redact(text)).isEqualTo("conndoctor listen websocket://0.0.0.0:8282 --token token-1; "
                + "GET /ws?token=token-2&room=7; Authorization: Bearer token-3; the token token-4; "
                + "ws://user-1:token-5@203.0.113.1:80/");
    }

    @Test
    void aWebSocketKeyAndAnAcceptValueAreNotSecretsButLongOpaqueIdsAre() {
        String text = "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== container 0123456789abcdef0123456789abcdef01234567";

        assertThat(new Redactor().redact(text))
                .isEqualTo("Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== container token-1");
    }

    @Test
    void pathsOutsideTheSystemsDirectoriesAndTheUsersNameAreReplaced() {
        Redactor redactor = new Redactor().knowEnvironment(Map.of("USER", "alice", "HOME", "/home/alice"));
        String text = "--server-report /home/alice/reports/server.json; /proc/net/tcp, /proc/*/ns/net and /etc/csf/csf.conf stay; "
                + "php /srv/shop/start.php start (user alice, uid 1000); root stays";

        assertThat(redactor.redact(text)).isEqualTo("--server-report /path-1; /proc/net/tcp, /proc/*/ns/net and /etc/csf/csf.conf stay; "
                + "php /path-2 start (user user-1, uid 1000); root stays");
    }

    @Test
    void aJsonDocumentKeepsItsShapeNumbersAndIdsAndLosesItsNames() throws Exception {
        JsonNode report = MAPPER.readTree("""
                {"schema": "conndoctor.diagnosis/1", "tool": {"name": "conndoctor", "version": "0.1.0"},
                 "target": {"input": "ws://chat.corp.example:8282/room", "scheme": "ws", "host": "chat.corp.example",
                            "port": 8282, "path": "/room"},
                 "causes": [{"id": "dns-points-elsewhere", "confidence": "likely",
                             "evidence": ["chat.corp.example is 192.0.2.7 for 203.0.113.53, 198.51.100.9 for 10.0.0.53"]}],
                 "dns": {"name": "chat.corp.example", "answers": [{"server": "10.0.0.53", "type": "A", "records": [
                     {"name": "chat.corp.example.", "type": "CNAME", "ttl": 60, "data": "lb.corp.example."}]}]},
                 "probes": [{"kind": "tcp", "address": "192.0.2.7", "port": 8282, "elapsedMs": 3, "result": "refused"}],
                 "elapsedMs": 12}
                """);
        Redactor redactor = new Redactor().learn(report);

        JsonNode redacted = redactor.redact(report);

        String text = redacted.toString();
        assertThat(text).doesNotContain("chat.corp.example", "corp.example", "192.0.2.7", "203.0.113.53",
                "198.51.100.9", "10.0.0.53", "lb.corp");
        assertThat(redacted.at("/target/input").asText()).isEqualTo("ws://host-1:8282/room");
        assertThat(redacted.at("/target/host").asText()).isEqualTo("host-1");
        assertThat(redacted.at("/dns/answers/0/records/0/name").asText()).isEqualTo("host-1.");
        assertThat(redacted.at("/dns/answers/0/records/0/data").asText()).isEqualTo("host-2.");
        assertThat(redacted.at("/causes/0/evidence/0").asText())
                .isEqualTo("host-1 is 203.0.113.1 for 203.0.113.2, 203.0.113.3 for 203.0.113.4");
        assertThat(redacted.at("/probes/0/address").asText()).isEqualTo("203.0.113.1");
        // the shape: the same fields, the same numbers, the same ids
        assertThat(fieldNames(redacted)).isEqualTo(fieldNames(report));
        assertThat(redacted.at("/target/port").asInt()).isEqualTo(8282);
        assertThat(redacted.at("/elapsedMs").asInt()).isEqualTo(12);
        assertThat(redacted.at("/causes/0/id").asText()).isEqualTo("dns-points-elsewhere");
        assertThat(redacted.at("/schema").asText()).isEqualTo("conndoctor.diagnosis/1");
        assertThat(redacted.at("/tool/name").asText()).isEqualTo("conndoctor");
    }

    @Test
    void aTextAndItsJsonRedactedByOneRedactorAgree() throws Exception {
        Redactor redactor = new Redactor();
        JsonNode json = redactor.redact(MAPPER.readTree("{\"host\": \"shop.example.com\", \"address\": \"192.0.2.44\"}"));
        String text = redactor.redact("shop.example.com is 192.0.2.44");

        assertThat(text).isEqualTo(json.get("host").asText() + " is " + json.get("address").asText());
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder sb = new StringBuilder();
        node.fields().forEachRemaining(f -> sb.append(f.getKey()).append('(').append(fieldNames(f.getValue())).append(')'));
        node.elements().forEachRemaining(e -> sb.append('[').append(fieldNames(e)).append(']'));
        return sb.toString();
    }
}
