package dev.conndoctor.host;

import static dev.conndoctor.host.Fixtures.ip;
import static dev.conndoctor.host.Fixtures.proc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.net.Cidr;
import dev.conndoctor.evidence.Route;
import dev.conndoctor.evidence.Routing;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProcNetRouteTest {

    private final List<Route> ipv4 = ProcNetRoute.parseIpv4(proc("route"));
    private final List<Route> ipv6 = ProcNetRoute.parseIpv6(proc("ipv6_route"));

    @Test
    void ipv4TableGivesTheUsableRoutesInOrder() {
        assertThat(ipv4).containsExactly(
                new Route(new Cidr(ip("0.0.0.0"), 0), Optional.of(ip("192.0.2.1")), "eth0"),
                new Route(new Cidr(ip("192.0.2.0"), 24), Optional.empty(), "eth0"),
                new Route(new Cidr(ip("198.51.100.0"), 24), Optional.empty(), "wg0"));
    }

    @Test
    void ipv4DefaultRouteHasAGateway() {
        Route first = ipv4.get(0);

        assertThat(first.isDefault()).isTrue();
        assertThat(first.gateway()).contains(ip("192.0.2.1"));
        assertThat(first.destination()).hasToString("0.0.0.0/0");
    }

    @Test
    void ipv4MaskBecomesThePrefixLength() {
        assertThat(ipv4.get(1).destination()).hasToString("192.0.2.0/24");
        assertThat(ipv4.get(1).isDefault()).isFalse();
    }

    @Test
    void ipv4RejectRouteAndRouteThatIsNotUpAreLeftOut() {
        assertThat(ipv4).noneMatch(r -> r.destination().contains(ip("203.0.113.1")) && !r.isDefault());
        assertThat(ipv4).noneMatch(r -> r.device().equals("*") || r.device().equals("eth1"));
    }

    @Test
    void ipv6TableGivesThePrefixRoutesAndTheDefault() {
        assertThat(ipv6).contains(
                new Route(new Cidr(ip("2001:db8:0:1::"), 64), Optional.empty(), "eth0"),
                new Route(new Cidr(ip("fe80::"), 64), Optional.empty(), "eth0"),
                new Route(new Cidr(ip("::"), 0), Optional.of(ip("fe80::1")), "eth0"));
    }

    @Test
    void ipv6DefaultRouteIsADefault() {
        assertThat(ipv6).filteredOn(Route::isDefault).singleElement()
                .satisfies(r -> assertThat(r.gateway()).contains(ip("fe80::1")));
    }

    @Test
    void ipv6LoopbackEntriesAreLeftOut() {
        assertThat(ipv6).noneMatch(r -> r.device().equals("lo"));
    }

    @Test
    void ipv6MulticastRouteIsLeftOut() {
        assertThat(ipv6).noneMatch(r -> r.destination().network().isMulticastAddress());
    }

    @Test
    void ipv6TruncatedRowIsSkipped() {
        assertThat(ipv6).extracting(Route::destination).doesNotContain(new Cidr(ip("2001:db8:0:2::"), 64));
        assertThat(ipv6).hasSizeLessThanOrEqualTo(4);
    }

    @Test
    void ipv6LocalAddressEntriesAreLeftOut() {
        assertThat(ipv6).containsExactly(
                new Route(new Cidr(ip("2001:db8:0:1::"), 64), Optional.empty(), "eth0"),
                new Route(new Cidr(ip("fe80::"), 64), Optional.empty(), "eth0"),
                new Route(new Cidr(ip("::"), 0), Optional.of(ip("fe80::1")), "eth0"));
    }

    @Test
    void routingPicksTheLongestMatchingPrefix() {
        Routing routing = new Routing(List.of(), concat(ipv4, ipv6));

        assertThat(routing.lookup(ip("192.0.2.77")).map(Route::device)).contains("eth0");
        assertThat(routing.lookup(ip("192.0.2.77")).map(r -> r.destination().prefixLength())).contains(24);
        assertThat(routing.lookup(ip("198.51.100.7")).map(Route::device)).contains("wg0");
        assertThat(routing.lookup(ip("203.0.113.9")).filter(Route::isDefault)).isPresent();
        assertThat(routing.lookup(ip("2001:db8:0:1::99")).map(r -> r.destination().prefixLength())).contains(64);
        assertThat(routing.hasDefaultRoute(false)).isTrue();
        assertThat(routing.hasDefaultRoute(true)).isTrue();
    }

    @Test
    void routingWithoutRoutesFindsNone() {
        Routing routing = new Routing(List.of(), ipv4.subList(1, 3));

        assertThat(routing.lookup(ip("203.0.113.9"))).isEmpty();
        assertThat(routing.hasDefaultRoute(false)).isFalse();
        assertThat(routing.hasDefaultRoute(true)).isFalse();
    }

    @Test
    void emptyTablesHaveNoRoutes() {
        assertThat(ProcNetRoute.parseIpv4("")).isEmpty();
        assertThat(ProcNetRoute.parseIpv6("")).isEmpty();
        assertThat(ProcNetRoute.parseIpv4(proc("route").lines().findFirst().orElseThrow())).isEmpty();
    }

    private static List<Route> concat(List<Route> a, List<Route> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
