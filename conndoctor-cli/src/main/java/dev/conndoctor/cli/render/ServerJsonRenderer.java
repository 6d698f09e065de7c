package dev.conndoctor.cli.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.Cause;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.firewall.FirewallRule;
import dev.conndoctor.firewall.FirewallVerdict;
import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelFinding;
import dev.conndoctor.evidence.server.PanelRule;
import dev.conndoctor.PortReport;
import dev.conndoctor.evidence.server.ServerEvidence;
import dev.conndoctor.ServerReport;
import java.io.UncheckedIOException;
import java.util.Locale;

/** Renders a server report as {@code conndoctor.server/1}: per port, listeners, firewall and panel findings and causes. */
public final class ServerJsonRenderer {
    static final String SCHEMA = "conndoctor.server/1";
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Locale locale;

    public ServerJsonRenderer(Locale locale) {
        this.locale = locale;
    }

    public String render(ServerReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.putObject("tool").put("name", "conndoctor").put("version", ConnDoctor.version());
        ArrayNode ports = root.putArray("ports");
        report.ports().forEach(p -> ports.add(port(p, report.evidence())));
        ServerEvidence e = report.evidence();
        ObjectNode host = root.putObject("host");
        e.somaxconn().ifPresent(v -> host.put("somaxconn", v));
        e.listenOverflows().ifPresent(v -> host.put("listenOverflows", v));
        e.listenDrops().ifPresent(v -> host.put("listenDrops", v));
        host.put("timeWaitTotal", e.timeWaitTotal());
        e.bindV6Only().ifPresent(v -> host.put("bindv6only", v));
        ArrayNode sources = host.putArray("firewallsRead");
        e.firewallSources().forEach(sources::add);
        e.ufwEnabled().ifPresent(v -> host.put("ufwEnabled", v));
        host.put("firewalldRunning", e.firewalldRunning());
        e.panel().ifPresent(v -> host.put("panel", v));
        ArrayNode panels = host.putArray("panels");
        e.panels().forEach(p -> panels.add(panel(p)));
        ArrayNode unreadable = root.putArray("unreadable");
        e.unreadable().forEach(unreadable::add);
        root.put("elapsedMs", report.elapsedMs());
        try {
            return MAPPER.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private ObjectNode port(PortReport p, ServerEvidence e) {
        ObjectNode node = MAPPER.createObjectNode().put("port", p.port());
        if (p.localOnly()) {
            node.put("localOnly", true); // listed, not judged: loopback only, and nobody asked about this port
        }
        ArrayNode listeners = node.putArray("listeners");
        for (Listener l : p.listeners()) {
            ObjectNode ln = listeners.addObject().put("address", Endpoints.text(l.address())).put("port", l.port())
                    .put("family", l.family());
            l.process().ifPresentOrElse(proc -> ln.put("pid", proc.pid()).put("process", proc.name())
                    .put("commandLine", proc.commandLine()), () -> ln.putNull("pid").putNull("process"));
            // why no owner was named: a process root cannot read, or one in another PID namespace
            l.ownerUnseen().ifPresent(why -> ln.put("ownerUnseen", why));
            ln.put("queued", l.queued());
            if (l.backlog() >= 0) {
                ln.put("backlog", l.backlog());
            }
        }
        ArrayNode firewall = node.putArray("firewall");
        for (FirewallVerdict v : p.firewall()) {
            ObjectNode fv = firewall.addObject().put("source", v.source()).put("direction", v.direction())
                    .put("decision", v.decision().id()).put("policy", v.policy()).put("decidedByPolicy", v.policyDecided());
            ArrayNode rules = fv.putArray("rules");
            for (FirewallRule r : v.decided()) {
                rules.addObject().put("table", r.table()).put("chain", r.chain()).put("position", r.position())
                        .put("rule", r.text());
            }
        }
        // what each hosting panel's own list says of the port
        ArrayNode panels = node.putArray("panels");
        for (PanelFinding panel : e.panels()) {
            PanelFinding.Port verdict = panel.port(p.port());
            ObjectNode pn = panels.addObject().put("name", panel.kind().id()).put("status", verdict.status().id());
            ArrayNode rules = pn.putArray("rules");
            verdict.deciding().forEach(r -> rules.add(r.describe()));
        }
        ArrayNode causes = node.putArray("causes");
        for (Cause c : p.causes()) {
            ObjectNode cn = causes.addObject().put("id", c.id().id()).put("confidence", c.confidence().id())
                    .put("summary", text(c.summary()));
            ArrayNode ev = cn.putArray("evidence");
            c.evidence().forEach(t -> ev.add(text(t)));
            ArrayNode fixes = cn.putArray("fixes");
            c.fixes().forEach(t -> fixes.add(text(t)));
        }
        ArrayNode ruledOut = node.putArray("ruledOut");
        for (RuledOut r : p.ruledOut()) {
            ruledOut.addObject().put("id", r.id().id()).put("why", text(r.why()));
        }
        ArrayNode self = node.putArray("selfCheck");
        for (ConnectAttempt a : p.selfCheck()) {
            self.addObject().put("address", Endpoints.text(a.address())).put("result", a.outcome().id())
                    .put("elapsedMs", a.elapsedMs());
        }
        return node;
    }

    /** A panel found on the host: the firewall it drives, its list as read, the addresses it denies. */
    private static ObjectNode panel(PanelFinding p) {
        ObjectNode node = MAPPER.createObjectNode().put("name", p.kind().id()).put("label", p.kind().label())
                .put("home", p.home());
        p.drives().ifPresentOrElse(d -> node.put("drives", d), () -> node.putNull("drives"));
        p.firewallOn().ifPresentOrElse(on -> node.put("firewallOn", on), () -> node.putNull("firewallOn"));
        node.put("testing", p.testing());
        p.source().ifPresent(s -> node.put("source", s));
        p.unreadable().ifPresent(s -> node.put("unreadable", s));
        ArrayNode rules = node.putArray("rules");
        for (PanelRule r : p.rules()) {
            rules.addObject().put("ports", r.spec()).put("from", r.fromPort()).put("to", r.toPort())
                    .put("protocol", r.protocol()).put("action", r.accept() ? "accept" : "drop")
                    .put("source", r.source()).put("note", r.note());
        }
        ArrayNode denied = node.putArray("denied");
        for (PanelDeny d : p.denied()) {
            ObjectNode dn = denied.addObject().put("source", d.source());
            d.port().ifPresentOrElse(port -> dn.put("port", port), () -> dn.putNull("port"));
            dn.put("comment", d.comment()).put("lfd", d.byLfd());
        }
        node.put("deniedTotal", Math.max(p.deniedTotal(), p.denied().size()));
        return node;
    }

    private String text(Text t) {
        return t.render(locale);
    }
}
