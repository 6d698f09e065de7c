package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsFailure;
import dev.conndoctor.evidence.Resolution;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The progress lines on stderr: a resolver's error or a connect detail is anyone's text, cleaned like the report. */
class ProgressReporterTest {

    @Test
    void verboseLinesShowHostileDetailsAsText() {
        StringWriter err = new StringWriter();
        ProgressReporter progress = new ProgressReporter(new PrintWriter(err), false, true, Locale.ROOT);

        progress.resolving("example.com");
        progress.resolved(Resolution.failed("example.com", DnsFailure.values()[0], "SERVFAIL" + Hostile.ALL, 3));
        progress.connecting(List.of("127.0.0.1:8282"), 0, Duration.ofSeconds(2));
        progress.attemptFinished(new ConnectAttempt(InetAddress.getLoopbackAddress(), 8282, ConnectOutcome.REFUSED, 1,
                "Connection refused" + Hostile.ALL));
        progress.inspecting("iptables" + Hostile.ALL);

        assertThat(err.toString()).contains("SERVFAIL").contains("Connection refused");
        Hostile.assertSafe(err.toString());
    }

    @Test
    void theLiveLineWritesOnlyItsOwnEraser() {
        StringWriter err = new StringWriter();
        ProgressReporter progress = new ProgressReporter(new PrintWriter(err), true, false, Locale.ROOT);

        progress.inspecting("iptables" + Hostile.ALL);
        progress.clear();

        String withoutEraser = err.toString().replace("\r\u001b[K", "");
        assertThat(withoutEraser).contains("\\x1b]0;pwned\\x07");
        Hostile.assertOnlyOwnColours(withoutEraser);
    }
}
