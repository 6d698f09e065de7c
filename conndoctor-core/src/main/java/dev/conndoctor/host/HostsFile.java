package dev.conndoctor.host;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import dev.conndoctor.net.AddressLiterals;

/** Parser of {@code /etc/hosts}: the addresses a name is pinned to on this machine, before any DNS. */
public final class HostsFile {
    private HostsFile() {
    }

    /** Every address the file gives {@code name}, in file order (names compare without case). */
    public static List<InetAddress> addressesOf(String hostsFile, String name) {
        List<InetAddress> addresses = new ArrayList<>();
        String wanted = name.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        for (String line : hostsFile.split("\n")) {
            int comment = line.indexOf('#');
            String[] fields = (comment >= 0 ? line.substring(0, comment) : line).trim().split("\\s+");
            if (fields.length < 2 || !(AddressLiterals.isIpv4(fields[0]) || AddressLiterals.isIpv6(fields[0]))) {
                continue;
            }
            for (int i = 1; i < fields.length; i++) {
                if (fields[i].toLowerCase(Locale.ROOT).replaceFirst("\\.$", "").equals(wanted)) {
                    try {
                        addresses.add(InetAddress.getByName(fields[0])); // a checked literal: no lookup
                    } catch (UnknownHostException e) {
                        // cannot happen for a literal that passed the check
                    }
                    break;
                }
            }
        }
        return addresses;
    }
}
