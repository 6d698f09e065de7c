package dev.conndoctor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conndoctor.config.CdnCatalog.Range;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CdnCatalogTest {

    private static final CdnCatalog EMBEDDED = CdnCatalog.embedded();

    static InetAddress ip(String literal) {
        if (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    // --- the embedded file

    @Test
    void theEmbeddedCatalogueParsesAndKnowsTheProvidersOfTheIssue() {
        Set<String> withRanges = EMBEDDED.ranges().stream().map(Range::provider).collect(Collectors.toSet());
        assertThat(withRanges).containsExactlyInAnyOrder("cloudflare", "fastly", "cloudfront");
        Map<String, String> cnames = Map.of("cloudflare", "x.cdn.cloudflare.net", "cloudfront", "x.cloudfront.net",
                "akamai", "x.akamaiedge.net", "fastly", "x.fastly.net", "azure", "x.azurefd.net",
                "alibaba", "x.alikunlun.com", "tencent", "x.cdn.dnsv1.com");
        cnames.forEach((provider, cname) ->
                assertThat(EMBEDDED.cnameOf(cname)).as(cname).map(CdnCatalog.Cname::provider).contains(provider));
        // Google Cloud CDN has no CNAME of its own: its edges show in the headers
        assertThat(EMBEDDED.headersIn(List.of(Map.entry("Via", "1.1 google")))).extracting(CdnCatalog.Header::provider)
                .containsExactly("google");
    }

    @Test
    void theEmbeddedCatalogueIsDatedAndNamesItsSources() throws Exception {
        try (var in = CdnCatalog.class.getResourceAsStream("/dev/conndoctor/cdn.txt")) {
            String text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertThat(text).containsPattern("\\d{4}-\\d{2}-\\d{2}").contains("Sources:").contains("refresh");
        }
    }

    @Test
    void aCloudflareEdgeForwardsItsListedPortsOnly() {
        Range range = EMBEDDED.rangeOf(ip("104.16.132.229")).orElseThrow();

        assertThat(range.provider()).isEqualTo("cloudflare");
        assertThat(range.portsKnown()).isTrue();
        assertThat(range.forwards(443)).isTrue();
        assertThat(range.forwards(8443)).isTrue();
        assertThat(range.forwards(2053)).isTrue();
        assertThat(range.forwards(80)).isTrue();
        assertThat(range.forwards(8282)).isFalse();
        assertThat(range.forwards(22)).isFalse();
        assertThat(range.portsText()).isEqualTo("80,443,2052-2053,2082-2083,2086-2087,2095-2096,8080,8443,8880");
    }

    @Test
    void aCloudflareIpv6EdgeIsKnown() {
        assertThat(EMBEDDED.rangeOf(ip("2606:4700::6810:84e5"))).map(Range::provider).contains("cloudflare");
    }

    @Test
    void aFastlyEdgeForwardsAnyPortAsFarAsKnown() {
        Range range = EMBEDDED.rangeOf(ip("151.101.1.69")).orElseThrow();

        assertThat(range.provider()).isEqualTo("fastly");
        assertThat(range.portsKnown()).isFalse();
        assertThat(range.forwards(8282)).isTrue();
        assertThat(range.portsText()).isEqualTo("any");
    }

    @Test
    void aCloudFrontEdgeForwards80And443() {
        Range range = EMBEDDED.rangeOf(ip("13.32.1.1")).orElseThrow();
        assertThat(range.provider()).isEqualTo("cloudfront");
        assertThat(range.forwards(443)).isTrue();
        assertThat(range.forwards(8443)).isFalse();
    }

    @Test
    void addressesOutsideEveryRangeAreNoEdge() {
        assertThat(EMBEDDED.rangeOf(ip("192.0.2.10"))).isEmpty();
        assertThat(EMBEDDED.rangeOf(ip("127.0.0.1"))).isEmpty();
        assertThat(EMBEDDED.rangeOf(ip("2001:db8::1"))).isEmpty();
        assertThat(CdnCatalog.none().rangeOf(ip("104.16.132.229"))).isEmpty();
    }

    // --- CNAME suffixes

    @ParameterizedTest
    @CsvSource({
        "d111111abcdef8.cloudfront.net, cloudfront",
        "cloudfront.net, cloudfront",
        "D111111ABCDEF8.CLOUDFRONT.NET., cloudfront",
        "www.example.com.cdn.cloudflare.net, cloudflare",
        "e1234.a.akamaiedge.net, akamai",
        "www.example.com.edgekey.net, akamai",
        "dualstack.example.map.fastly.net, fastly",
        "example.azureedge.net, azure",
        "example.z01.azurefd.net, azure",
        "www.example.com.w.alikunlun.com, alibaba",
        "www.example.com.cdn.dnsv1.com, tencent",
    })
    void cnameSuffixesNameTheirProvider(String cname, String provider) {
        assertThat(EMBEDDED.cnameOf(cname)).map(CdnCatalog.Cname::provider).contains(provider);
    }

    @ParameterizedTest
    @ValueSource(strings = {"notcloudfront.net", "www.notcloudfront.net", "cloudfront.net.evil.test",
        "xfastly.net", "cloudflare.net", "www.example.test", "akamai.net.example.test"})
    void lookalikesAreNoCdnCname(String cname) {
        assertThat(EMBEDDED.cnameOf(cname)).isEmpty();
    }

    // --- header signatures

    @Test
    void headerSignaturesMatchNamesAndValuesInAnyCase() {
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("CF-RAY", "8a1b2c3d4e5f-AMS"),
                Map.entry("Server", "CloudFlare"),
                Map.entry("X-Amz-Cf-Id", "abc=="),
                Map.entry("VIA", "1.1 abcdef.CloudFront.net (CloudFront)"),
                Map.entry("X-Served-By", "CACHE-ams21050-AMS"));

        assertThat(EMBEDDED.headersIn(headers)).extracting(CdnCatalog.Header::provider)
                .containsOnly("cloudflare", "cloudfront", "fastly")
                .contains("cloudflare", "cloudfront", "fastly");
        assertThat(EMBEDDED.headersIn(headers)).filteredOn(h -> h.provider().equals("cloudflare"))
                .extracting(CdnCatalog.Header::name).containsExactlyInAnyOrder("cf-ray", "server");
    }

    @Test
    void aHeaderWhoseValueDoesNotMatchIsNoSignature() {
        List<Map.Entry<String, String>> headers = List.of(
                Map.entry("Server", "nginx/1.24.0"),
                Map.entry("Via", "1.1 squid"),
                Map.entry("X-Served-By", "web-01"));

        assertThat(EMBEDDED.headersIn(headers)).isEmpty();
        assertThat(EMBEDDED.headersIn(List.of())).isEmpty();
    }

    // --- a user's file

    @Test
    void aUserFileTakesProviderCidrAndOptionalPortsWithComments() {
        CdnCatalog user = CdnCatalog.parse(String.join("\n",
                "# lab edges",
                "labcdn 10.99.0.0/16 80,443   # only the web ports",
                "",
                "   otheredge 2001:db8:99::/48",
                "ranged 10.98.0.0/16 8000-8010,9000\r",
                ""), false);

        assertThat(user.ranges()).hasSize(3);
        Range lab = user.rangeOf(ip("10.99.1.2")).orElseThrow();
        assertThat(lab.provider()).isEqualTo("labcdn");
        assertThat(lab.forwards(443)).isTrue();
        assertThat(lab.forwards(8282)).isFalse();
        Range other = user.rangeOf(ip("2001:db8:99::5")).orElseThrow();
        assertThat(other.portsKnown()).isFalse();
        Range ranged = user.rangeOf(ip("10.98.0.1")).orElseThrow();
        assertThat(ranged.forwards(7999)).isFalse();
        assertThat(ranged.forwards(8000)).isTrue();
        assertThat(ranged.forwards(8005)).isTrue();
        assertThat(ranged.forwards(8010)).isTrue();
        assertThat(ranged.forwards(8011)).isFalse();
        assertThat(ranged.forwards(9000)).isTrue();
        assertThat(ranged.portsText()).isEqualTo("8000-8010,9000");
    }

    @Test
    void portsAreKeptAsSortedRunsWrittenAsRanges() {
        Range range = CdnCatalog.parse("lab 10.0.0.0/8 9000,80-90,85-100,101,443,1-65535", false).ranges().get(0);

        assertThat(range.ports().orElseThrow().runCount()).isEqualTo(1);
        assertThat(range.portsText()).isEqualTo("1-65535");
        Range sparse = CdnCatalog.parse("lab 10.0.0.0/8 443,80,8080-8081,81", false).ranges().get(0);
        assertThat(sparse.portsText()).isEqualTo("80-81,443,8080-8081");
        assertThat(sparse.forwards(79)).isFalse();
        assertThat(sparse.forwards(81)).isTrue();
        assertThat(sparse.forwards(442)).isFalse();
        assertThat(sparse.forwards(8081)).isTrue();
        assertThat(sparse.forwards(8082)).isFalse();
        assertThat(sparse.forwards(65535)).isFalse();
    }

    /**
     * The worst a 4 MB file (the CLI's limit) can do: the shortest line with ports, over and over.
     * It once cost a bit set of 8 KB per line, 2.4 GB in all; now a line costs its range and the
     * port lists are shared, so the catalogue stays within a small multiple of the file.
     */
    @Test
    void aFourMegabyteFileOfRangesWithPortsCostsMemoryInProportionToTheFile() {
        StringBuilder file = new StringBuilder();
        for (int i = 0; file.length() < 4 * 1024 * 1024 - 40; i++) {
            file.append("p ").append(1 + i % 200).append('.').append(i / 200 % 250).append(".0.0/16 ")
                    .append(i % 7 == 0 ? "1-65535" : "1").append('\n');
        }
        String text = file.toString();
        Runtime runtime = Runtime.getRuntime();
        long before = usedAfterGc(runtime);

        CdnCatalog catalog = CdnCatalog.parse(text, false);

        long retained = usedAfterGc(runtime) - before;
        assertThat(catalog.ranges()).hasSizeGreaterThan(200_000);
        assertThat(retained).as("bytes retained by a catalogue of %d ranges", catalog.ranges().size())
                .isLessThan(256L * 1024 * 1024);
        assertThat(catalog.ranges()).allSatisfy(r -> assertThat(r.ports().orElseThrow().runCount()).isEqualTo(1));
        assertThat(catalog.ranges().stream().map(r -> r.ports().orElseThrow())
                .collect(Collectors.toCollection(() -> java.util.Collections.newSetFromMap(
                        new java.util.IdentityHashMap<>())))).as("one object per distinct port list").hasSize(2);
        assertThat(catalog.rangeOf(ip("3.2.9.9")).orElseThrow().forwards(1)).isTrue();
    }

    private static long usedAfterGc(Runtime runtime) {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    @Test
    void providerNamesOfAUserFileAreLowerCased() {
        assertThat(CdnCatalog.parse("LabCDN 10.99.0.0/16", false).ranges().get(0).provider()).isEqualTo("labcdn");
    }

    @Test
    void aUserFileCannotDeclareCnamesOrHeaders() {
        assertThatThrownBy(() -> CdnCatalog.parse("cname labcdn cdn.example.test", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 1: ");
        assertThatThrownBy(() -> CdnCatalog.parse("# ok\nheader labcdn x-lab-edge", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("line 2: ");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "labcdn 10.99.0.0/16 80,443 extra | expected PROVIDER CIDR [PORTS]",
        "labcdn | expected PROVIDER CIDR [PORTS]",
        "labcdn not-a-cidr | not an IP address",
        "labcdn 10.99.0.0/33 | prefix length 33",
        "labcdn 10.99.0.0/x | not a CIDR block",
        "labcdn 10.99.0.0/16 http | 'http' is not a port",
        "labcdn 10.99.0.0/16 0 | '0' is not a port",
        "labcdn 10.99.0.0/16 65536 | '65536' is not a port",
        "labcdn 10.99.0.0/16 443-80 | runs backwards",
        "labcdn example.test/16 | not an IP address",
    })
    void aBadLineIsNamedByItsNumber(String line, String why) {
        String text = "# header comment\nlabcdn 10.1.0.0/16\n\n" + line + "\n";

        assertThatThrownBy(() -> CdnCatalog.parse(text, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("line 4: ")
                .hasMessageContaining(why);
    }

    @Test
    void overridesReplaceANamedProvidersRangesAndAddNewOnes() {
        CdnCatalog user = CdnCatalog.parse("Cloudflare 10.99.0.0/16 80,443\nlabcdn 10.98.0.0/16\n", false);

        CdnCatalog merged = EMBEDDED.withOverrides(user);

        assertThat(merged.rangeOf(ip("104.16.132.229"))).isEmpty();
        assertThat(merged.rangeOf(ip("2606:4700::1"))).isEmpty();
        assertThat(merged.rangeOf(ip("10.99.0.1"))).map(Range::provider).contains("cloudflare");
        assertThat(merged.rangeOf(ip("10.98.0.1"))).map(Range::provider).contains("labcdn");
        // other providers, CNAMEs and headers stay
        assertThat(merged.rangeOf(ip("151.101.1.69"))).map(Range::provider).contains("fastly");
        assertThat(merged.cnameOf("x.cdn.cloudflare.net")).isPresent();
        assertThat(merged.headersIn(List.of(Map.entry("cf-ray", "1")))).isNotEmpty();
        // the embedded catalogue itself is unchanged
        assertThat(EMBEDDED.rangeOf(ip("104.16.132.229"))).isPresent();
    }

    @Test
    void theMostSpecificRangeWins() {
        CdnCatalog user = CdnCatalog.parse("labcdn 104.16.132.0/24 8282", false);

        CdnCatalog merged = EMBEDDED.withOverrides(user);

        assertThat(merged.rangeOf(ip("104.16.132.229"))).map(Range::provider).contains("labcdn");
        assertThat(merged.rangeOf(ip("104.16.133.1"))).map(Range::provider).contains("cloudflare");
    }

    @Test
    void anEmptyUserFileChangesNothing() {
        CdnCatalog user = CdnCatalog.parse("# nothing yet\n\n", false);

        assertThat(user.ranges()).isEmpty();
        assertThat(EMBEDDED.withOverrides(user).ranges()).hasSameSizeAs(EMBEDDED.ranges());
    }
}
