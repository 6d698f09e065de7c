package dev.conndoctor.cli.render;

import dev.conndoctor.net.Endpoints;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.Cause;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.CdnSighting;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.evidence.ProxyPath;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.protocol.Sniffed;
import dev.conndoctor.describe.ServerSpeech;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.HostLiveness;
import dev.conndoctor.evidence.Lifetime;
import dev.conndoctor.evidence.LifetimeOutcome;
import dev.conndoctor.evidence.LocalListeners;
import dev.conndoctor.evidence.PortUsage;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Renders a diagnosis as the JSON document of design §5 ({@code conndoctor.diagnosis/1}):
 * the contract fields first, then the evidence in detail. Texts are rendered in the chosen
 * language; ids and field names never are.
 */
public final class JsonRenderer {
    static final String SCHEMA = "conndoctor.diagnosis/1";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final Locale locale;

    public JsonRenderer(Locale locale) {
        this.locale = locale;
    }

    public String render(Diagnosis diagnosis) {
        try {
            return MAPPER.writeValueAsString(tree(diagnosis));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code tree} on one line, for a stream of documents (one per line). */
    public static String compact(ObjectNode tree) {
        try {
            return COMPACT.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ObjectNode tree(Diagnosis d) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", SCHEMA);
        root.putObject("tool").put("name", "conndoctor").put("version", ConnDoctor.version());
        root.set("target", target(d.target()));
        root.put("outcome", d.outcome().id());
        root.put("symptom", d.symptom().id());
        ArrayNode causes = root.putArray("causes");
        d.causes().forEach(c -> causes.add(cause(c)));
        ArrayNode ruledOut = root.putArray("ruledOut");
        for (RuledOut r : d.ruledOut()) {
            ruledOut.addObject().put("id", r.id().id()).put("why", text(r.why()));
        }
        texts(root.putArray("warnings"), d.warnings());
        d.evidence().exchange().ifPresent(x -> root.put("speaks", text(ServerSpeech.describe(x))));
        root.set("probes", probes(d.evidence()));
        d.evidence().exchange().ifPresent(x -> root.set("protocol", exchange(x)));
        d.evidence().lifetime().ifPresent(l -> root.set("lifetime", lifetime(l)));
        root.set("resolution", resolution(d.evidence().reach().resolution()));
        d.evidence().local().listeners().ifPresent(l -> root.set("localListeners", listeners(l)));
        d.evidence().local().portUsage().ifPresent(u -> root.set("portUsage", portUsage(u)));
        d.evidence().path().dns().ifPresent(dns -> root.set("dns", dns(dns)));
        if (!d.evidence().path().expectedAddresses().isEmpty()) {
            ArrayNode expected = root.putArray("expectedAddresses");
            d.evidence().path().expectedAddresses().forEach(a -> expected.add(Endpoints.text(a)));
        }
        if (!d.evidence().path().cdn().isEmpty()) {
            ArrayNode cdn = root.putArray("cdn");
            for (CdnSighting s : d.evidence().path().cdn()) {
                ObjectNode node = cdn.addObject().put("provider", s.provider()).put("how", s.how())
                        .put("what", s.what()).put("forwardedPorts", s.forwardedPorts());
                s.portForwarded().ifPresent(f -> node.put("portForwarded", f));
            }
        }
        d.evidence().path().proxy().ifPresent(p -> root.set("proxy", proxy(p)));
        d.evidence().proof().ifPresent(p -> {
            ObjectNode proof = root.putObject("proof").put("verified", p.verified()).put("answered", p.answered());
            p.seenAs().ifPresentOrElse(s -> proof.put("seenAs", s), () -> proof.putNull("seenAs"));
            proof.put("seenAsThisMachine", p.seenAsLocal());
        });
        ArrayNode unreadable = root.putArray("unreadable");
        d.evidence().local().unreadable().forEach(unreadable::add);
        root.put("timeoutMs", d.evidence().timeout().toMillis());
        root.put("elapsedMs", d.elapsedMs());
        return root;
    }

    private ObjectNode target(Target t) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("input", t.input()).put("scheme", t.scheme().id()).put("host", t.host()).put("port", t.port());
        t.pathIfAny().ifPresent(p -> node.put("path", p));
        return node;
    }

    private ObjectNode cause(Cause c) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", c.id().id()).put("confidence", c.confidence().id()).put("summary", text(c.summary()));
        texts(node.putArray("evidence"), c.evidence());
        texts(node.putArray("fixes"), c.fixes());
        return node;
    }

