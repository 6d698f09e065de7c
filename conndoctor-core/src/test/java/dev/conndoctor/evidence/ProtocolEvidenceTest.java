package dev.conndoctor.evidence;

import static dev.conndoctor.TestResources.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Scheme;
import dev.conndoctor.protocol.HttpResponseHead;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The small readings the protocol evidence records offer the rules. */
class ProtocolEvidenceTest {

    private static final Instant FROM = Instant.parse("2025-01-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2025-12-31T23:59:59Z");

    // --- CertificateFacts

    @Test
    void certificateIsValidFromNotBeforeToNotAfterInclusive() {
        CertificateFacts cert = new CertificateFacts("CN=a", "CN=ca", List.of("a.example"), FROM, TO);

        assertThat(cert.validAt(FROM)).isTrue();
        assertThat(cert.validAt(TO)).isTrue();
        assertThat(cert.validAt(Instant.parse("2025-06-01T00:00:00Z"))).isTrue();
        assertThat(cert.validAt(FROM.minusSeconds(1))).isFalse();
        assertThat(cert.validAt(TO.plusSeconds(1))).isFalse();
    }

    @Test
    void certificateIssuedByItsOwnSubjectIsSelfIssued() {
        assertThat(new CertificateFacts("CN=a", "CN=a", List.of(), FROM, TO).selfIssued()).isTrue();
        assertThat(new CertificateFacts("CN=a", "CN=ca", List.of(), FROM, TO).selfIssued()).isFalse();
    }

    @Test
    void certificateNamesAreCopied() {
        List<String> names = new ArrayList<>(List.of("a.example"));
        CertificateFacts cert = new CertificateFacts("CN=a", "CN=a", names, FROM, TO);
        names.add("b.example");

        assertThat(cert.subjectAltNames()).containsExactly("a.example");
    }

    // --- TlsOutcome

    @Test
    void leafIsTheFirstCertificateOfTheChain() {
        CertificateFacts leaf = new CertificateFacts("CN=leaf", "CN=ca", List.of(), FROM, TO);
        CertificateFacts ca = new CertificateFacts("CN=ca", "CN=ca", List.of(), FROM, TO);

        assertThat(failed(TlsProblem.UNTRUSTED, List.of(leaf, ca)).leaf()).contains(leaf);
        assertThat(failed(TlsProblem.CLOSED, List.of()).leaf()).isEmpty();
    }

    @Test
    void failedWithNamesOnlyTheRecordedProblem() {
        TlsOutcome tls = failed(TlsProblem.NAME_MISMATCH, List.of());

        assertThat(tls.failedWith(TlsProblem.NAME_MISMATCH)).isTrue();
        assertThat(tls.failedWith(TlsProblem.UNTRUSTED)).isFalse();
        assertThat(new TlsOutcome(true, "", Optional.of("TLSv1.3"), Optional.of("TLS_AES_128_GCM_SHA256"), List.of(),
                Optional.empty(), "", false, FROM).failedWith(TlsProblem.OTHER)).isFalse();
    }

    // --- ProtocolExchange

    @Test
    void exchangeKnowsItsEndpointStatusAndTlsFailure() {
        byte[] raw = "HTTP/1.1 404 Not Found\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        ProtocolExchange x = exchange(Scheme.WSS, "2001:db8::10", Optional.of(failed(TlsProblem.UNTRUSTED, List.of())),
                HttpResponseHead.parse(raw, raw.length));

        assertThat(x.endpoint()).isEqualTo("[2001:db8::10]:8443");
        assertThat(x.status()).isEqualTo(404);
        assertThat(x.tlsFailed()).isTrue();
    }

    @Test
    void exchangeWithoutHttpHasNoStatusAndWithoutTlsNoTlsFailure() {
        ProtocolExchange x = exchange(Scheme.WS, "192.0.2.10", Optional.empty(), Optional.empty());

        assertThat(x.status()).isEqualTo(-1);
        assertThat(x.tlsFailed()).isFalse();
    }

    @Test
    void establishedTlsIsNotATlsFailure() {
        TlsOutcome ok = new TlsOutcome(true, "", Optional.of("TLSv1.3"), Optional.empty(), List.of(), Optional.empty(),
                "", false, FROM);

        assertThat(exchange(Scheme.WSS, "192.0.2.10", Optional.of(ok), Optional.empty()).tlsFailed()).isFalse();
    }

    // --- PortScan

    @Test
    void openPortsAreThoseThatConnectedInScanOrder() {
        PortScan scan = new PortScan(ip("192.0.2.10"), List.of(
                new ConnectAttempt(ip("192.0.2.10"), 8283, ConnectOutcome.REFUSED, 1, "Connection refused"),
                new ConnectAttempt(ip("192.0.2.10"), 8443, ConnectOutcome.CONNECTED, 2, "connected"),
                new ConnectAttempt(ip("192.0.2.10"), 80, ConnectOutcome.CONNECTED, 1, "connected"),
                new ConnectAttempt(ip("192.0.2.10"), 8080, ConnectOutcome.TIMEOUT, 500, "no answer")), Map.of());

        assertThat(scan.openPorts()).containsExactly(8443, 80);
    }

    @Test
    void scanCopiesWhatItIsGiven() {
        List<ConnectAttempt> attempts = new ArrayList<>();
        Map<Integer, ProtocolExchange> spoken = new HashMap<>();
        PortScan scan = new PortScan(ip("192.0.2.10"), attempts, spoken);
        attempts.add(new ConnectAttempt(ip("192.0.2.10"), 80, ConnectOutcome.CONNECTED, 1, "connected"));
        spoken.put(80, exchange(Scheme.WS, "192.0.2.10", Optional.empty(), Optional.empty()));

        assertThat(scan.attempts()).isEmpty();
        assertThat(scan.spoken()).isEmpty();
    }

    @Test
    void replyIdsAreKebabCase() {
        assertThat(Reply.NOT_SENT.id()).isEqualTo("not-sent");
        assertThat(Reply.EOF.id()).isEqualTo("eof");
    }

    private static TlsOutcome failed(TlsProblem problem, List<CertificateFacts> chain) {
        return new TlsOutcome(false, "", Optional.empty(), Optional.empty(), chain, Optional.of(problem), "detail", false,
                FROM);
    }

    private static ProtocolExchange exchange(Scheme scheme, String address, Optional<TlsOutcome> tls,
                                             Optional<HttpResponseHead> http) {
        return new ProtocolExchange(scheme, ip(address), 8443, tls, Optional.empty(), "GET / HTTP/1.1", Reply.DATA,
                Optional.empty(), http, "", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 5);
    }
}
