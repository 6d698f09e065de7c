package dev.conndoctor.listen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class BrowserCheckPageTest {

    private static final String CHECK = BrowserReportTest.CHECK;
    private static final String NONCE = "n0nce-AbC_123";

    private static String page(boolean tls) {
        return new String(BrowserCheckPage.render(CHECK, NONCE, tls), StandardCharsets.UTF_8);
    }

    @Test
    void everyScriptAndStyleCarriesTheNonceThePolicyNames() {
        String page = page(false);
        String headers = BrowserCheckPage.headers(NONCE);

        assertThat(headers).contains("script-src 'nonce-" + NONCE + "'", "style-src 'nonce-" + NONCE + "'",
                "default-src 'none'", "connect-src 'self' ws: wss:", "frame-ancestors 'none'");
        Matcher executable = Pattern.compile("<(script|style)(?![^>]*type=\"application/json\")([^>]*)>").matcher(page);
        int count = 0;
        while (executable.find()) {
            assertThat(executable.group(2)).contains("nonce=\"" + NONCE + "\"");
            count++;
        }
        assertThat(count).as("one style and one script").isEqualTo(2);
        assertThat(page).doesNotContain("@NONCE@", "@CONFIG@", " on" + "click=", " onload=");
    }

    @Test
    void thePageLoadsNothingFromAnywhereElse() {
        String page = page(true);

        assertThat(page).doesNotContainPattern("(src|href)=\"(?!data:)");
        assertThat(page).doesNotContain("http://", "https://", "//cdn", "@import");
    }

    @Test
    void theConfigurationHoldsTheCheckAndTheListenersTls() {
        assertThat(page(true)).contains("\"check\":\"" + CHECK + "\"", "\"tls\":true", "\"socketPath\":\"/_conndoctor/ws\"",
                "\"reportPath\":\"/_conndoctor/report\"", "\"timeoutMs\":5000");
        assertThat(page(false)).contains("\"tls\":false");
    }

    @Test
    void theConfigurationCannotCloseItsScriptElement() {
        // the values are the listener's own, yet the JSON is written so that none could end the element
        String page = new String(BrowserCheckPage.render("</script><script>alert(1)</script>", NONCE, false),
                StandardCharsets.UTF_8);
        assertThat(page).doesNotContain("</script><script>alert(1)").contains("\\u003c/script\\u003e");
    }
}
