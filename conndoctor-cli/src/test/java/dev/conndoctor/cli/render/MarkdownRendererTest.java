package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.LocalView;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.evidence.PathView;
import dev.conndoctor.evidence.Reach;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Markdown report: its parts in GitHub's terms, and what a peer wrote kept inert in them. */
class MarkdownRendererTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    /** What Markdown would obey: a tag, a code fence, a table cell, an entity, emphasis. */
    private static final String MARKUP = "<details><script>x</script>``` | &amp; **bold**";

    private final MarkdownRenderer markdown = new MarkdownRenderer(Locale.ROOT);

    @Test
    void theVerdictIsAHeadingTheCausesATableThenSectionsAndTheProbesACollapsedBlock() {
        String out = markdown.render(diagnosis(""));

        assertThat(out).startsWith("### ❌ ws://example.com:8282/chat: connection refused.\n\n");
        assertThat(out).contains("| # | cause | confidence | what it means |\n|---:|---|---|---|\n"
                + "| 1 | `host-firewall` | **confirmed** | ");
        assertThat(out).contains("#### 1. `host-firewall` (confirmed)\n", "**Evidence**\n\n- ", "**Fix**\n\n1. ",
                "**Ruled out**\n\n- `host-down`: ");
        assertThat(out).contains("<details>\n<summary>Probes (9 ms in all)</summary>\n\n```text\n  dns ")
                .contains("  tcp       127.0.0.1:8282");
        assertThat(out).endsWith("</details>\n\n<sub>conndoctor " + dev.conndoctor.ConnDoctor.version() + "</sub>\n");
    }

    @Test
    void markupFromAPeerIsShownAsTextNotObeyed() {
        String out = markdown.render(diagnosis(MARKUP + Hostile.ALL));

        Hostile.assertSafe(out);
        // outside the fenced probes, no tag, entity or code fence of the peer's survives as markup
        String prose = out.substring(0, out.indexOf("<details>\n<summary>Probes"));
        assertThat(prose).doesNotContain("<script>", "<details>", "```")
                .contains("&lt;script&gt;", "&#96;&#96;&#96;", "&amp;amp;");
        // every row of the cause table still has its four cells
        prose.lines().filter(l -> l.startsWith("| ")).forEach(row ->
                assertThat(row.replace("\\|", "").chars().filter(c -> c == '|').count()).as(row).isEqualTo(5));
        // the probes' fence is longer than any run of backticks inside it
        String probes = out.substring(out.indexOf("<summary>Probes"));
        String fence = probes.substring(probes.indexOf("\n\n") + 2, probes.indexOf("text\n"));
        assertThat(fence).matches("`{4,}");
        assertThat(probes.substring(probes.indexOf("text\n"))).contains("\n" + fence + "\n\n</details>");
    }

    @Test
    void aSpanishAndAChineseReportUseTheirOwnWords() {
        assertThat(new MarkdownRenderer(Locale.forLanguageTag("es")).render(diagnosis("")))
                .contains("| # | causa | confianza | qué significa |", "**Evidencias**");
        assertThat(new MarkdownRenderer(Locale.forLanguageTag("zh")).render(diagnosis("")))
                .contains("### ❌ ws://example.com:8282/chat：连接被拒绝。", "| # | 原因 | 置信度 | 含义 |", "**证据**",
                        "**解决办法**", "本机自己的防火墙拦截了端口 8282。");
    }

    /** A refused connection with a host firewall, its texts filled with {@code outside} where a peer writes. */
    private static Diagnosis diagnosis(String outside) {
        Target target = Target.parse("ws://example.com:8282/chat");
        Resolution resolution = Resolution.resolved("example.com", List.of(ResolvedAddress.of(LOOPBACK)), 4);
        NameserverAnswer answer = new NameserverAnswer("127.0.0.53", "A", Optional.of("NOERROR"),
                List.of(new DnsRecord("example.com", "CNAME", 60, "edge" + outside)), 2, Optional.empty());
        Evidence evidence = Evidence.builder(target, Duration.ofSeconds(2))
                .reach(new Reach(resolution, List.of(new ConnectAttempt(LOOPBACK, 8282, ConnectOutcome.REFUSED, 1,
                        "Connection refused" + outside)), List.of()))
                .path(new PathView(Optional.of(new DnsEvidence("example.com", List.of(), List.of("127.0.0.53"),
                        List.of(answer))), List.of(), List.of(), Optional.empty()))
                .local(new LocalView(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), List.of()))
                .build();
        Cause cause = Cause.builder(CauseId.HOST_FIREWALL, Confidence.CONFIRMED, "8282")
                .evidence("evidence.server-report-firewall-some", "8282", "-s 10.0.0.0/8 -j DROP" + outside)
                .fix("fix.wrong-address.dial", "192.0.2.1" + outside)
                .build();
        return new Diagnosis(target, Outcome.FAILED, Symptom.REFUSED, List.of(cause),
                List.of(RuledOut.of(CauseId.HOST_DOWN, "evidence.server-report-firewall-some", "1", "x" + outside)),
                List.of(Text.of("warning.seen-as", "203.0.113.7" + outside)), evidence, 9);
    }
}
