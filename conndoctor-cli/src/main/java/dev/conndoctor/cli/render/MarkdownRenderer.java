package dev.conndoctor.cli.render;

import dev.conndoctor.Cause;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.PortReport;
import dev.conndoctor.RuledOut;
import dev.conndoctor.ServerReport;
import dev.conndoctor.Text;
import dev.conndoctor.describe.ServerSpeech;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a report as Markdown to paste into an issue or a forum (GitHub, GitLab, Discourse): the
 * verdict as a heading, a table of the causes, each cause with its evidence and fixes, what was
 * ruled out, and the probes in a collapsed {@code <details>} block.
 *
 * <p>The bundles' patterns are trusted Markdown (their backticks are code); what fills them came from
 * outside, so every argument is cleaned by {@link TerminalText} and then escaped here: no byte from a
 * peer can open an HTML tag, a code span or a table cell of its own. The probes keep the text report's
 * aligned rows, in a fenced block longer than any run of backticks they hold.
 */
public final class MarkdownRenderer {
    private static final Pattern BACKTICKS = Pattern.compile("`+");

    private final Locale locale;

    public MarkdownRenderer(Locale locale) {
        this.locale = locale;
    }

    /** A diagnosis, with a heading of level {@code 3}. */
    public String render(Diagnosis d) {
        StringBuilder out = new StringBuilder();
        String verdict = cli(TextRenderer.verdictKey(d), d.target().input());
        out.append("### ").append(d.ok() ? "✅ " : "❌ ").append(verdict).append("\n\n");
        d.evidence().exchange().ifPresent(x -> out.append(cli("report.speaks", x.endpoint(),
                text(ServerSpeech.describe(x)))).append("\n\n"));
        for (Text warning : d.warnings()) {
            out.append("> ⚠️ ").append(text(warning)).append("\n\n");
        }
        causes(out, d.causes(), d.ok());
        ruledOut(out, d.ruledOut());
        StringBuilder rows = new StringBuilder();
        TextRenderer plain = new TextRenderer(locale, new Style(false));
        // a held connection's ending and timeline, as the text report words them, above the probes
        d.evidence().lifetime().ifPresent(l -> plain.lifetime(rows, l));
        plain.probes(rows, d.evidence());
        details(out, cli("report.probes", d.elapsedMs()), rows.toString());
        if (!d.evidence().local().unreadable().isEmpty()) {
            out.append(cli("report.unreadable", String.join(", ", d.evidence().local().unreadable()))).append("\n\n");
        }
        footer(out);
        return out.toString();
    }

    /**
     * A server report: per port that has a problem, its causes as in a diagnosis; the whole text report
     * (listeners, firewall, panels, self-check) in a collapsed block.
     */
    public String render(ServerReport report) {
        StringBuilder out = new StringBuilder();
        for (PortReport p : report.ports()) {
            if (p.localOnly()) {
                continue;
            }
            boolean ok = p.causes().isEmpty();
            out.append("### ").append(ok ? "✅ " : "❌ ").append(cli(ok ? "server.port-ok" : "server.port-problem",
                    p.port())).append("\n\n");
            causes(out, p.causes(), true);
            ruledOut(out, p.ruledOut());
        }
        if (report.ports().isEmpty() || report.ports().stream().allMatch(PortReport::localOnly)) {
            out.append(cli("server.no-ports")).append("\n\n");
        }
        details(out, "conndoctor server", new ServerTextRenderer(locale, new Style(false)).render(report));
        footer(out);
        return out.toString();
    }

    /** A text report that has no Markdown form of its own, as it is, in a fenced block under a heading. */
    public static String fenced(String heading, String text) {
        StringBuilder out = new StringBuilder();
        out.append("### ").append(escape(TerminalText.clean(heading))).append("\n\n");
        fence(out, text);
        footer(out);
        return out.toString();
    }

