package dev.conndoctor.rules.client;

import static dev.conndoctor.CauseId.ADDRESS_FAMILY_MISMATCH;
import static dev.conndoctor.CauseId.PORT_NOT_PUBLISHED;
import static dev.conndoctor.CauseId.CONTAINER_NOT_LISTENING;
import static dev.conndoctor.CauseId.CONTAINER_BOUND_TO_LOOPBACK;
import static dev.conndoctor.CauseId.PUBLISHED_ON_LOOPBACK;
import static dev.conndoctor.CauseId.BOUND_TO_LOOPBACK;
import static dev.conndoctor.CauseId.BOUND_TO_OTHER_ADDRESS;
import static dev.conndoctor.CauseId.CDN_IN_FRONT;
import static dev.conndoctor.CauseId.CLOSED_WITHOUT_REPLY;
import static dev.conndoctor.CauseId.FORWARDER_BACKEND_REFUSED;
import static dev.conndoctor.CauseId.LOOPBACK_IN_CONTAINER;
import static dev.conndoctor.CauseId.DNS_NO_ANSWER;
import static dev.conndoctor.CauseId.DNS_NXDOMAIN;
import static dev.conndoctor.CauseId.DNS_POINTS_ELSEWHERE;
import static dev.conndoctor.CauseId.DNS_TIMEOUT;
import static dev.conndoctor.CauseId.EPHEMERAL_PORTS_EXHAUSTED;
import static dev.conndoctor.CauseId.FAKE_IP_PROXY;
import static dev.conndoctor.CauseId.FIREWALL_DROP;
import static dev.conndoctor.CauseId.FIREWALL_REJECT;
import static dev.conndoctor.CauseId.HOST_DOWN;
import static dev.conndoctor.CauseId.HOST_FIREWALL;
import static dev.conndoctor.CauseId.HTTP_NOT_WEBSOCKET;
import static dev.conndoctor.CauseId.LOCAL_FIREWALL;
import static dev.conndoctor.CauseId.NETWORK_FIREWALL;
import static dev.conndoctor.CauseId.NON_HTTP_REPLY;
import static dev.conndoctor.CauseId.NO_REPLY;
import static dev.conndoctor.CauseId.NO_ROUTE;
import static dev.conndoctor.CauseId.PANEL_FIREWALL;
import static dev.conndoctor.CauseId.PRIVATE_ADDRESS;
import static dev.conndoctor.CauseId.PROXY_IN_PATH;
import static dev.conndoctor.CauseId.PROXY_STRIPS_UPGRADE;
import static dev.conndoctor.CauseId.SERVER_NOT_LISTENING;
import static dev.conndoctor.CauseId.SERVER_SPEAKS_FIRST;
import static dev.conndoctor.CauseId.TLS_EXPIRED;
import static dev.conndoctor.CauseId.TLS_NAME_MISMATCH;
import static dev.conndoctor.CauseId.TLS_NOT_OFFERED;
import static dev.conndoctor.CauseId.TLS_REQUIRED;
import static dev.conndoctor.CauseId.TLS_UNTRUSTED;
import static dev.conndoctor.CauseId.TLS_VERSION_MISMATCH;
import static dev.conndoctor.CauseId.WEBSOCKET_HANDSHAKE_INVALID;
import static dev.conndoctor.CauseId.WEBSOCKET_ONLY;
import static dev.conndoctor.CauseId.WEBSOCKET_PATH_NOT_FOUND;
import static dev.conndoctor.CauseId.WEBSOCKET_REJECTED;
import static dev.conndoctor.CauseId.WRONG_ADDRESS;
import static dev.conndoctor.CauseId.WRONG_PORT;
import static dev.conndoctor.CauseId.IDLE_TIMEOUT;
import static dev.conndoctor.CauseId.CLOSED_BY_SERVER;
import static dev.conndoctor.CauseId.PING_UNANSWERED;

import dev.conndoctor.Confidence;
import dev.conndoctor.evidence.Evidence;
import dev.conndoctor.rules.Precedence;
import dev.conndoctor.rules.Rule;
import java.util.List;
import java.util.stream.Stream;

/**
 * The client's rules, one per cause, and the precedence among their causes: what the
 * composition root wires into the engine. A new cause is a rule here and a line in the table.
 */
public final class ClientRules {
    private static final List<Rule<Evidence>> ALL = java.util.stream.Stream.concat(Stream.of(
            new DnsNxdomainRule(),
            new DnsNoAnswerRule(),
            new DnsTimeoutRule(),
            new FakeIpProxyRule(),
            new WrongAddressRule(),
            new DnsPointsElsewhereRule(),
            new ProxyInPathRule(),
            new CdnInFrontRule(),
            new ForwarderBackendRefusedRule(),
            new AddressFamilyMismatchRule(),
            new TlsNotOfferedRule(),
            new TlsExpiredRule(),
            new TlsNameMismatchRule(),
            new TlsUntrustedRule(),
            new TlsVersionMismatchRule(),
            new TlsRequiredRule(),
            new WebSocketHandshakeInvalidRule(),
            new WebSocketPathNotFoundRule(),
            new WebSocketRejectedRule(),
            new WebSocketOnlyRule(),
            new ServerSpeaksFirstRule(),
            new HttpNotWebSocketRule(),
            new ProxyStripsUpgradeRule(),
            new NonHttpReplyRule(),
            new ClosedWithoutReplyRule(),
            new NoReplyRule(),
            new IdleTimeoutRule(),
            new ClosedByServerRule(),
            new PingUnansweredRule(),
            new EphemeralPortsExhaustedRule(),
            new LocalFirewallRule(),
            new ServerReportRules.PanelFirewall(),
            new ServerReportRules.HostFirewall(),
            new NoRouteRule(),
            new LoopbackInContainerRule(),
            new BoundToLoopbackRule(),
            new BoundToOtherAddressRule(),
            new WrongPortRule(),
            new ServerNotListeningRule(),
            new PrivateAddressRule(),
            new FirewallRejectRule(),
            new ServerReportRules.NetworkFirewall(),
            new FirewallDropRule(),
            new HostDownRule()),
            HostFoundCauseRule.all().stream()).toList();

