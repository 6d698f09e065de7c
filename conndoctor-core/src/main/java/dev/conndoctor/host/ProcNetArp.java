package dev.conndoctor.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Parser of the kernel's IPv4 neighbour table, {@code /proc/net/arp}: which on-link addresses
 * have answered ARP. An entry is listed from the first ARP request; only its "complete" flag
 * says the neighbour replied.
 */
public final class ProcNetArp {
    /** {@code ATF_COM}: the link-layer address is known, the neighbour answered. */
    private static final int ATF_COM = 0x2;

    private ProcNetArp() {
    }

    /** The addresses whose entry is complete; rows that cannot be read are skipped. */
    public static Set<InetAddress> answered(String table) {
        Set<InetAddress> result = new LinkedHashSet<>();
        for (String line : table.split("\n")) {
            // IP address  HW type  Flags  HW address  Mask  Device
            String[] f = line.trim().split("\\s+");
            if (f.length < 6 || !f[1].startsWith("0x")) {
                continue;
            }
            try {
                if ((Integer.parseInt(f[2].substring(2), 16) & ATF_COM) != 0 && f[0].matches("[0-9.]+")) {
                    result.add(InetAddress.getByName(f[0]));
                }
            } catch (RuntimeException | UnknownHostException e) {
                // skip a row we cannot read
            }
        }
        return result;
    }
}
