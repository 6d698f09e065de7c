package dev.conndoctor.cli;

import static dev.conndoctor.cli.ListenCommandHarness.freePort;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.conndoctor.testkit.HeadlessChromium;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code conndoctor listen websocket://...} in-process with a real browser at its check page
 * (Debian's chromium, headless, driven by Selenium through Debian's chromedriver; one for the
 * class): the lines a person reads and the JSON a script reads. The browser resolves
 * {@code check.test} to 127.0.0.1 and ignores certificate errors (the listener's certificate is
 * self-signed), see {@link HeadlessChromium}.
 */
class ListenCommandBrowserIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static HeadlessChromium browser;

    @BeforeAll
    static void startBrowser() throws Exception {
        Optional<String> missing = HeadlessChromium.unavailableReason();
        assumeTrue(missing.isEmpty(), () -> "skipped: " + missing.orElse(""));
        browser = HeadlessChromium.builder().mapHost("check.test", "127.0.0.1").ignoreCertificateErrors().start();
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    private static String runPage(String url) {
        browser.open(url);
        return browser.awaitAttribute("verdict", "data-state", s -> !s.equals("running"), Duration.ofSeconds(30));
    }

    @Test
    void anHttpsPageOpeningWsPrintsMixedContentWithEachSocketAndTheFix() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port, "--tls",
                "self-signed", "--max-clients", "1", "--no-color");
        listen.awaitListening();

        assertThat(runPage("https://check.test:" + port + "/")).isEqualTo("failed");
        assertThat(listen.awaitExit(Duration.ofSeconds(10))).as("the report is the one client").isEqualTo(ExitCode.OK);

        String out = listen.out.toString();
        assertThat(out).containsPattern("127\\.0\\.0\\.1:\\d+  a browser took the check page \\(/ over TLS\\): its report "
                + "follows");
        String origin = "https://check.test:" + port;
        assertThat(out).containsPattern("127\\.0\\.0\\.1:\\d+  browser check, (Headless)?Chrome \\d+ on the page "
                + Pattern.quote(origin) + ": does not work \\(mixed-content\\)\n");
        assertThat(out).contains("    ws://check.test:" + port + "/_conndoctor/ws: refused by the browser before any packet",
                "    wss://check.test:" + port + "/_conndoctor/ws: opened in ",
                "    fix: From a page loaded over https, connect with wss://",
                "From this page, wss://check.test:" + port + "/_conndoctor/ws works");
    }

    @Test
    void jsonGivesTheBrowserCheckAsAnObjectOnTheReportsLine() throws Exception {
        int port = freePort();
        ListenCommandHarness listen = ListenCommandHarness.start("listen", "websocket://127.0.0.1:" + port,
                "--max-clients", "1", "--json");
        listen.awaitListening();

        assertThat(runPage("http://check.test:" + port + "/_conndoctor")).isEqualTo("ok");
        assertThat(listen.awaitExit(Duration.ofSeconds(10))).isEqualTo(ExitCode.OK);

        List<JsonNode> lines = new ArrayList<>();
        for (String line : listen.out.toString().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        JsonNode page = lines.stream().filter(l -> l.path("browser").path("stage").asText().equals("page")).findFirst()
                .orElseThrow(() -> new AssertionError("no page line in " + lines));
        assertThat(page.path("matches").asBoolean()).isTrue();
        JsonNode report = lines.stream().filter(l -> l.path("browser").path("stage").asText().equals("report"))
                .findFirst().orElseThrow(() -> new AssertionError("no report line in " + lines));
        JsonNode check = report.path("browser");
        assertThat(check.path("check").asText()).isEqualTo(page.path("browser").path("check").asText());
        assertThat(report.path("matches").asBoolean()).isTrue();
        assertThat(report.path("path").asText()).isEqualTo("/_conndoctor/report");
        assertThat(check.path("works").asBoolean()).isTrue();
        assertThat(check.path("page").asText()).isEqualTo("http://check.test:" + port);
        assertThat(check.path("browser").asText()).matches("(Headless)?Chrome \\d+");
        assertThat(check.path("userAgent").asText()).contains("Chrome/");
        assertThat(check.has("cause")).isFalse();
        JsonNode ws = check.path("attempts").get(0);
        assertThat(ws.path("url").asText()).isEqualTo("ws://check.test:" + port + "/_conndoctor/ws");
        assertThat(ws.path("opened").asBoolean()).isTrue();
        assertThat(ws.path("echoed").asBoolean()).isTrue();
        assertThat(ws.path("closeCode").asInt()).isEqualTo(1000);
        assertThat(ws.path("arrival").asText()).isEqualTo("upgrade");
        assertThat(ws.path("arrivedFrom").asText()).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(ws.path("summary").asText()).contains("the echo came back");
    }
}
