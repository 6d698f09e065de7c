package dev.conndoctor.net;

import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What kind of address a client dials: whether it can be reached from the public internet,
 * from one site only, from this machine only, or is a stand-in handed out by proxy software.
 */
public enum AddressClass {
    LOOPBACK,
    PRIVATE,
    CGNAT,
    LINK_LOCAL,
    UNIQUE_LOCAL,
    /** 198.18.0.0/15, the benchmarking block that proxy software in fake-IP mode answers DNS with. */
    FAKE_IP,
    DOCUMENTATION,
    MULTICAST,
    UNSPECIFIED,
    PUBLIC;

    // first match wins, so narrower blocks come before the ones that contain them
    private static final List<Map.Entry<Cidr, AddressClass>> BLOCKS = List.of(
            Map.entry(Cidr.parse("0.0.0.0/32"), UNSPECIFIED),
            Map.entry(Cidr.parse("::/128"), UNSPECIFIED),
            Map.entry(Cidr.parse("127.0.0.0/8"), LOOPBACK),
            Map.entry(Cidr.parse("::1/128"), LOOPBACK),
            Map.entry(Cidr.parse("10.0.0.0/8"), PRIVATE),
            Map.entry(Cidr.parse("172.16.0.0/12"), PRIVATE),
            Map.entry(Cidr.parse("192.168.0.0/16"), PRIVATE),
            Map.entry(Cidr.parse("100.64.0.0/10"), CGNAT),
            Map.entry(Cidr.parse("169.254.0.0/16"), LINK_LOCAL),
            Map.entry(Cidr.parse("fe80::/10"), LINK_LOCAL),
            Map.entry(Cidr.parse("fc00::/7"), UNIQUE_LOCAL),
            Map.entry(Cidr.parse("198.18.0.0/15"), FAKE_IP),
            Map.entry(Cidr.parse("192.0.2.0/24"), DOCUMENTATION),
            Map.entry(Cidr.parse("198.51.100.0/24"), DOCUMENTATION),
            Map.entry(Cidr.parse("203.0.113.0/24"), DOCUMENTATION),
            Map.entry(Cidr.parse("2001:db8::/32"), DOCUMENTATION),
            Map.entry(Cidr.parse("224.0.0.0/4"), MULTICAST),
            Map.entry(Cidr.parse("ff00::/8"), MULTICAST));

    /** The class of {@code address}; IPv4-mapped IPv6 addresses arrive here as IPv4 already. */
    public static AddressClass of(InetAddress address) {
        return BLOCKS.stream()
                .filter(e -> e.getKey().contains(address))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(PUBLIC);
    }

    /** Reachable only inside one site or provider network: from elsewhere it leads nowhere, or to another machine. */
    public boolean isInternal() {
        return this == PRIVATE || this == CGNAT || this == LINK_LOCAL || this == UNIQUE_LOCAL;
    }

    /** The JSON id, e.g. {@code unique-local}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
