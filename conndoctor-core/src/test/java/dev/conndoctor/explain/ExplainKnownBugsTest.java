package dev.conndoctor.explain;

import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.captureLine;
import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.capturedFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Symptom;
import dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.Row;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What explain once got wrong, each found with a real message, and now right: the knowledge-base
 * bugs (fixed in messages.kb) and the Explainer's own (targets, counts, timestamps), each kept as a
 * check of today's behaviour against the embedded knowledge base so that none comes back.
 */
class ExplainKnownBugsTest {

    private static final Explainer EMBEDDED = ExplainKnowledgeBaseEntriesTest.EXPLAINER;

    // ------------------------------------------------------------ knowledge-base bugs, fixed in messages.kb

    @Test
    void curl788ConnectTimeoutsAreRecognized() {
        curl788ConnectTimeouts(EMBEDDED);
    }

    @Test
    void curlMaxTimeAfterConnectIsNoReply() {
        curlMaxTimeIsNoReply(EMBEDDED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodeCertRows")
    void certificateMessagesKeepTheirClient(Row row) {
        rowIsItsEntry(EMBEDDED, row);
    }

    @Test
    void javaExpiredCertificateIsExpired() {
        javaExpired(EMBEDDED);
    }

    @Test
    void javaHttpClientRefusedIsRecognized() {
        javaHttpClientRefused(EMBEDDED);
    }

    @Test
    void javaHttpClientUnknownHostIsADnsFailure() {
        javaHttpClientUnknownHost(EMBEDDED);
    }

    @Test
    void javaHttpClientPlaintextIsNotTls() {
        javaHttpClientNotTls(EMBEDDED);
    }

    @Test
    void javaHttpClientNoRouteIsOneJavaError() {
        javaHttpClientNoRoute(EMBEDDED);
    }

    @Test
    void pythonIpAddressMismatchIsANameMismatch() {
        pythonIpMismatch(EMBEDDED);
    }

    @Test
    void websocketsOpeningHandshakeTimeoutIsNoReply() {
        websocketsOpenTimeout(EMBEDDED);
    }

    @Test
    void workermanConnectFailIsRecognized() {
        workerman(EMBEDDED);
    }

    @Test
    void glibcTranslationsTheKnowledgeBaseHasAreRecognized() {
        glibcTranslationsDiffering(EMBEDDED);
    }

    @Test
    void glibcTranslationsMissingFromTheKnowledgeBaseAreRecognized() {
        glibcTranslationsMissing(EMBEDDED);
    }

    @Test
    void aNodeErrorDumpIsOneError() {
        nodeDumpsAreOneError(EMBEDDED);
    }

    // ------------------------------------------------------------ Explainer bugs (not data)

    @Test
    void ipv6TargetsAreBracketed() {
        assertThat(EMBEDDED.explain(captureLine("captured/curl-7-refused-ipv6.txt:1")).matches().get(0).target())
                .contains("http://[::1]:8109");
        assertThat(EMBEDDED.explain(captureLine("captured/node-econnrefused-ipv6.txt:1")).matches().get(0).target())
                .contains("tcp://[::1]:8109");
    }

    @Test
    void oneStackTraceCountsOnce() {
        Explanation e = EMBEDDED.explain(capturedFile("captured/java-pkix.txt"));
        assertThat(e.matches()).singleElement().satisfies(m -> assertThat(m.count()).isEqualTo(1));
    }

    @Test
    void slashDatedTimestampsAreRead() {
        Explanation e = EMBEDDED.explain("""
                2024/11/22 10:00:00 dial tcp 127.0.0.1:8109: connect: connection refused
                2024/11/22 10:00:05 dial tcp 127.0.0.1:8109: connect: connection refused
                """);
        assertThat(e.matches().get(0).firstSeen()).contains("2024/11/22 10:00:00");
        assertThat(e.matches().get(0).lastSeen()).contains("2024/11/22 10:00:05");
    }

    @Test
    void theResolverIsNotTheTarget() {
        Explanation.Match m = EMBEDDED.explain("dial tcp: lookup nx.example.invalid on 127.0.0.53:53: no such host")
                .matches().get(0);
        assertThat(m.message().id()).isEqualTo("go.no-such-host");
        assertThat(m.target()).isEmpty();
    }

    // ------------------------------------------------------------ the checks

    static Stream<Row> nodeCertRows() {
        return ExplainKnowledgeBaseEntriesTest.rows().stream().filter(r -> r.note().startsWith("BUG node-cert"));
    }

    private static void rowIsItsEntry(Explainer explainer, Row row) {
        Explanation e = explainer.explain(row.message());
        assertThat(e.matches()).as(row.message()).hasSize(1);
        assertThat(e.matches().get(0).message().id()).as(row.message()).isEqualTo(row.id());
        switch (row.target()) {
            case "-" -> assertThat(e.matches().get(0).target()).isEmpty();
            case "?" -> { }
            default -> assertThat(e.matches().get(0).target()).contains(row.target());
        }
    }

    private static Explanation.Match only(Explainer explainer, String text) {
        Explanation e = explainer.explain(text);
        assertThat(e.matches()).as(text).hasSize(1);
        return e.matches().get(0);
    }

    private static void curl788ConnectTimeouts(Explainer explainer) {
        for (String capture : List.of("curl-28-connect-timeout", "curl-28-syn-timeout")) {
            Explanation.Match m = only(explainer, captureLine("captured/" + capture + ".txt:1"));
            assertThat(m.message().id()).isEqualTo("curl.connect-timeout");
            assertThat(m.message().symptom()).isEqualTo(Symptom.TIMEOUT);
            assertThat(m.target()).contains("http://127.0.0.1:8105");
        }
    }

    private static void curlMaxTimeIsNoReply(Explainer explainer) {
        Explanation.Match m = only(explainer, captureLine("captured/curl-28-no-reply.txt:1"));
        assertThat(m.message().client()).isEqualTo("curl");
        assertThat(m.message().symptom()).isEqualTo(Symptom.NO_REPLY);
    }

    private static void javaExpired(Explainer explainer) {
        Explanation e = explainer.explain(capturedFile("captured/java-cert-expired.txt"));
        assertThat(e.matches()).extracting(m -> m.message().id()).containsOnly("java.cert-expired");
        assertThat(only(explainer, captureLine("captured/java-cert-expired.txt:1")).message().symptom())
                .isEqualTo(Symptom.TLS_FAILED);
    }

    private static void javaHttpClientRefused(Explainer explainer) {
        Explanation e = explainer.explain(capturedFile("captured/java-httpclient-refused.txt"));
        assertThat(e.recognized()).isTrue();
        assertThat(e.matches().get(0).message().client()).isEqualTo("java");
        assertThat(e.matches().get(0).message().symptom()).isEqualTo(Symptom.REFUSED);
    }

    private static void javaHttpClientUnknownHost(Explainer explainer) {
        Explanation e = explainer.explain(capturedFile("captured/java-httpclient-unknown-host.txt"));
        assertThat(e.matches()).extracting(m -> m.message().symptom()).contains(Symptom.DNS_FAILED);
    }

    private static void javaHttpClientNotTls(Explainer explainer) {
        assertThat(only(explainer, captureLine("captured/java-not-tls-httpclient.txt:1")).message().id())
                .isEqualTo("java.not-tls");
    }

    private static void javaHttpClientNoRoute(Explainer explainer) {
        Explanation e = explainer.explain(capturedFile("captured/java-httpclient-no-route.txt"));
        assertThat(e.matches()).extracting(m -> m.message().id()).containsOnly("java.no-route");
    }

    private static void pythonIpMismatch(Explainer explainer) {
        assertThat(only(explainer, captureLine("captured/python-ssl-ip-mismatch.txt:$")).message().id())
                .isEqualTo("python.ssl-hostname");
    }

    private static void websocketsOpenTimeout(Explainer explainer) {
        Explanation.Match m = only(explainer, captureLine("captured/python-ws-open-timeout.txt:$"));
        assertThat(m.message().client()).isEqualTo("python");
        assertThat(m.message().symptom()).isEqualTo(Symptom.NO_REPLY);
    }

    private static void workerman(Explainer explainer) {
        rowIsItsEntry(explainer, ExplainKnowledgeBaseEntriesTest.row("php.workerman-connect-fail", "fail after"));
    }

    private static void glibcTranslationsDiffering(Explainer explainer) {
        assertCaptures(explainer, List.of("os-es_ES-no-route:os.no-route", "os-fr_FR-addr-not-avail:os.addr-not-avail",
                "os-de_DE-name-not-known:os.name-not-known"));
    }

    private static void glibcTranslationsMissing(Explainer explainer) {
        assertCaptures(explainer, List.of("os-de_DE-reset:os.reset", "os-de_DE-try-again:os.try-again",
                "os-zh_CN-no-route:os.no-route", "os-zh_CN-net-unreachable:os.net-unreachable",
                "os-zh_CN-addr-not-avail:os.addr-not-avail", "os-zh_CN-name-not-known:os.name-not-known",
                "os-zh_CN-try-again:os.try-again", "os-zh_CN-reset:os.reset"));
    }

    private static void assertCaptures(Explainer explainer, List<String> captureAndEntry) {
        for (String pair : captureAndEntry) {
            String[] p = pair.split(":");
            assertThat(only(explainer, captureLine("captured/" + p[0] + ".txt:1")).message().id()).as(p[0])
                    .isEqualTo(p[1]);
        }
    }

    private static void nodeDumpsAreOneError(Explainer explainer) {
        for (String capture : List.of("node-econnrefused", "node-etimedout", "node-ehostunreach", "node-enetunreach",
                "node-eaddrnotavail", "node-socket-hang-up", "node-tls-disconnected")) {
            Explanation e = explainer.explain(capturedFile("captured/" + capture + ".txt"));
            assertThat(e.matches()).as(capture).hasSize(1);
            assertThat(e.matches().get(0).message().client()).isEqualTo("node");
        }
    }
}
