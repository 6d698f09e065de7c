package dev.conndoctor.evidence;

import java.util.Locale;

/**
 * In which order a name's addresses came from the resolver, which is the order a client that
 * dials only the first one depends on.
 *
 * <p>The JVM's own resolver ({@code InetAddress.getAllByName}) asks getaddrinfo, which sorts the
 * addresses by RFC 6724 (and {@code /etc/gai.conf}) as curl, Go and Node see them; the JVM then
 * regroups them by family unless {@code java.net.preferIPv6Addresses} is {@code system}: IPv4
 * first by default, IPv6 first with {@code true}. Within a family the system's order is kept.
 */
public enum AddressOrder {
    /** getaddrinfo's order (RFC 6724, {@code /etc/gai.conf}): what curl, Go and Node dial first. */
    SYSTEM,
    /** Java's default: every IPv4 address before every IPv6 one. */
    IPV4_FIRST,
    /** Java with {@code -Djava.net.preferIPv6Addresses=true}: every IPv6 address before every IPv4 one. */
    IPV6_FIRST,
    /** As an injected resolver gave them, or a literal: nothing is known of how they were ordered. */
    AS_GIVEN;

    /** The system property that decides the JVM's order, read once when the JVM first resolves a name. */
    public static final String JVM_PROPERTY = "java.net.preferIPv6Addresses";

    /** The JVM resolver's order for a value of {@link #JVM_PROPERTY} ({@code null} when unset), as the JDK reads it. */
    public static AddressOrder ofJvmProperty(String value) {
        if (value == null) {
            return IPV4_FIRST;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "system" -> SYSTEM;
            case "true" -> IPV6_FIRST;
            default -> IPV4_FIRST; // "false", and anything the JDK does not know, which it reads as false
        };
    }

    /** The JSON id, e.g. {@code ipv4-first}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
