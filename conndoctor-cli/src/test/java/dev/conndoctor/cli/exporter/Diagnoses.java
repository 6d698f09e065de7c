package dev.conndoctor.cli.exporter;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.evidence.CertificateFacts;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ConnectOutcome;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.evidence.ProtocolExchange;
import dev.conndoctor.evidence.Reach;
import dev.conndoctor.evidence.Reply;
import dev.conndoctor.evidence.Resolution;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.TlsOutcome;
import dev.conndoctor.protocol.HttpResponseHead;
import dev.conndoctor.protocol.WebSocketHandshake;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Diagnoses built by hand, as the library would make them, for tests of what the exporter reads off them. */
final class Diagnoses {

    private final Target target;
    private final List<ResolvedAddress> addresses = new ArrayList<>();
    private final List<ConnectAttempt> attempts = new ArrayList<>();
    private final List<Cause> causes = new ArrayList<>();
    private long resolveMs;
    private Optional<ProtocolExchange> exchange = Optional.empty();
    private Outcome outcome = Outcome.OK;
    private Symptom symptom = Symptom.OK;

    private Diagnoses(Target target) {
        this.target = target;
    }

    static Diagnoses of(String target) {
        return new Diagnoses(Target.parse(target));
    }

    static InetAddress ip(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    Diagnoses resolvedIn(long ms, String... literals) {
        resolveMs = ms;
        for (String literal : literals) {
            addresses.add(ResolvedAddress.of(ip(literal)));
        }
        return this;
    }

    Diagnoses attempt(String literal, ConnectOutcome outcome, long ms) {
        attempts.add(new ConnectAttempt(ip(literal), target.port(), outcome, ms, outcome.id()));
        return this;
    }

    Diagnoses failed(Symptom failedAt, CauseId... ids) {
        outcome = Outcome.FAILED;
        symptom = failedAt;
        for (CauseId id : ids) {
            causes.add(Cause.builder(id, Confidence.LIKELY).build());
        }
        return this;
    }

    Diagnoses cause(CauseId id, Confidence confidence) {
        causes.add(Cause.builder(id, confidence).build());
        return this;
    }

    /** An HTTP answer from {@code literal}, after {@code ms} of exchange, over {@code tls} when given. */
    Diagnoses answered(String literal, String head, long ms, Optional<TlsOutcome> tls) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        Optional<HttpResponseHead> parsed = HttpResponseHead.parse(bytes, bytes.length);
        exchange = Optional.of(new ProtocolExchange(target.scheme(), ip(literal), target.port(), tls, Optional.empty(),
                "GET / HTTP/1.1", Reply.DATA, Optional.empty(), parsed, "", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), ms));
        return this;
    }

    /** A WebSocket answer {@code head}, the handshake judged valid or not. */
    Diagnoses upgraded(String literal, String head, boolean valid) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        Optional<HttpResponseHead> parsed = HttpResponseHead.parse(bytes, bytes.length);
        WebSocketHandshake.Verification verification = valid
                ? new WebSocketHandshake.Verification(Optional.empty(), "", "")
                : new WebSocketHandshake.Verification(Optional.of(WebSocketHandshake.Field.STATUS), "101", "200");
        exchange = Optional.of(new ProtocolExchange(target.scheme(), ip(literal), target.port(), Optional.empty(),
                Optional.empty(), "GET / HTTP/1.1", Reply.DATA, Optional.empty(), parsed, "",
                Optional.of(verification), Optional.of(valid), Optional.empty(), Optional.empty(), 3));
        return this;
    }

    /** A plain connection with nothing said (tcp, tls). */
    Diagnoses spoke(String literal, Optional<TlsOutcome> tls) {
        exchange = Optional.of(new ProtocolExchange(target.scheme(), ip(literal), target.port(), tls, Optional.empty(),
                "", Reply.NOT_SENT, Optional.empty(), Optional.empty(), "", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 2));
        return this;
    }

    static TlsOutcome tls(boolean established, String protocol, Instant... notAfters) {
        List<CertificateFacts> chain = new ArrayList<>();
        for (Instant notAfter : notAfters) {
            chain.add(new CertificateFacts("CN=x", "CN=ca", List.of("x"), notAfter.minus(Duration.ofDays(90)), notAfter));
        }
        return new TlsOutcome(established, "x", Optional.of(protocol), Optional.of("TLS_AES_128_GCM_SHA256"), chain,
                Optional.empty(), "", false, Instant.parse("2026-01-01T00:00:00Z"));
    }

    Diagnosis build() {
        Resolution resolution = target.hostIsLiteral() ? Resolution.literal(target.host(), addresses.get(0))
                : Resolution.resolved(target.host(), addresses, resolveMs);
        Evidence evidence = Evidence.builder(target, Duration.ofSeconds(1))
                .reach(new Reach(resolution, attempts, List.of()))
                .exchange(exchange)
                .build();
        return new Diagnosis(target, outcome, symptom, causes, List.of(), List.of(), evidence, 42);
    }
}
