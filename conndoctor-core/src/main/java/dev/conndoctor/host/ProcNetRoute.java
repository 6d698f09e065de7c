package dev.conndoctor.host;

import dev.conndoctor.net.Cidr;
import dev.conndoctor.evidence.Route;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parser of the kernel's routing tables, {@code /proc/net/route} (IPv4, little-endian hex)
 * and {@code /proc/net/ipv6_route} (IPv6, network-order hex).
 */
public final class ProcNetRoute {
    private static final int RTF_UP = 0x1;
    private static final int RTF_REJECT = 0x200;
    /** A route to one of this machine's own addresses, not a way to anywhere. */
    private static final long RTF_LOCAL = 0x80000000L;

    private ProcNetRoute() {
    }

    /** The usable IPv4 routes: up and not "unreachable"/"prohibit" entries. */
    public static List<Route> parseIpv4(String table) {
        List<Route> routes = new ArrayList<>();
        for (String line : table.split("\n")) {
            // Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT
            String[] f = line.trim().split("\\s+");
            if (f.length < 8 || f[0].equals("Iface")) {
                continue;
            }
            try {
                int flags = Integer.parseInt(f[3], 16);
                if ((flags & RTF_UP) == 0 || (flags & RTF_REJECT) != 0) {
                    continue;
                }
                InetAddress destination = ProcNetTcp.address(f[1]);
                InetAddress gateway = ProcNetTcp.address(f[2]);
                int prefix = Integer.bitCount((int) Long.parseLong(f[7], 16));
                routes.add(new Route(new Cidr(destination, prefix),
                        gateway.isAnyLocalAddress() ? Optional.empty() : Optional.of(gateway), f[0]));
            } catch (RuntimeException | UnknownHostException e) {
                // skip a row we cannot read
            }
        }
        return routes;
    }

    /** The usable IPv6 routes, without the kernel's local and multicast housekeeping entries. */
    public static List<Route> parseIpv6(String table) {
        List<Route> routes = new ArrayList<>();
        for (String line : table.split("\n")) {
            // dest dest_plen src src_plen nexthop metric refcnt use flags device
            String[] f = line.trim().split("\\s+");
            if (f.length < 10) {
                continue;
            }
            try {
                long flags = Long.parseLong(f[8], 16);
                String device = f[9];
                if ((flags & RTF_UP) == 0 || (flags & RTF_REJECT) != 0 || (flags & RTF_LOCAL) != 0
                        || device.equals("lo")) {
                    continue;
                }
                InetAddress destination = InetAddress.getByAddress(hex(f[0]));
                if (destination.isMulticastAddress()) {
                    continue;
                }
                InetAddress gateway = InetAddress.getByAddress(hex(f[4]));
                routes.add(new Route(new Cidr(destination, Integer.parseInt(f[1], 16)),
                        gateway.isAnyLocalAddress() ? Optional.empty() : Optional.of(gateway), device));
            } catch (RuntimeException | UnknownHostException e) {
                // skip a row we cannot read
            }
        }
        return routes;
    }

    private static byte[] hex(String text) {
        byte[] bytes = new byte[text.length() / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) Integer.parseInt(text.substring(2 * i, 2 * i + 2), 16);
        }
        return bytes;
    }
}