    private void causes(StringBuilder out, List<Cause> causes, boolean ok) {
        if (causes.isEmpty()) {
            if (!ok) {
                out.append(cli("report.no-cause")).append("\n\n");
            }
            return;
        }
        out.append("| # | ").append(cli("markdown.cause")).append(" | ").append(cli("markdown.confidence"))
                .append(" | ").append(cli("markdown.summary")).append(" |\n|---:|---|---|---|\n");
        for (int i = 0; i < causes.size(); i++) {
            Cause c = causes.get(i);
            String confidence = cli("confidence." + c.confidence().id());
            out.append("| ").append(i + 1).append(" | `").append(c.id().id()).append("` | ")
                    .append(i == 0 ? "**" + confidence + "**" : confidence).append(" | ")
                    .append(cell(text(c.summary()))).append(" |\n");
        }
        out.append('\n');
        for (int i = 0; i < causes.size(); i++) {
            Cause c = causes.get(i);
            out.append("#### ").append(i + 1).append(". `").append(c.id().id()).append("` (")
                    .append(cli("confidence." + c.confidence().id())).append(")\n\n");
            out.append(text(c.summary())).append("\n\n");
            if (!c.evidence().isEmpty()) {
                out.append("**").append(cli("report.evidence")).append("**\n\n");
                c.evidence().forEach(e -> out.append("- ").append(text(e)).append('\n'));
                out.append('\n');
            }
            if (!c.fixes().isEmpty()) {
                out.append("**").append(cli("report.fixes")).append("**\n\n");
                for (int f = 0; f < c.fixes().size(); f++) {
                    out.append(f + 1).append(". ").append(text(c.fixes().get(f))).append('\n');
                }
                out.append('\n');
            }
        }
    }

    private void ruledOut(StringBuilder out, List<RuledOut> ruledOut) {
        if (ruledOut.isEmpty()) {
            return;
        }
        out.append("**").append(cli("report.ruled-out")).append("**\n\n");
        for (RuledOut r : ruledOut) {
            out.append("- `").append(r.id().id()).append("`: ").append(text(r.why())).append('\n');
        }
        out.append('\n');
    }

    /** A collapsed block: GitHub and Discourse show the summary (rendered already), a click shows the rest. */
    private static void details(StringBuilder out, String summary, String body) {
        out.append("<details>\n<summary>").append(summary).append("</summary>\n\n");
        fence(out, body);
        out.append("</details>\n\n");
    }

    /** {@code body} as it is, in a fence longer than any run of backticks it holds, so that nothing in it ends the fence. */
    private static void fence(StringBuilder out, String body) {
        int longest = 2;
        Matcher m = BACKTICKS.matcher(body);
        while (m.find()) {
            longest = Math.max(longest, m.end() - m.start());
        }
        String fence = "`".repeat(longest + 1);
        out.append(fence).append("text\n").append(body.endsWith("\n") ? body : body + "\n").append(fence).append("\n\n");
    }

    private static void footer(StringBuilder out) {
        out.append("<sub>conndoctor ").append(ConnDoctor.version()).append("</sub>\n");
    }

    /** Text of a table cell: a pipe would end the cell. */
    private static String cell(String s) {
        return s.replace("|", "\\|");
    }

    /**
     * What came from outside, made inert in Markdown: no HTML tag (a server's page), no entity, no code
     * span of its own, no table cell. Characters stay readable: GitHub shows {@code &lt;} as {@code <}.
     */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '`' -> out.append("&#96;");
                case '|' -> out.append("\\|");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** A sentence of the library: its arguments cleaned and escaped, its pattern kept. */
    private String text(Text text) {
        return TerminalText.render(text, Text.BUNDLE, locale, MarkdownRenderer::escape);
    }

    /** A sentence of the CLI's bundle: its arguments cleaned and escaped. */
    private String cli(String key, Object... args) {
        return TerminalText.render(Text.of(key, args), TextRenderer.BUNDLE, locale, MarkdownRenderer::escape);
    }
}