    private ArrayNode probes(Evidence e) {
        ArrayNode probes = MAPPER.createArrayNode();
        Resolution r = e.reach().resolution();
        if (!r.literal()) {
            probes.addObject().put("kind", "dns").put("host", r.host())
                    .put("result", r.failure().map(f -> f.id()).orElse("resolved"))
                    .put("elapsedMs", r.elapsedMs());
        }
        for (ConnectAttempt a : e.reach().attempts()) {
            ObjectNode node = attempt("tcp", a);
            // how a timeout was judged before the timeout ran out: the attempts, the host's round trip, the wait
            e.reach().silenceOf(a).ifPresent(s -> node.putObject("silence").put("attempts", s.attempts())
                    .put("rttMs", s.rttMillis()).put("rttFrom", s.byNeighbour() ? "neighbour" : "port").put("rttPort", s.rttPort()).put("waitedMs", s.waited().toMillis())
                    .put("retransmitMs", s.retransmit().toMillis()).put("conclusive", s.conclusive()));
            probes.add(node);
        }
        for (HostLiveness l : e.reach().liveness()) {
            l.attempts().forEach(a -> probes.add(attempt("tcp-liveness", a)));
        }
        e.portScan().ifPresent(scan -> scan.attempts().forEach(a -> {
            ObjectNode node = attempt("tcp-scan", a);
            Optional.ofNullable(scan.spoken().get(a.port())).ifPresent(x -> node.put("speaks", text(ServerSpeech.describe(x))));
            probes.add(node);
        }));
        return probes;
    }

