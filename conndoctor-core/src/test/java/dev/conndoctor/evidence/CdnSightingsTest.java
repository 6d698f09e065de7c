package dev.conndoctor.evidence;

import dev.conndoctor.config.CdnCatalog;

import static dev.conndoctor.TestResources.ip;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Scheme;
import dev.conndoctor.protocol.HttpResponseHead;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CdnSightingsTest {

    private static final CdnCatalog CATALOG = CdnCatalog.embedded();

    private static Resolution resolved(String... addresses) {
        return Resolution.resolved("www.example.test",
                Arrays.stream(addresses).map(a -> ResolvedAddress.of(ip(a))).toList(), 5);
    }

    private static Optional<DnsEvidence> cnameChain(String... chain) {
        List<DnsRecord> records = new java.util.ArrayList<>();
        String owner = "www.example.test";
        for (String target : chain) {
            records.add(new DnsRecord(owner, "CNAME", 300, target));
            owner = target;
        }
        records.add(new DnsRecord(owner, "A", 60, "192.0.2.10"));
        return Optional.of(new DnsEvidence("www.example.test", List.of(), List.of("192.0.2.53"),
                List.of(new NameserverAnswer("192.0.2.53", "A", Optional.of("NOERROR"), records, 4, Optional.empty()))));
    }

    private static Optional<ProtocolExchange> httpReply(String head) {
        byte[] bytes = head.getBytes(StandardCharsets.ISO_8859_1);
        Optional<HttpResponseHead> http = HttpResponseHead.parse(bytes, bytes.length);
        assertThat(http).as("a complete head").isPresent();
        return Optional.of(new ProtocolExchange(Scheme.WS, ip("192.0.2.10"), 80, Optional.empty(), Optional.empty(),
                "GET / HTTP/1.1", Reply.DATA, Optional.empty(), http, "", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), 9));
    }

    @Test
    void anAddressInACloudflareRangeOnAnUnforwardedPortIsSeenAsNotForwarded() {
        List<CdnSighting> sightings = CdnSightings.find(CATALOG, resolved("104.16.132.229"), Optional.empty(),
                Optional.empty(), 8282);

        assertThat(sightings).singleElement().satisfies(s -> {
            assertThat(s.provider()).isEqualTo("cloudflare");
            assertThat(s.how()).isEqualTo("range");
            assertThat(s.what()).isEqualTo("104.16.132.229 in 104.16.0.0/13");
            assertThat(s.forwardedPorts()).contains("443").contains("8443");
            assertThat(s.portForwarded()).contains(false);
        });
    }

    @Test
    void aForwardedPortIsSeenAsForwarded() {
        assertThat(CdnSightings.find(CATALOG, resolved("104.16.132.229"), Optional.empty(), Optional.empty(), 443))
                .singleElement().satisfies(s -> assertThat(s.portForwarded()).contains(true));
    }

    @Test
    void aRangeWithoutKnownPortsLeavesTheQuestionOpen() {
        assertThat(CdnSightings.find(CATALOG, resolved("151.101.1.69"), Optional.empty(), Optional.empty(), 8282))
                .singleElement().satisfies(s -> {
                    assertThat(s.provider()).isEqualTo("fastly");
                    assertThat(s.forwardedPorts()).isEqualTo("any");
                    assertThat(s.portForwarded()).isEmpty();
                });
    }

    @Test
    void everyAddressInARangeIsASighting() {
        assertThat(CdnSightings.find(CATALOG, resolved("192.0.2.10", "104.16.132.229", "2606:4700::6810:84e5"),
                Optional.empty(), Optional.empty(), 8282))
                .extracting(CdnSighting::what)
                .containsExactly("104.16.132.229 in 104.16.0.0/13", "2606:4700::6810:84e5 in 2606:4700::/32");
    }

    @Test
    void aCnameInTheChainIsASighting() {
        List<CdnSighting> sightings = CdnSightings.find(CATALOG, resolved("192.0.2.10"),
                cnameChain("www.example.test.cdn.cloudflare.net"), Optional.empty(), 8282);

        assertThat(sightings).singleElement().satisfies(s -> {
            assertThat(s.provider()).isEqualTo("cloudflare");
            assertThat(s.how()).isEqualTo("cname");
            assertThat(s.what()).isEqualTo("www.example.test.cdn.cloudflare.net");
            assertThat(s.portForwarded()).isEmpty();
        });
    }

    @Test
    void aLookalikeCnameIsNoSighting() {
        assertThat(CdnSightings.find(CATALOG, resolved("192.0.2.10"), cnameChain("edge.notcloudfront.net"),
                Optional.empty(), 443)).isEmpty();
    }

    @Test
    void edgeHeadersInTheReplyAreSightings() {
        List<CdnSighting> sightings = CdnSightings.find(CATALOG, resolved("192.0.2.10"), Optional.empty(),
                httpReply("HTTP/1.1 200 OK\r\nServer: cloudflare\r\nCF-RAY: 8a1b2c3d4e5f-AMS\r\n\r\n"), 80);

        assertThat(sightings).extracting(CdnSighting::how).containsOnly("header");
        assertThat(sightings).extracting(CdnSighting::what).containsExactlyInAnyOrder("cf-ray", "server: …cloudflare…");
        assertThat(sightings).allSatisfy(s -> assertThat(s.provider()).isEqualTo("cloudflare"));
    }

    @Test
    void aPlainServerShowsNoCdn() {
        assertThat(CdnSightings.find(CATALOG, resolved("192.0.2.10"), cnameChain(),
                httpReply("HTTP/1.1 200 OK\r\nServer: nginx\r\n\r\n"), 80)).isEmpty();
    }

    @Test
    void allThreeKindsAddUpInOrder() {
        List<CdnSighting> sightings = CdnSightings.find(CATALOG, resolved("13.32.1.1"),
                cnameChain("d111111abcdef8.cloudfront.net"),
                httpReply("HTTP/1.1 403 Forbidden\r\nX-Amz-Cf-Id: abc==\r\nVia: 1.1 x.cloudfront.net (CloudFront)\r\n\r\n"),
                8282);

        assertThat(sightings).extracting(CdnSighting::how).containsExactly("range", "cname", "header", "header");
        assertThat(sightings.get(0).portForwarded()).contains(false);
    }

    @Test
    void anEmptyCatalogueSeesNothing() {
        assertThat(CdnSightings.find(CdnCatalog.none(), resolved("104.16.132.229"),
                cnameChain("x.cdn.cloudflare.net"), httpReply("HTTP/1.1 200 OK\r\ncf-ray: 1\r\n\r\n"), 8282)).isEmpty();
    }
}
