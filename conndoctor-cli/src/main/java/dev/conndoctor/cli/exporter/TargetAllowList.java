package dev.conndoctor.cli.exporter;

import dev.conndoctor.Target;
import dev.conndoctor.net.AddressLiterals;
import dev.conndoctor.net.Cidr;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which targets the exporter may be asked to probe ({@code --allow}): address blocks
 * ({@code 10.0.0.0/8}, {@code 2001:db8::/32}, a single address) for targets written as
 * addresses, and host names or patterns ({@code db.example.com}, {@code *.svc.cluster.local})
 * for targets written as names. None given: every target. A name is judged by its spelling, not
 * by what it resolves to (an answer that changes between the check and the probe proves nothing):
 * to allow a name, allow the name.
 */
public final class TargetAllowList {

    private static final Pattern HOST_PATTERN = Pattern.compile("(\\*\\.)?[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?"
            + "(\\.[a-z0-9_]([a-z0-9_-]*[a-z0-9_])?)*\\.?");

    private final List<Cidr> blocks;
    private final List<String> names;
    private final List<String> suffixes;

    private TargetAllowList(List<Cidr> blocks, List<String> names, List<String> suffixes) {
        this.blocks = List.copyOf(blocks);
        this.names = List.copyOf(names);
        this.suffixes = List.copyOf(suffixes);
    }

    /** Every target allowed. */
    public static TargetAllowList everything() {
        return new TargetAllowList(List.of(), List.of(), List.of());
    }

    /**
     * The list {@code entries} write.
     *
     * @throws IllegalArgumentException naming the first entry that is neither a block nor a host pattern
     */
    public static TargetAllowList parse(List<String> entries) {
        List<Cidr> blocks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        for (String entry : entries) {
            String e = entry.trim().toLowerCase(Locale.ROOT);
            String address = e.contains("/") ? e.substring(0, e.indexOf('/')) : e;
            if (AddressLiterals.isIpv4(address) || AddressLiterals.isIpv6(address)) {
                try {
                    blocks.add(Cidr.parse(e));
                } catch (IllegalArgumentException bad) {
                    throw new IllegalArgumentException("'" + entry + "' is not an address block like 10.0.0.0/8", bad);
                }
            } else if (HOST_PATTERN.matcher(e).matches()) {
                String name = e.endsWith(".") ? e.substring(0, e.length() - 1) : e;
                if (name.startsWith("*.")) {
                    suffixes.add(name.substring(1)); // ".example.com": any name below it, not the name itself
                } else {
                    names.add(name);
                }
            } else {
                throw new IllegalArgumentException("'" + entry
                        + "' is neither an address block (10.0.0.0/8, ::1) nor a host name or pattern (*.example.com)");
            }
        }
        return new TargetAllowList(blocks, names, suffixes);
    }

    public boolean allowsEverything() {
        return blocks.isEmpty() && names.isEmpty() && suffixes.isEmpty();
    }

    /** Whether {@code target} may be probed. */
    public boolean allows(Target target) {
        if (allowsEverything()) {
            return true;
        }
        if (target.hostIsLiteral()) {
            InetAddress address = literal(target.host());
            return blocks.stream().anyMatch(b -> b.contains(address));
        }
        String host = target.host().toLowerCase(Locale.ROOT);
        return names.contains(host) || suffixes.stream().anyMatch(host::endsWith);
    }

    private static InetAddress literal(String host) {
        int zone = host.indexOf('%');
        try {
            return InetAddress.getByName(zone < 0 ? host : host.substring(0, zone)); // a checked literal: no look-up
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(host, e);
        }
    }

    @Override
    public String toString() {
        List<String> all = new ArrayList<>();
        blocks.forEach(b -> all.add(b.toString()));
        all.addAll(names);
        suffixes.forEach(s -> all.add("*" + s));
        return String.join(", ", all);
    }
}
