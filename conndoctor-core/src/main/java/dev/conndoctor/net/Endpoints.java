package dev.conndoctor.net;

import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Writes addresses the way people and tools read them: {@code 192.0.2.10:8282},
 * {@code [2001:db8::10]:8282}. IPv6 is written in the RFC 5952 short form, which the JDK's
 * {@code getHostAddress} does not produce.
 */
public final class Endpoints {
    private Endpoints() {
    }

    public static String format(InetAddress address, int port) {
        String host = text(address);
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }

    /** The address alone: dotted quad for IPv4, RFC 5952 for IPv6 (with its zone, if any). */
    public static String text(InetAddress address) {
        if (!(address instanceof Inet6Address v6)) {
            return address.getHostAddress();
        }
        byte[] b = v6.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) {
            groups[i] = (b[2 * i] & 0xff) << 8 | b[2 * i + 1] & 0xff;
        }
        // the longest run of two or more zero groups becomes "::" (the first, on a tie)
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j == i ? i + 1 : j;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLength - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(groups[i]));
        }
        String host = v6.getHostAddress();
        int zone = host.indexOf('%');
        return zone < 0 ? sb.toString() : sb + host.substring(zone);
    }
}
