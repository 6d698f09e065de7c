package dev.conndoctor.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The IPv6 addresses of a network namespace, read from its {@code /proc/PID/net/if_inet6}: one
 * line per address, 32 hex digits in network order, then the interface's index, the prefix
 * length, scope, flags and name. Pure.
 *
 * <pre>
 * 20010db8000500000000000000000194 03 40 00 82     eth0
 * </pre>
 */
public final class IfInet6 {
    private IfInet6() {
    }

    /** Every address of the namespace, loopback and link-local ones included, in file order. */
    public static List<InetAddress> addresses(String ifInet6) {
        List<InetAddress> addresses = new ArrayList<>();
        for (String line : ifInet6.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[0].matches("[0-9a-fA-F]{32}")) {
                continue;
            }
            byte[] bytes = new byte[16];
            for (int i = 0; i < 16; i++) {
                bytes[i] = (byte) Integer.parseInt(f[0].substring(2 * i, 2 * i + 2), 16);
            }
            try {
                InetAddress address = InetAddress.getByAddress(bytes);
                if (!addresses.contains(address)) {
                    addresses.add(address);
                }
            } catch (UnknownHostException e) {
                // cannot happen for 16 bytes
            }
        }
        return addresses;
    }
}
