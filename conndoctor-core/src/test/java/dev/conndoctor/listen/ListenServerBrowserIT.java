package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conndoctor.CauseId;
import dev.conndoctor.testkit.HeadlessChromium;
import dev.conndoctor.testkit.NginxServer;
import dev.conndoctor.testkit.TestCertificates;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browser check page proven in a real browser: Debian's chromium, headless, driven by
 * Selenium through Debian's chromedriver, one browser for the class. The browser resolves
 * {@code check.test} to 127.0.0.1 ({@code --host-resolver-rules}), since a page of 127.0.0.1 or
 * localhost is "potentially trustworthy" and spared the mixed-content rule; it ignores
 * certificate errors ({@code --ignore-certificate-errors}), so that a test certificate serves an
 * https page, which stays https with all its rules. Everything listens on 127.0.0.1 only.
 */
class ListenServerBrowserIT {

    private static final String HOST = "check.test";
    private static final Duration PAGE_DONE = Duration.ofSeconds(30);

    private static HeadlessChromium browser;

    @TempDir
    Path dir;

    @BeforeAll
    static void startBrowser() throws Exception {
        Optional<String> missing = HeadlessChromium.unavailableReason();
        assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        browser = HeadlessChromium.builder().mapHost(HOST, "127.0.0.1").ignoreCertificateErrors().start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Opens the page, waits for its verdict, and returns the listener's report line of it. */
    private static Checked check(ListenServerHarness listener, String url) throws InterruptedException {
        browser.open(url);
        String state = browser.awaitAttribute("verdict", "data-state", s -> !s.equals("running"), PAGE_DONE);
        String shown = browser.text("verdict").orElse("");
        ClientReport report = listener.await(r -> r.browser().filter(b -> b.stage() == BrowserCheck.Stage.REPORT)
                .isPresent(), 1, Duration.ofSeconds(5)).get(0);
        return new Checked(state, shown, report, report.browser().orElseThrow());
    }

    private record Checked(String state, String shown, ClientReport report, BrowserCheck check) {
        BrowserCheck.Attempt attempt(String scheme) {
            return check.attempts().stream().filter(a -> a.scheme().equals(scheme)).findFirst().orElseThrow(
                    () -> new AssertionError("no " + scheme + " attempt in " + check));
        }

        String fix() {
            return report.fix().map(f -> f.render(Locale.ROOT)).orElse("");
        }
    }

    @Test
    void aPlainHttpPageOpensWsAndTheListenerPrintsTheBrowsersSuccessfulCheck() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            Checked c = check(listener, "http://" + HOST + ":" + listener.port() + "/");

            assertThat(c.state()).as(c.shown()).isEqualTo("ok");
            assertThat(c.shown()).contains("ws://" + HOST + ":" + listener.port() + "/_conndoctor/ws: opened in",
                    "the echo came back");
            assertThat(c.report().matches()).isTrue();
            assertThat(c.report().fix()).isEmpty();
            assertThat(c.check().works()).isTrue();
            assertThat(c.check().pageOrigin()).isEqualTo("http://" + HOST + ":" + listener.port());
            assertThat(c.check().browser()).matches("(Headless)?Chrome \\d+");
            assertThat(c.check().attempts()).hasSize(1);
            BrowserCheck.Attempt ws = c.attempt("ws");
            assertThat(ws.opened()).isTrue();
            assertThat(ws.echoed()).isTrue();
            assertThat(ws.closeCode()).hasValue(1000);
            assertThat(ws.arrival()).isEqualTo(BrowserCheck.Arrival.UPGRADE);
            assertThat(ws.arrivedFrom()).hasValueSatisfying(p -> assertThat(p).startsWith("127.0.0.1:"));
            assertThat(ws.ms()).isBetween(0L, 5000L);

            // the page and its socket have lines of their own, and what the socket said matches
            assertThat(listener.reports).anySatisfy(r -> assertThat(r.browser().map(BrowserCheck::stage))
                    .contains(BrowserCheck.Stage.PAGE));
            assertThat(listener.reports).anySatisfy(r -> {
                assertThat(r.spoke()).isEqualTo(ClientSpeech.WEBSOCKET);
                assertThat(r.path()).hasValueSatisfying(p -> assertThat(p).startsWith("/_conndoctor/ws?check="));
                assertThat(r.matches()).isTrue();
            });
        }
    }

    @Test
    void anHttpsPageOpeningWsIsReportedAsMixedContentWithTheFixWss() throws Exception {
        try (ListenServerHarness listener = ListenServerHarness.startTls(ListenProtocol.WEBSOCKET, Optional.empty())) {
            String origin = "https://" + HOST + ":" + listener.port();
            Checked c = check(listener, origin + "/_conndoctor");

            assertThat(c.state()).as(c.shown()).isEqualTo("failed");
            assertThat(c.report().matches()).isFalse();
            assertThat(c.check().cause()).contains(CauseId.MIXED_CONTENT);
            assertThat(c.check().pageOrigin()).isEqualTo(origin);
            BrowserCheck.Attempt ws = c.attempt("ws");
            assertThat(ws.cause()).contains(CauseId.MIXED_CONTENT);
            assertThat(ws.opened()).isFalse();
            assertThat(ws.arrival()).as("blocked before any packet").isEqualTo(BrowserCheck.Arrival.NOTHING);
            assertThat(ws.summary().render(Locale.ROOT)).contains("refused by the browser before any packet",
                    "mixed content");
            BrowserCheck.Attempt wss = c.attempt("wss");
            assertThat(wss.works()).isTrue();
            assertThat(wss.arrival()).isEqualTo(BrowserCheck.Arrival.UPGRADE);
            assertThat(c.fix()).contains("wss://", "From this page, wss://" + HOST + ":" + listener.port()
                    + "/_conndoctor/ws works");
            assertThat(c.shown()).contains("mixed content", "fix: ");

            // the listener saw the wss socket and nothing of the ws one
            List<String> paths = listener.reports.stream().flatMap(r -> r.path().stream()).toList();
            assertThat(paths).anyMatch(p -> p.endsWith("&try=wss")).noneMatch(p -> p.endsWith("&try=ws"));
        }
    }

    @Test
    void behindNginxPassingTheUpgradeTheCheckWorksThroughTheProxy() throws Exception {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            int port = NginxServer.freeLoopbackPort();
            try (NginxServer nginx = NginxServer.start(dir, proxy(port, "", listener.port(), true), port)) {
                Checked c = check(listener, "http://" + HOST + ":" + port + "/");

                assertThat(c.state()).as(c.shown() + "\n" + nginx.log()).isEqualTo("ok");
                assertThat(c.check().pageOrigin()).isEqualTo("http://" + HOST + ":" + port);
                BrowserCheck.Attempt ws = c.attempt("ws");
                assertThat(ws.works()).isTrue();
                assertThat(ws.url()).isEqualTo("ws://" + HOST + ":" + port + "/_conndoctor/ws");
                assertThat(ws.arrival()).isEqualTo(BrowserCheck.Arrival.UPGRADE);
            }
        }
    }

    @Test
    void behindNginxWithoutTheUpgradeHeadersTheListenerNamesTheProxyThatDropsThem() throws Exception {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            int port = NginxServer.freeLoopbackPort();
            try (NginxServer nginx = NginxServer.start(dir, proxy(port, "", listener.port(), false), port)) {
                Checked c = check(listener, "http://" + HOST + ":" + port + "/");

                assertThat(c.state()).as(c.shown()).isEqualTo("failed");
                assertThat(c.check().cause()).contains(CauseId.PROXY_STRIPS_UPGRADE);
                BrowserCheck.Attempt ws = c.attempt("ws");
                assertThat(ws.opened()).isFalse();
                assertThat(ws.closeCode()).hasValue(1006);
                assertThat(ws.arrival()).isEqualTo(BrowserCheck.Arrival.PLAIN_GET);
                assertThat(c.fix()).contains("proxy_set_header Upgrade $http_upgrade");
                // the stripped request's own line says so too
                assertThat(listener.reports).anySatisfy(r -> assertThat(r.fix().map(f -> f.render(Locale.ROOT)))
                        .hasValueSatisfying(f -> assertThat(f).contains("without its Upgrade header")));
            }
        }
    }

    @Test
    void anHttpsNginxInFrontOfAPlainListenerRefusesWsAsMixedContentAndPassesWss() throws Exception {
        assumeTrue(NginxServer.unavailableReason().isEmpty(), () -> "skipped: " + NginxServer.unavailableReason().get());
        TestCertificates.Leaf leaf = TestCertificates.newAuthority("conndoctor browser test CA").issue(HOST);
        Path chain = leaf.writeChainPem(dir.resolve("chain.pem"));
        Path key = leaf.writeKeyPem(dir.resolve("key.pem"));
        try (ListenServerHarness listener = ListenServerHarness.start(ListenProtocol.WEBSOCKET, Optional.empty())) {
            int port = NginxServer.freeLoopbackPort();
            String tls = "ssl_certificate " + chain + ";\nssl_certificate_key " + key + ";";
            try (NginxServer nginx = NginxServer.start(dir, proxy(port, " ssl", listener.port(), true)
                    .replace("#TLS", tls), port)) {
                Checked c = check(listener, "https://" + HOST + ":" + port + "/");

                assertThat(c.state()).as(c.shown() + "\n" + nginx.log()).isEqualTo("failed");
                assertThat(c.check().cause()).contains(CauseId.MIXED_CONTENT);
                assertThat(c.attempt("ws").arrival()).isEqualTo(BrowserCheck.Arrival.NOTHING);
                BrowserCheck.Attempt wss = c.attempt("wss");
                assertThat(wss.works()).as(wss.summary().render(Locale.ROOT)).isTrue();
                // nginx ended the TLS: the upgrade reached this plain listener as plain text, from nginx
                assertThat(wss.arrival()).isEqualTo(BrowserCheck.Arrival.UPGRADE);
                assertThat(c.fix()).contains("wss://" + HOST + ":" + port + "/_conndoctor/ws works");
            }
        }
    }

    /** An nginx server block on 127.0.0.1:{@code port} that proxies everything to the listener. */
    private static String proxy(int port, String listenSuffix, int listenerPort, boolean upgrade) {
        String pass = upgrade ? """
                proxy_http_version 1.1;
                proxy_set_header Upgrade $http_upgrade;
                proxy_set_header Connection "upgrade";""" : "";
        return """
                server {
                    listen 127.0.0.1:%d%s;
                    #TLS
                    location / {
                        proxy_pass http://127.0.0.1:%d;
                        proxy_set_header Host $host;
                %s
                    }
                }""".formatted(port, listenSuffix, listenerPort, pass.indent(8).stripTrailing());
    }
}