    /**
     * Among causes of equal confidence the higher line is the primary one: the most specific
     * explanation first (the name before the path, the path before the port, what was seen
     * before what was inferred). Then the causes that make another one moot.
     */
    private static final Precedence PRECEDENCE = Precedence.builder()
            // the name: nothing else was tried when it does not resolve
            .then(DNS_NXDOMAIN)
            .then(DNS_NO_ANSWER)
            .then(DNS_TIMEOUT)
            // where the name or the path leads
            .then(FAKE_IP_PROXY)
            .then(WRONG_ADDRESS)
            .then(DNS_POINTS_ELSEWHERE)
            .then(PROXY_IN_PATH)
            .then(CDN_IN_FRONT)
            // where the host's own inspection followed a published port: what a forwarder's close hides
            .then(PORT_NOT_PUBLISHED)
            .then(CONTAINER_NOT_LISTENING)
            .then(CONTAINER_BOUND_TO_LOOPBACK)
            .then(PUBLISHED_ON_LOOPBACK)
            // a forwarder that accepts and closes at once: before TLS and the protocol, which it never reaches
            .then(FORWARDER_BACKEND_REFUSED)
            // the name's addresses on one family only: the first failing connect of clients that dial in order,
            // before what the working family's protocol answer says
            .then(ADDRESS_FAMILY_MISMATCH)
            // the TLS step: each problem named by the handshake itself
            .then(TLS_NOT_OFFERED)
            .then(TLS_EXPIRED)
            .then(TLS_NAME_MISMATCH)
            .then(TLS_UNTRUSTED)
            .then(TLS_VERSION_MISMATCH)
            .then(TLS_REQUIRED)
            // the protocol's answer, the most telling answers first
            .then(WEBSOCKET_HANDSHAKE_INVALID)
            .then(WEBSOCKET_PATH_NOT_FOUND)
            .then(WEBSOCKET_REJECTED)
            .then(WEBSOCKET_ONLY)
            .then(SERVER_SPEAKS_FIRST)
            .then(HTTP_NOT_WEBSOCKET)
            .then(PROXY_STRIPS_UPGRADE)
            .then(NON_HTTP_REPLY)
            .then(CLOSED_WITHOUT_REPLY)
            .then(NO_REPLY)
            // after the connection worked (--hold): how the session ended, the timer before the server's own close
            .then(IDLE_TIMEOUT)
            .then(CLOSED_BY_SERVER)
            .then(PING_UNANSWERED)
            // this machine
            .then(EPHEMERAL_PORTS_EXHAUSTED)
            .then(LOCAL_FIREWALL)
            // the server's own report: a panel keeping the port closed is where it is opened, before its firewall's rule
            .then(PANEL_FIREWALL)
            .then(HOST_FIREWALL)
            .then(NO_ROUTE)
            // the listener: loopback and other addresses are more specific than nobody listening,
            // and a container's loopback dialled for the host's service more specific than both
            .then(LOOPBACK_IN_CONTAINER)
            .then(BOUND_TO_LOOPBACK)
            .then(BOUND_TO_OTHER_ADDRESS)
            .then(WRONG_PORT)
            .then(SERVER_NOT_LISTENING)
            .then(PRIVATE_ADDRESS)
            // reject before drop before host-down: the faster the answer, the more it says
            .then(FIREWALL_REJECT)
            .then(NETWORK_FIREWALL)
            .then(FIREWALL_DROP)
            .then(HOST_DOWN)
            // a 404 or a 401/403 to the upgrade is a WebSocket server refusing this request, not a plain HTTP server
            .suppresses(WEBSOCKET_PATH_NOT_FOUND, HTTP_NOT_WEBSOCKET)
            .suppresses(WEBSOCKET_REJECTED, HTTP_NOT_WEBSOCKET)
            // a proxy's own gateway error says the proxy answered, not a server without WebSocket; a
            // proxy that only possibly strips the upgrade is offered beside http-not-websocket
            .suppresses(PROXY_STRIPS_UPGRADE, Confidence.LIKELY, HTTP_NOT_WEBSOCKET)
            // the other family of the same name connects to this port: a server listens, on this port, and
            // listening on 0.0.0.0 (the bound-to-* fixes) would not take an IPv6 client
            .suppresses(ADDRESS_FAMILY_MISMATCH, SERVER_NOT_LISTENING)
            .suppresses(ADDRESS_FAMILY_MISMATCH, WRONG_PORT)
            .suppresses(ADDRESS_FAMILY_MISMATCH, BOUND_TO_LOOPBACK)
            .suppresses(ADDRESS_FAMILY_MISMATCH, BOUND_TO_OTHER_ADDRESS)
            .build();

    private ClientRules() {
    }

    /** Every client rule; their order does not matter. */
    public static List<Rule<Evidence>> all() {
        return ALL;
    }

    public static Precedence precedence() {
        return PRECEDENCE;
    }
}
