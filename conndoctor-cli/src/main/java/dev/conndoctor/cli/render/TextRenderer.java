package dev.conndoctor.cli.render;

import dev.conndoctor.Cause;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Symptom;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.LifetimeOutcome;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.describe.ServerSpeech;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders a diagnosis for a person: the verdict first, then the causes with their evidence
 * and fixes, what was ruled out, and last the probes with their timings.
 *
 * <p>Much of a diagnosis came from outside (a server's headers and certificate, a server report,
 * DNS answers), so every line is built through {@link #text}, {@link #cli} or {@link #row}, which
 * pass it through {@link TerminalText}: no control byte from a peer reaches the terminal.
 */
public final class TextRenderer {
    public static final String BUNDLE = "dev.conndoctor.cli.messages";

    private final Locale locale;
    private final Style style;

    public TextRenderer(Locale locale, Style style) {
        this.locale = locale;
        this.style = style;
    }

    public String render(Diagnosis d) {
        StringBuilder out = new StringBuilder();
        String verdict = cli(verdictKey(d), d.target().input());
        out.append(d.ok() ? style.green("✓ " + verdict) : style.red("✗ " + verdict)).append('\n');
        d.evidence().exchange().ifPresent(x -> out.append("  ")
                .append(cli("report.speaks", x.endpoint(), text(ServerSpeech.describe(x)))).append('\n'));

        for (Text warning : d.warnings()) {
            out.append(style.yellow("  ! " + text(warning))).append('\n');
        }
        d.evidence().lifetime().ifPresent(l -> lifetime(out, l));
        for (int i = 0; i < d.causes().size(); i++) {
            Cause cause = d.causes().get(i);
            out.append('\n');
            String heading = cli(i == 0 ? "report.primary-cause" : "report.other-cause",
                    cause.id().id(), cli("confidence." + cause.confidence().id()));
            out.append(i == 0 ? style.bold(heading) : heading).append('\n');
            out.append("  ").append(text(cause.summary())).append('\n');
            if (!cause.evidence().isEmpty()) {
                out.append("  ").append(style.dim(cli("report.evidence"))).append('\n');
                cause.evidence().forEach(e -> out.append("    • ").append(text(e)).append('\n'));
            }
            if (!cause.fixes().isEmpty()) {
                out.append("  ").append(style.dim(cli("report.fixes"))).append('\n');
                for (int f = 0; f < cause.fixes().size(); f++) {
                    out.append("    ").append(f + 1).append(". ").append(text(cause.fixes().get(f))).append('\n');
                }
            }
        }
        if (!d.ok() && d.causes().isEmpty()) {
            out.append('\n').append(cli("report.no-cause")).append('\n');
        }
        if (!d.ruledOut().isEmpty()) {
            out.append('\n').append(cli("report.ruled-out")).append('\n');
            for (RuledOut r : d.ruledOut()) {
                out.append("  - ").append(r.id().id()).append(": ").append(text(r.why())).append('\n');
            }
        }
        out.append('\n').append(style.dim(cli("report.probes", d.elapsedMs()))).append('\n');
        probes(out, d.evidence());
        if (!d.evidence().local().unreadable().isEmpty()) {
            out.append('\n').append(cli("report.unreadable", String.join(", ", d.evidence().local().unreadable()))).append('\n');
        }
        return out.toString();
    }

    /** Events of a hold shown in the text report: its first and its last ones. */
    static final int TIMELINE_SHOWN = 10;

    /** With --hold: one line on how the held connection ended, then a short timeline. */
    void lifetime(StringBuilder out, Lifetime l) {
        String plan = l.pingEvery().isZero() ? cli("report.lifetime.silent")
                : cli("report.lifetime.pinged", l.pingEvery().toMillis());
        String held = seconds(l.heldMs());
        String planned = seconds(l.planned().toMillis());
        String line = switch (l.closedBy()) {
            case SERVER -> cli("report.lifetime.closed", held, planned, plan,
                    text(Text.of("how." + l.how().id())) + l.closeCode().stream().mapToObj(c -> " " + c).findFirst().orElse(""),
                    seconds(l.idleBeforeCloseMs()), l.pingsSent(), l.pongsReceived());
            case CLIENT -> cli("report.lifetime.client", held, planned, plan, cli("report.ended." + l.ended().id()),
                    l.pingsSent(), l.pongsReceived());
            case NONE -> cli("report.lifetime.held", held, planned, plan, l.pingsSent(), l.pongsReceived());
        };
        out.append("  ").append(line).append('\n');
        java.util.List<Lifetime.Event> events = l.timeline();
        int leftOut = l.eventsLeftOut();
        if (events.size() > TIMELINE_SHOWN) {
            leftOut += events.size() - TIMELINE_SHOWN;
        }
        for (int i = 0; i < events.size(); i++) {
            if (events.size() > TIMELINE_SHOWN && i == TIMELINE_SHOWN / 2) {
                out.append("    ").append(style.dim(cli("report.lifetime.left-out", leftOut))).append('\n');
                i = events.size() - TIMELINE_SHOWN / 2;
            }
            Lifetime.Event e = events.get(i);
            out.append(String.format(Locale.ROOT, "    %8s s  ", seconds(e.atMs())))
                    .append(cli("report.event." + e.kind().id(), e.detail())).append('\n');
        }
        if (events.size() <= TIMELINE_SHOWN && l.eventsLeftOut() > 0) {
            out.append("    ").append(style.dim(cli("report.lifetime.left-out", l.eventsLeftOut()))).append('\n');
        }
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    void probes(StringBuilder out, Evidence e) {
        Resolution r = e.reach().resolution();
        if (!r.literal()) {
            String answer = r.succeeded()
                    ? r.addresses().stream().map(a -> a.text() + " (" + a.addressClass().id() + ")")
                    .collect(Collectors.joining(", "))
                    : r.failure().get().id() + ": " + r.detail();
            out.append(row("dns", r.host(), answer, r.elapsedMs()));
        } else {
            ResolvedAddress a = r.addresses().get(0);
            out.append(row("address", a.text(), a.addressClass().id(), 0));
        }
        e.path().dns().ifPresent(dns -> {
            if (!dns.hostsFile().isEmpty()) {
                out.append(row("hosts", dns.name(), dns.hostsFile().stream().map(Endpoints::text)
                        .collect(Collectors.joining(", ")), 0));
            }
            for (NameserverAnswer a : dns.answers()) {
                String answer = a.rcode().map(rc -> rc + (a.records().isEmpty() ? "" : " " + a.records().stream()
                        .map(rec -> rec.type() + " " + rec.data()).collect(Collectors.joining(", "))))
                        .orElse(a.error().orElse("?"));
                out.append(row("dns " + a.type(), "@" + a.server(), answer, a.elapsedMs()));
            }
        });
        for (ConnectAttempt a : e.reach().attempts()) {
            out.append(row("tcp", a.endpoint(), result(a), a.elapsedMs()));
            e.reach().silenceOf(a).ifPresent(s -> out.append(row("silence", s.endpoint(), cli("report.silence",
                    s.attempts(), String.format(Locale.ROOT, "%.2f", s.rttMillis()),
                    s.byNeighbour() ? Text.of("report.rtt-from.neighbour") : Text.of("report.rtt-from.port", s.rttPort()),
                    s.retransmit().toMillis()), s.waited().toMillis())));
        }
        e.path().proxy().flatMap(p -> p.attempt()).ifPresent(a -> out.append(row("proxy", a.proxy().text(),
                a.result().id() + " (" + a.detail() + ")", a.elapsedMs())));
        e.exchange().ifPresent(x -> out.append(row(x.scheme().id(), x.endpoint(),
                x.reply().id() + x.sniffed().map(sn -> ": " + sn.preview()).orElse(""), x.elapsedMs())));
        for (HostLiveness l : e.reach().liveness()) {
            for (ConnectAttempt a : l.attempts()) {
                out.append(row("liveness", a.endpoint(), result(a), a.elapsedMs()));
            }
        }
        e.portScan().ifPresent(scan -> {
            // closed likely ports are the rule: list the open ones, count the rest
            for (ConnectAttempt a : scan.attempts()) {
                if (scan.spoken().containsKey(a.port())) {
                    out.append(row("scan", a.endpoint(), text(ServerSpeech.describe(scan.spoken().get(a.port()))),
                            a.elapsedMs()));
                }
            }
            out.append("  ").append(cli("report.scan", scan.attempts().size(), scan.openPorts().size())).append('\n');
        });
    }

    private static String result(ConnectAttempt a) {
        return a.outcome().id() + (a.detail().isEmpty() || a.detail().equals("connected") ? "" : " (" + a.detail() + ")");
    }

    /**
     * The verdict line's key. It must agree with the causes: a connection that opened to the wrong
     * place (or to a place that could not prove it is the right one) has the symptom "ok", every
     * stage worked, yet the diagnosis failed, and "the connection works" above a cause would
     * contradict it.
     */
    static String verdictKey(Diagnosis d) {
        // a connection that worked, then broke while held: the verdict says it opened first
        java.util.Optional<LifetimeOutcome> held = d.evidence().lifetime().map(LifetimeOutcome::of)
                .filter(o -> o != LifetimeOutcome.HELD);
        if (held.isPresent() && d.evidence().exchange().flatMap(dev.conndoctor.rules.ProtocolOutcome::failure).isEmpty()) {
            return "verdict.held." + held.get().id();
        }
        if (d.ok() || d.symptom() != Symptom.OK) {
            return "verdict." + d.symptom().id();
        }
        boolean proofDoesNotVerify = d.evidence().proof().filter(p -> p.answered() && !p.verified()).isPresent();
        return proofDoesNotVerify ? "verdict.proof-not-verified" : "verdict.not-the-server";
    }

    /** One probe's line; what it shows came from the network, so it is cleaned like any other. */
    private static String row(String kind, String what, String result, long ms) {
        return String.format(Locale.ROOT, "  %-9s %-28s %6d ms  %s%n", TerminalText.clean(kind), TerminalText.clean(what),
                ms, TerminalText.clean(result));
    }

    /** A sentence of the library, its arguments cleaned. */
    private String text(Text text) {
        return TerminalText.render(text, locale);
    }

    /** A sentence of the CLI's bundle, its arguments cleaned. */
    private String cli(String key, Object... args) {
        return TerminalText.render(Text.of(key, args), BUNDLE, locale);
    }
}
