package dev.conndoctor;

import java.util.Locale;

/**
 * The catalogue of causes (design §3). The kebab-case {@link #id()} is part of the JSON
 * contract: constants may be added, never renamed.
 */
public enum CauseId {
    SERVER_NOT_LISTENING,
    WRONG_PORT,
    BOUND_TO_LOOPBACK,
    BOUND_TO_OTHER_ADDRESS,
    WRONG_ADDRESS,
    DNS_POINTS_ELSEWHERE,
    CDN_IN_FRONT,
    PROXY_IN_PATH,
    FAKE_IP_PROXY,
    FIREWALL_DROP,
    FIREWALL_REJECT,
    HOST_FIREWALL,
    PANEL_FIREWALL,
    NETWORK_FIREWALL,
    HOST_DOWN,
    PRIVATE_ADDRESS,
    NO_ROUTE,
    LOCAL_FIREWALL,
    EPHEMERAL_PORTS_EXHAUSTED,
    DNS_NXDOMAIN,
    DNS_NO_ANSWER,
    DNS_TIMEOUT,
    HTTP_NOT_WEBSOCKET,
    PROXY_STRIPS_UPGRADE,
    WEBSOCKET_ONLY,
    WEBSOCKET_PATH_NOT_FOUND,
    WEBSOCKET_REJECTED,
    /** Added to the catalogue: a 101 answer that fails the handshake check (Accept, Upgrade, Connection). */
    WEBSOCKET_HANDSHAKE_INVALID,
    NON_HTTP_REPLY,
    SERVER_SPEAKS_FIRST,
    CLOSED_WITHOUT_REPLY,
    NO_REPLY,
    TLS_REQUIRED,
    TLS_NOT_OFFERED,
    TLS_UNTRUSTED,
    TLS_EXPIRED,
    TLS_NAME_MISMATCH,
    TLS_VERSION_MISMATCH,
    ACCEPT_BACKLOG_OVERFLOW,
    FD_LIMIT,
    // wave 2, containers (design §3): where a published port leads, and the forwarders in between
    CONTAINER_BOUND_TO_LOOPBACK,
    CONTAINER_NOT_LISTENING,
    PORT_NOT_PUBLISHED,
    PUBLISHED_ON_LOOPBACK,
    PUBLISHED_PAST_FIREWALL,
    LOOPBACK_IN_CONTAINER,
    FORWARDER_BACKEND_REFUSED,
    /**
     * Wave 2: the name's addresses reach the server on one family only (localhost = ::1 first, the
     * server on 127.0.0.1): clients that do not fall back to the next address fail.
     */
    ADDRESS_FAMILY_MISMATCH,
    /** Wave 2: a page loaded over https may not open ws:// or http://; the browser blocks it before any packet. */
    MIXED_CONTENT,
    /** Wave 2: the platform forbids cleartext traffic (Android's network security config, iOS ATS). */
    CLEARTEXT_NOT_PERMITTED,
    /** Added with wave 2: the page's Content Security Policy (connect-src, or default-src) does not allow the connection. */
    CSP_CONNECT_SRC,
    /** Wave 2 ({@code --hold}): a proxy, load balancer or NAT closes a connection idle for N seconds. */
    IDLE_TIMEOUT,
    /** Wave 2 ({@code --hold}): the server ended an established session (a close code and reason, a FIN, a reset). */
    CLOSED_BY_SERVER,
    /** Wave 2 ({@code --hold}): the WebSocket upgrade worked, but pings get no pong: the session only looks open. */
    PING_UNANSWERED;

    /** The stable id, e.g. {@code server-not-listening}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return id();
    }
}
