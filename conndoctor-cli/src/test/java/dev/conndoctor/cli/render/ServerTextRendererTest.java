package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.PortReport;
import dev.conndoctor.RuledOut;
import dev.conndoctor.ServerReport;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.ServerEvidence;
import dev.conndoctor.firewall.FirewallRule;
import dev.conndoctor.firewall.FirewallVerdict;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The human report of {@code conndoctor server}: a local process may name itself with escapes,
 * a firewall rule's comment holds anything; neither reaches the terminal.
 */
class ServerTextRendererTest {

    @Test
    void aProcessNamedWithEscapesAndAFirewallCommentWithEscapesAreShownNotObeyed() throws Exception {
        InetAddress any = InetAddress.getByName("0.0.0.0");
        Listener listener = new Listener(any, 8282, "ipv4", 1, 0, 511, Optional.of(new ProcessInfo(4242,
                "node" + Hostile.ALL, "node server.js", Optional.empty(), Optional.empty())));
        FirewallRule rule = new FirewallRule("filter", "INPUT", 1, "tcp", List.of(), List.of(), "DROP", Optional.empty(),
                false, "-A INPUT -p tcp --dport 8282 -m comment --comment \"" + Hostile.ALL + "\" -j DROP");
        FirewallVerdict verdict = new FirewallVerdict("iptables" + Hostile.ALL, "INPUT", FirewallVerdict.Decision.DROPPED,
                List.of(rule), "ACCEPT" + Hostile.ALL, false);
        Cause cause = Cause.builder(CauseId.HOST_FIREWALL, Confidence.CONFIRMED, "8282")
                .evidence("evidence.server-report-firewall-some", "8282", Hostile.ALL)
                .fix("fix.wrong-address.dial", Hostile.ALL)
                .build();
        PortReport port = new PortReport(8282, List.of(listener), List.of(verdict), List.of(cause),
                List.of(RuledOut.of(CauseId.FD_LIMIT, "evidence.server-report-firewall-some", "1", Hostile.ALL)),
                List.of());
        ServerEvidence evidence = new ServerEvidence(List.of(8282), List.of(listener), Optional.empty(), List.of(),
                List.of(), Optional.empty(), false, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, Map.of(), List.of(), List.of("/proc/4242/fd" + Hostile.ALL));

        String out = new ServerTextRenderer(Locale.ROOT, new Style(false)).render(new ServerReport(List.of(port), evidence, 3));

        assertThat(out).contains("node").contains("--comment").contains("/proc/4242/fd");
        Hostile.assertSafe(out);
    }
}
