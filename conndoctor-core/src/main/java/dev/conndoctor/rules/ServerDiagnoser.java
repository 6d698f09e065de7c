package dev.conndoctor.rules;

import dev.conndoctor.PortReport;
import dev.conndoctor.ServerReport;
import dev.conndoctor.evidence.server.ServerEvidence;
import dev.conndoctor.rules.server.FirewallRules;
import dev.conndoctor.rules.server.ListenerRules;
import dev.conndoctor.rules.server.LoadRules;
import dev.conndoctor.rules.server.ServerRule;

import dev.conndoctor.Cause;
import dev.conndoctor.RuledOut;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Turns what the server knows about itself into a report per port. Pure. */
public final class ServerDiagnoser {

    /** Every server rule, most specific first: ties of confidence go to the earlier rule. */
    public static final List<ServerRule> RULES = List.of(
            new ListenerRules.NotListening(),
            new ListenerRules.LoopbackOnly(),
            new FirewallRules.PanelFirewall(),
            new FirewallRules.HostFirewall(),
            new LoadRules.FdLimit(),
            new LoadRules.AcceptBacklogOverflow(),
            new ListenerRules.SpecificAddress());

    public ServerReport diagnose(ServerEvidence evidence, long elapsedMs) {
        List<PortReport> ports = new ArrayList<>();
        for (int port : evidence.ports()) {
            List<Cause> causes = new ArrayList<>();
            List<RuledOut> ruledOut = new ArrayList<>();
            for (ServerRule rule : RULES) {
                Verdict verdict = rule.evaluate(evidence, port);
                if (verdict instanceof Verdict.Found found) {
                    causes.add(found.cause());
                } else if (verdict instanceof Verdict.Excluded excluded) {
                    ruledOut.add(excluded.ruledOut());
                }
            }
            causes.sort(Comparator.comparing(Cause::confidence));
            ports.add(new PortReport(port, evidence.listenersOn(port), FirewallRules.inbound(evidence, port), causes,
                    ruledOut, evidence.selfCheck().getOrDefault(port, List.of())));
        }
        return new ServerReport(ports, evidence, elapsedMs);
    }
}
