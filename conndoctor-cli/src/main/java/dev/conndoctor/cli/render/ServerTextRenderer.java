package dev.conndoctor.cli.render;

import dev.conndoctor.Cause;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.firewall.FirewallRule;
import dev.conndoctor.firewall.FirewallVerdict;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.PanelFinding;
import dev.conndoctor.evidence.server.PanelRule;
import dev.conndoctor.PortReport;
import dev.conndoctor.ServerReport;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a server report for a person: per port, the verdict, listeners, firewall, causes and fixes.
 * Process names and firewall rule comments are anyone's text, so every line is built through
 * {@link #text} or {@link #cli}, which pass it through {@link TerminalText}.
 */
public final class ServerTextRenderer {
    private final Locale locale;
    private final Style style;

    public ServerTextRenderer(Locale locale, Style style) {
        this.locale = locale;
        this.style = style;
    }

    public String render(ServerReport report) {
        StringBuilder out = new StringBuilder();
        if (report.ports().isEmpty()) {
            out.append(cli("server.no-ports")).append('\n');
        }
        for (PortReport p : report.ports()) {
            if (p.localOnly()) {
                // bound to loopback on purpose, as far as anyone asked: one line, no verdict, no fix
                out.append(style.dim("· " + cli("server.port-local-only", p.port(), p.listeners().stream()
                        .map(l -> l.endpoint() + " " + l.process().map(proc -> cli("server.process", proc.name(), proc.pid()))
                                .orElse("")).map(String::strip).collect(Collectors.joining(", "))))).append('\n');
                continue;
            }
            boolean ok = p.causes().isEmpty();
            String heading = cli(ok ? "server.port-ok" : "server.port-problem", p.port());
            out.append(ok ? style.green("✓ " + heading) : style.red("✗ " + heading)).append('\n');
            for (Listener l : p.listeners()) {
                out.append("  ").append(cli("server.listener", l.endpoint(),
                        l.process().map(proc -> cli("server.process", proc.name(), proc.pid()))
                                .orElseGet(() -> l.ownerUnseen().map(why -> cli("server.owner-unseen." + why)).orElse("?")),
                        l.queued(), l.backlog() < 0 ? "?" : l.backlog())).append('\n');
            }
            for (FirewallVerdict v : p.firewall()) {
                String by = v.policyDecided() ? cli("server.policy", v.policy())
                        : v.decided().stream().map(FirewallRule::text).collect(Collectors.joining("; "));
                out.append("  ").append(cli("server.firewall", v.source(), v.decision().id(), by)).append('\n');
            }
            for (PanelFinding panel : report.evidence().panels()) {
                PanelFinding.Port verdict = panel.port(p.port());
                String rules = verdict.deciding().stream().map(PanelRule::describe).distinct().limit(3)
                        .collect(Collectors.joining("; "));
                out.append("  ").append(cli("server.panel", panel.kind().label(),
                        panel.drives().map(d -> cli("server.panel.drives", d)).orElseGet(() -> cli("server.panel.drives-none")),
                        p.port(), cli(statusKey(verdict.status())), rules.isEmpty() ? "" : ": " + rules))
                        .append('\n');
            }
            if (!p.selfCheck().isEmpty()) {
                out.append("  ").append(cli("server.self-check", p.selfCheck().stream()
                        .map(a -> a.endpoint() + " " + a.outcome().id()).collect(Collectors.joining(", "))))
                        .append('\n');
            }
            for (Cause c : p.causes()) {
                out.append("  ").append(style.bold(c.id().id() + " (" + c.confidence().id() + ")")).append(": ")
                        .append(text(c.summary())).append('\n');
                c.evidence().forEach(e -> out.append("    • ").append(text(e)).append('\n'));
                for (int i = 0; i < c.fixes().size(); i++) {
                    out.append("    ").append(i + 1).append(". ").append(text(c.fixes().get(i))).append('\n');
                }
            }
            for (RuledOut r : p.ruledOut()) {
                out.append("  - ").append(r.id().id()).append(": ").append(text(r.why())).append('\n');
            }
            out.append('\n');
        }
        if (!report.evidence().unreadable().isEmpty()) {
            out.append(cli("report.unreadable", String.join("; ", report.evidence().unreadable()))).append('\n');
        }
        return out.toString();
    }

    private static String statusKey(PanelFinding.Status status) {
        return switch (status) {
            case NOT_MANAGING -> "server.panel.not-managing";
            case OFF -> "server.panel.off";
            case UNREADABLE -> "server.panel.unreadable";
            case DROPPED -> "server.panel.dropped";
            case ALLOWED -> "server.panel.allowed";
            case ALLOWED_FOR_SOME -> "server.panel.allowed-for-some";
            case NOT_LISTED -> "server.panel.not-listed";
        };
    }

    /** A sentence of the library, its arguments cleaned. */
    private String text(Text text) {
        return TerminalText.render(text, locale);
    }

    /** A sentence of the CLI's bundle, its arguments cleaned. */
    private String cli(String key, Object... args) {
        return TerminalText.render(Text.of(key, args), TextRenderer.BUNDLE, locale);
    }
}
