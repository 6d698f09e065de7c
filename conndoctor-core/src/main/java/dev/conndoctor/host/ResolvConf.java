package dev.conndoctor.host;

import dev.conndoctor.net.AddressLiterals;
import java.util.ArrayList;
import java.util.List;

/** Parser of {@code /etc/resolv.conf}: the nameservers this machine's resolver asks, in order. */
public final class ResolvConf {
    private ResolvConf() {
    }

    /** The {@code nameserver} addresses (literals only; a zone on a link-local IPv6 is kept). */
    public static List<String> nameservers(String resolvConf) {
        List<String> servers = new ArrayList<>();
        for (String line : resolvConf.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals("nameserver")
                    && (AddressLiterals.isIpv4(fields[1]) || AddressLiterals.isIpv6(fields[1]))) {
                servers.add(fields[1]);
            }
        }
        return servers;
    }
}
