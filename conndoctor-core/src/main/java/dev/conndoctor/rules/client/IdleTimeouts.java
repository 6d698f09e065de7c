package dev.conndoctor.rules.client;

import java.util.List;

/**
 * The idle timeouts that proxies, load balancers and NATs apply by default, as their makers
 * document them, to name the one a measured timeout matches. Each line cites where its number
 * comes from (checked 2026-12):
 *
 * <ul>
 * <li>nginx: {@code proxy_read_timeout} and {@code proxy_send_timeout} default to 60 s
 *     (nginx.org/en/docs/http/ngx_http_proxy_module.html#proxy_read_timeout); a proxied WebSocket
 *     "will be closed if the proxied server does not transmit any data within 60 seconds"
 *     (nginx.org/en/docs/http/websocket.html).</li>
 * <li>HAProxy has no default of its own: {@code timeout tunnel} "supersedes both the client and
 *     server timeouts once the connection becomes a tunnel" (an upgraded WebSocket), and without it
 *     {@code timeout client}/{@code timeout server} apply (HAProxy's configuration.txt, "timeout
 *     tunnel", as in haproxy commit ce887fd3 that added it). Debian's packaged /etc/haproxy/haproxy.cfg sets both to 50000 ms
 *     (haproxy 2.6.12-1+deb12u4, read on the package as installed).</li>
 * <li>AWS Application Load Balancer: "By default, ELB sets the idle timeout value for your load
 *     balancer to 60 seconds" (docs.aws.amazon.com/elasticloadbalancing/latest/application/
 *     edit-load-balancer-attributes.html#connection-idle-timeout).</li>
 * <li>AWS Network Load Balancer: "The default idle timeout value for TCP flows is 350 seconds"
 *     (docs.aws.amazon.com/elasticloadbalancing/latest/network/update-idle-timeout.html); the flow is
 *     forgotten silently, a later packet is answered with a reset.</li>
 * <li>Cloudflare: WebSockets idle for 100 s are closed on every plan below Enterprise
 *     (community.cloudflare.com/t/cloudflare-websocket-timeout/5865: "100 seconds is the standard
 *     timeout setting. Only ENT users have the option to adjust duration"; github.com/buildbot/
 *     buildbot/issues/4078).</li>
 * <li>Google Cloud external Application Load Balancer: the backend service timeout defaults to
 *     30 s, and for a WebSocket it bounds the connection's whole life, not its idle time
 *     (cloud.google.com/load-balancing/docs/https#timeout-bes; the ingress-gce WebSocket example:
 *     "this timeout is not an idle timeout - it's a timeout on the connection lifetime").</li>
 * <li>Azure Load Balancer: "The default setting is 4 minutes" (learn.microsoft.com/azure/
 *     load-balancer/load-balancer-tcp-idle-timeout); by default it drops idle flows silently, and
 *     resets both ends only with "TCP reset on idle" (load-balancer-tcp-reset).</li>
 * <li>A Linux NAT or stateful firewall: {@code net.netfilter.nf_conntrack_tcp_timeout_established}
 *     defaults to 432000 s, five days (kernel.org Documentation/networking/nf_conntrack-sysctl):
 *     longer than any hold, so a NAT is only named from a flow forgotten silently (routers and cloud
 *     NATs set their own, shorter values).</li>
 * </ul>
 */
final class IdleTimeouts {

    /** How a measured timeout is compared with a known one: what the hop counts. */
    enum Counts {
        /** Time with nothing crossing the connection. */
        IDLE,
        /** The connection's whole life, traffic or not. */
        LIFETIME
    }

    /**
     * One known default: {@code id} names its texts ({@code idle.known.ID}, {@code fix.idle.ID}).
     *
     * @param silentDrop whether the hop forgets the flow without a word by default (the client
     *                   learns it only when it next sends: a reset, or nothing)
     */
    record Known(String id, long seconds, Counts counts, boolean silentDrop) {
    }

    static final List<Known> ALL = List.of(
            new Known("nginx", 60, Counts.IDLE, false),
            new Known("aws-alb", 60, Counts.IDLE, false),
            new Known("haproxy-debian", 50, Counts.IDLE, false),
            new Known("cloudflare", 100, Counts.IDLE, false),
            new Known("gcp-backend-service", 30, Counts.LIFETIME, false),
            new Known("azure-lb", 240, Counts.IDLE, true),
            new Known("aws-nlb", 350, Counts.IDLE, true));

    private IdleTimeouts() {
    }

    /**
     * The known defaults a close matches: idle ones by the silence before it, lifetime ones by the
     * time since the connection opened ({@code lifetimeMs}), each within {@link #tolerance}.
     */
    static List<Known> matching(long idleMs, long lifetimeMs) {
        return ALL.stream()
                .filter(k -> within(k.counts() == Counts.IDLE ? idleMs : lifetimeMs, k.seconds() * 1000))
                .toList();
    }

    /**
     * How far a measured close may be from a default and still match it: timers fire on their
     * hop's clock, late by its scheduling (nginx checks timers on its event loop, Workerman once a
     * second), and the hold measures from the client, a round trip away. 1.5 s or 5 %, the larger.
     */
    static long tolerance(long defaultMs) {
        return Math.max(1_500, defaultMs / 20);
    }

    private static boolean within(long measuredMs, long defaultMs) {
        return Math.abs(measuredMs - defaultMs) <= tolerance(defaultMs);
    }
}