    private static ObjectNode exchange(ProtocolExchange x) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("scheme", x.scheme().id()).put("address", Endpoints.text(x.address())).put("port", x.port());
        x.tls().ifPresent(t -> node.set("tls", tls(t)));
        x.banner().ifPresent(b -> node.set("banner", sniffed(b)));
        node.put("sent", x.request()).put("reply", x.reply().id());
        x.sniffed().ifPresent(sn -> node.set("answer", sniffed(sn)));
        x.http().ifPresent(h -> {
            ObjectNode http = node.putObject("http");
            http.put("statusLine", h.statusLine()).put("status", h.status());
            ObjectNode headers = http.putObject("headers");
            h.headers().forEach(e -> headers.put(e.getKey(), e.getValue()));
            http.put("bodyPreview", x.bodyPreview());
        });
        x.websocket().ifPresent(v -> {
            ObjectNode ws = node.putObject("websocket");
            ws.put("valid", v.ok());
            v.failed().ifPresent(f -> ws.put("failedField", f.id()).put("expected", v.expected()).put("actual", v.actual()));
        });
        x.pingAnswered().ifPresent(p -> node.put("pingAnswered", p));
        x.tlsFollowUp().ifPresent(t -> node.set("tlsFollowUp", tls(t)));
        x.plainFollowUp().ifPresent(p -> node.set("plainFollowUp", sniffed(p)));
        // connections that sent nothing, and how many the port closed at once without a byte
        x.closedOnAccept().ifPresent(c -> node.putObject("closedOnAccept").put("tries", c.tries())
                .put("closedAtOnce", c.closedAtOnce()).put("slowestMs", c.slowestMs()).put("waitedMs", c.waitedMs()));
        node.put("elapsedMs", x.elapsedMs());
        return node;
    }

    /**
     * The {@code lifetime} object of design §5 ({@code --hold}): its contract fields first, then the
     * outcome, the plan and the timeline. Absent values are null, never left out.
     */
    static ObjectNode lifetime(Lifetime l) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("heldMs", l.heldMs()).put("closedBy", l.closedBy().id());
        if (l.closedAfterMs().isPresent()) {
            node.put("closedAfterMs", l.closedAfterMs().getAsLong());
        } else {
            node.putNull("closedAfterMs");
        }
        node.put("how", l.how().id());
        if (l.closeCode().isPresent()) {
            node.put("closeCode", l.closeCode().getAsInt()).put("closeReason", l.closeReason());
        } else {
            node.putNull("closeCode").putNull("closeReason");
        }
        node.put("pingsSent", l.pingsSent()).put("pongsReceived", l.pongsReceived())
                .put("idleBeforeCloseMs", l.idleBeforeCloseMs())
                .put("outcome", LifetimeOutcome.of(l).id()).put("ended", l.ended().id())
                .put("plannedMs", l.planned().toMillis()).put("pingEveryMs", l.pingEvery().toMillis())
                .put("framesReceived", l.framesReceived()).put("bytesReceived", l.bytesReceived());
        ArrayNode timeline = node.putArray("timeline");
        for (Lifetime.Event e : l.timeline()) {
            timeline.addObject().put("atMs", e.atMs()).put("event", e.kind().id()).put("detail", e.detail());
        }
        node.put("eventsLeftOut", l.eventsLeftOut());
        return node;
    }

    private static ObjectNode dns(DnsEvidence dns) {
        ObjectNode node = MAPPER.createObjectNode().put("name", dns.name());
        ArrayNode hosts = node.putArray("hostsFile");
        dns.hostsFile().forEach(a -> hosts.add(Endpoints.text(a)));
        ArrayNode servers = node.putArray("nameservers");
        dns.nameservers().forEach(servers::add);
        ArrayNode answers = node.putArray("answers");
        for (NameserverAnswer a : dns.answers()) {
            ObjectNode answer = answers.addObject().put("server", a.server()).put("type", a.type());
            a.rcode().ifPresent(r -> answer.put("rcode", r));
            a.error().ifPresent(e -> answer.put("error", e));
            ArrayNode records = answer.putArray("records");
            for (DnsRecord r : a.records()) {
                records.addObject().put("name", r.name()).put("type", r.type()).put("ttl", r.ttl()).put("data", r.data());
            }
            answer.put("elapsedMs", a.elapsedMs());
        }
        return node;
    }

    private static ObjectNode proxy(ProxyPath p) {
        ObjectNode node = MAPPER.createObjectNode();
        p.decision().proxy().ifPresentOrElse(u -> node.put("proxy", u.text()), () -> node.putNull("proxy"));
        node.put("variable", p.decision().variable());
        p.decision().configured().ifPresent(u -> node.put("configured", u.text()));
        p.decision().bypassedBy().ifPresent(b -> node.put("bypassedBy", b));
        ArrayNode jvm = node.putArray("jvmProperties");
        p.decision().jvmProperties().forEach(jvm::add);
        p.attempt().ifPresent(a -> node.putObject("tunnel").put("kind", a.proxy().kind().id())
                .put("result", a.result().id()).put("status", a.status()).put("detail", a.detail())
                .put("elapsedMs", a.elapsedMs()));
        return node;
    }

    private static ObjectNode sniffed(Sniffed s) {
        return MAPPER.createObjectNode().put("speaks", s.speech().id()).put("label", s.label()).put("preview", s.preview());
    }

    private static ObjectNode tls(TlsOutcome t) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("established", t.established()).put("sni", t.sni()).put("insecure", t.insecure());
        t.protocol().ifPresent(p -> node.put("version", p));
        t.cipher().ifPresent(c -> node.put("cipher", c));
        t.problem().ifPresent(p -> node.put("problem", p.id()).put("detail", t.detail()));
        ArrayNode chain = node.putArray("chain");
        for (CertificateFacts c : t.chain()) {
            ObjectNode cert = chain.addObject();
            cert.put("subject", c.subject()).put("issuer", c.issuer());
            ArrayNode sans = cert.putArray("subjectAltNames");
            c.subjectAltNames().forEach(sans::add);
            cert.put("notBefore", c.notBefore().toString()).put("notAfter", c.notAfter().toString());
        }
        return node;
    }

    private static ObjectNode attempt(String kind, ConnectAttempt a) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("kind", kind).put("address", Endpoints.text(a.address())).put("port", a.port())
                .put("result", a.outcome().id()).put("elapsedMs", a.elapsedMs()).put("detail", a.detail());
        return node;
    }

    private static ObjectNode resolution(Resolution r) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("host", r.host()).put("literal", r.literal());
        ArrayNode addresses = node.putArray("addresses");
        for (ResolvedAddress a : r.addresses()) {
            addresses.addObject().put("address", a.text()).put("family", a.family()).put("class", a.addressClass().id());
        }
        // how the addresses are ordered: clients that dial only the first one depend on it
        node.put("order", r.order().id());
        r.failure().ifPresent(f -> node.put("failure", f.id()).put("detail", r.detail()));
        node.put("elapsedMs", r.elapsedMs());
        return node;
    }

    private static ObjectNode listeners(LocalListeners l) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("dialled", Endpoints.text(l.dialled())).put("port", l.port());
        ArrayNode list = node.putArray("listeners");
        for (SocketEntry s : l.listeners()) {
            list.addObject().put("address", Endpoints.text(s.localAddress())).put("port", s.localPort())
                    .put("family", s.ipv6Table() ? "tcp6" : "tcp").put("uid", s.uid()).put("inode", s.inode());
        }
        return node;
    }

    private static ObjectNode portUsage(PortUsage u) {
        ObjectNode node = MAPPER.createObjectNode();
        node.putArray("localPortRange").add(u.rangeLow()).add(u.rangeHigh());
        node.put("tcpTwReuse", u.tcpTwReuse())
                .put("destination", Endpoints.text(u.destination())).put("destinationPort", u.destinationPort())
                .put("heldToDestination", u.heldToDestination());
        ObjectNode states = node.putObject("statesToDestination");
        for (TcpState state : TcpState.values()) {
            if (u.count(state) > 0) {
                states.put(state.label(), u.count(state));
            }
        }
        node.put("timeWaitTotal", u.timeWaitTotal());
        return node;
    }

    private void texts(ArrayNode array, List<Text> texts) {
        texts.forEach(t -> array.add(text(t)));
    }

    private String text(Text t) {
        return t.render(locale);
    }
}
