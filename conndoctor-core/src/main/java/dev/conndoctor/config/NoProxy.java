package dev.conndoctor.config;

import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.net.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * NO_PROXY as curl and most clients read it: comma- or space-separated entries, each {@code *}
 * (no proxy at all), a host name that also covers its subdomains (a leading dot is the same),
 * an IP address or CIDR block for literal targets, with an optional {@code :port}.
 */
public final class NoProxy {
    private final List<String> entries;

    public NoProxy(String value) {
        this.entries = value == null ? List.of()
                : Arrays.stream(value.split("[,\\s]+")).map(String::trim).filter(e -> !e.isEmpty()).toList();
    }

    /** The entry that takes {@code host:port} out of the proxy, if one does. */
    public Optional<String> bypass(String host, int port) {
        String h = host.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        for (String entry : entries) {
            if (matches(entry, h, port)) {
                return Optional.of(entry);
            }
        }
        return Optional.empty();
    }

    private static boolean matches(String entry, String host, int port) {
        if (entry.equals("*")) {
            return true;
        }
        String e = entry.toLowerCase(Locale.ROOT);
        int entryPort = -1;
        if (e.startsWith("[")) {
            int close = e.indexOf(']');
            if (close > 0 && e.startsWith(":", close + 1)) {
                entryPort = parsePort(e.substring(close + 2));
            }
            e = close > 0 ? e.substring(1, close) : e;
        } else if (e.indexOf(':') == e.lastIndexOf(':') && e.indexOf(':') > 0) {
            entryPort = parsePort(e.substring(e.indexOf(':') + 1));
            e = e.substring(0, e.indexOf(':'));
        }
        if (entryPort > 0 && entryPort != port) {
            return false;
        }
        String block = e.contains("/") ? e.substring(0, e.indexOf('/')) : e;
        if (AddressLiterals.isIpv4(block) || AddressLiterals.isIpv6(block)) {
            return literalIn(host, e);
        }
        String domain = e.startsWith(".") ? e.substring(1) : e.startsWith("*.") ? e.substring(2) : e;
        return host.equals(domain) || host.endsWith("." + domain);
    }

    /** A literal target inside an address or CIDR entry; a name never matches an address entry. */
    private static boolean literalIn(String host, String entry) {
        if (!AddressLiterals.isIpv4(host) && !AddressLiterals.isIpv6(host)) {
            return false;
        }
        try {
            return Cidr.parse(entry).contains(InetAddress.getByName(host)); // checked literals: no lookup
        } catch (IllegalArgumentException | UnknownHostException ex) {
            return false;
        }
    }

    private static int parsePort(String text) {
        return text.matches("\\d{1,5}") ? Integer.parseInt(text) : -1;
    }
}
