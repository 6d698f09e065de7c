package dev.conndoctor.explain;

import static dev.conndoctor.explain.ExplainKnowledgeBaseEntriesTest.EXPLAINER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logs written to hurt: lines that make a regex backtrack, megabytes of ordinary lines, a line of
 * a gigabyte, and messages whose "target" is a shell command. The explanation takes time in
 * proportion to the log and memory of one line, and the command it offers runs nothing else.
 * The bounds are generous (two shared CPUs); the quadratic patterns took minutes on these inputs.
 */
class ExplainHostileInputTest {

    private static final Duration GENEROUS = Duration.ofSeconds(20);

    /** {@code lines} repeated until {@code bytes}. */
    private static String repeated(String line, int bytes) {
        StringBuilder sb = new StringBuilder(bytes + line.length());
        while (sb.length() < bytes) {
            sb.append(line).append('\n');
        }
        return sb.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        // the issue's: an IPv6-looking run after an error word, once 23 s for 600 KB
        "connection refused ab:cd:%s",
        // a name-like run of '-a.a', scanned from every '-' for a host:port
        "connection refused x -a.a%s",
        // a URL of dots whose end was trimmed by a backtracking [.,;]+$
        "connection refused ws://a%sx",
        // the literal before a .* again and again: every start scans the rest of the line
        "dial tcp %s",
        // a curl line whose .* never finds what it wants after it
        "curl: (7) Failed to connect to a port 1 %s",
    })
    void sixMegabytesOfLinesThatBacktrackAreExplainedInBoundedTime(String form) {
        String filler = switch (form.substring(0, 4)) {
            case "conn" -> form.contains("ab:cd") ? "ab:cd:".repeat(680) : form.contains("-a.a")
                    ? "-a.a".repeat(1000) : ".".repeat(4000);
            case "dial" -> "dial tcp ".repeat(450);
            default -> "curl: (7) Failed to connect to a port 1 ".repeat(100);
        };
        String log = repeated(String.format(form, filler), 6 * 1024 * 1024);

        Explanation e = assertTimeoutPreemptively(GENEROUS, () -> EXPLAINER.explain(log));

        assertThat(e.linesRead()).isGreaterThan(1000);
    }

    @Test
    void theIssuesAdversarialLogAfterAnErrorWordIsExplainedInBoundedTime() {
        String log = "ERROR connection refused\n" + repeated("ab:cd:".repeat(100), 600 * 1024);

        Explanation e = assertTimeoutPreemptively(GENEROUS, () -> EXPLAINER.explain(log));

        assertThat(e.matches()).extracting(m -> m.message().id()).containsExactly("os.refused");
    }

    @Test
    void thirtyTwoMegabytesOfShortOrdinaryLinesAreExplainedInBoundedTime() {
        StringBuilder log = new StringBuilder(33 * 1024 * 1024);
        for (int i = 0; log.length() < 32 * 1024 * 1024; i++) {
            log.append("GET /a ").append(i % 1000).append('\n');
        }
        log.append("Error: connect ECONNREFUSED 127.0.0.1:8109\n");
        String text = log.toString();

        Explanation e = assertTimeoutPreemptively(GENEROUS, () -> EXPLAINER.explain(text));

        assertThat(e.matches()).extracting(m -> m.message().id()).containsExactly("node.econnrefused");
    }

    @Test
    void aLineOfAGigabyteCostsTheMemoryOfOneCutLine() throws IOException {
        Reader huge = new GeneratedReader(1L << 30, "\nError: connect ECONNREFUSED 127.0.0.1:8109\n");

        Explanation e = assertTimeoutPreemptively(GENEROUS, () -> EXPLAINER.explain(huge));

        assertThat(e.linesRead()).isEqualTo(2);
        assertThat(e.matches()).extracting(m -> m.message().id()).containsExactly("node.econnrefused");
    }

    @Test
    void aLogOfTenThousandDistinctTargetsListsABoundedNumberAndCountsEveryLine() {
        StringBuilder log = new StringBuilder();
        for (int i = 0; i < 10_000; i++) {
            log.append("Error: connect ECONNREFUSED 10.0.").append(i / 250).append('.').append(i % 250).append(":8109\n");
        }
        log.append("curl: (52) Empty reply from server\n");

        Explanation e = EXPLAINER.explain(log.toString());

        assertThat(e.matches()).hasSize(Explainer.MAX_DISTINCT + 1);
        assertThat(e.matches().stream().mapToInt(Explanation.Match::count).sum()).isEqualTo(10_001);
        assertThat(e.matches()).last().extracting(m -> m.message().id()).isEqualTo("curl.empty-reply");
    }

    // ------------------------------------------------------------ safe to paste

    @ParameterizedTest
    @ValueSource(strings = {
        "WebSocket connection to 'ws://h/$(touch /tmp/x);reboot' failed: net::ERR_CONNECTION_REFUSED",
        "WebSocket connection to 'ws://h/`reboot`' failed: net::ERR_CONNECTION_REFUSED",
        "WebSocket connection to 'ws://h/a&reboot&' failed: net::ERR_CONNECTION_REFUSED",
        "Firefox can’t establish a connection to the server at ws://h/'$(reboot)'|sh.",
        "Error: connect ECONNREFUSED 127.0.0.1:8109 ws://h/x'y\\'$HOME>out",
    })
    void theOfferedCommandIsOneShellWordPerArgumentWhateverTheLogSays(String line) throws Exception {
        Explanation.Match m = EXPLAINER.explain(line).matches().get(0);

        assertThat(m.target()).isPresent();
        // the real shell is the judge: it must see exactly three words, the last one the target
        Process sh = new ProcessBuilder("sh", "-c", "set -- " + m.next() + "; printf '%s\\n' \"$#\" \"$3\"")
                .redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).isZero();
        assertThat(out).isEqualTo("3\n" + m.target().get() + "\n");
    }

    @Test
    void aTargetThatIsNotAValidTargetIsNotOffered() {
        // a control character and a target too long for diagnose: the placeholder is offered instead
        Explanation e = EXPLAINER.explain(String.join("\n",
                "WebSocket connection to 'ws://h/\u001b]0;x\u0007' failed: net::ERR_CONNECTION_REFUSED",
                "WebSocket connection to 'ws://h/" + "a".repeat(3000) + "' failed: net::ERR_CONNECTION_RESET"));

        assertThat(e.matches()).hasSize(2).allSatisfy(m -> assertThat(m.target()).isEmpty());
        assertThat(e.matches()).extracting(Explanation.Match::next).containsOnly("conndoctor diagnose ws://HOST:PORT");
    }

    @Test
    void aPlainTargetStaysUnquoted() {
        assertThat(ShellWords.quote("ws://example.com:8282/chat")).isEqualTo("ws://example.com:8282/chat");
        assertThat(ShellWords.quote("tcp://[::1]:8109")).isEqualTo("'tcp://[::1]:8109'");
        assertThat(ShellWords.quote("a'b")).isEqualTo("'a'\\''b'");
        assertThat(ShellWords.quote("")).isEqualTo("''");
        assertThat(List.of("~", "*", "?", "!", "#", " ", "\n")).allSatisfy(c ->
                assertThat(ShellWords.quote("x" + c)).startsWith("'"));
    }

    /** {@code length} characters of 'a' and then {@code tail}, made as they are read. */
    private static final class GeneratedReader extends Reader {
        private long left;
        private final String tail;
        private int tailAt;

        GeneratedReader(long length, String tail) {
            this.left = length;
            this.tail = tail;
        }

        @Override
        public int read(char[] buffer, int offset, int length) {
            if (left > 0) {
                int n = (int) Math.min(length, left);
                java.util.Arrays.fill(buffer, offset, offset + n, 'a');
                left -= n;
                return n;
            }
            if (tailAt >= tail.length()) {
                return -1;
            }
            int n = Math.min(length, tail.length() - tailAt);
            tail.getChars(tailAt, tailAt + n, buffer, offset);
            tailAt += n;
            return n;
        }

        @Override
        public void close() {
        }
    }
}
