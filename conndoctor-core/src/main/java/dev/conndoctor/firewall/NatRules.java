package dev.conndoctor.firewall;

import dev.conndoctor.net.Cidr;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the published ports in a firewall read: the DNAT rules of the {@code nat} tables that
 * {@link IptablesSave} and {@link NftRuleset} parsed with the other tables, so that no command is
 * run for them. Pure.
 *
 * <p>iptables-save prints every table, nat included, and iptables-nft's tables are read from
 * it (nft's JSON shows their DNAT as an {@code xt} statement without its destination). nft's
 * own tables (netavark's {@code inet netavark}, Docker's {@code ip docker-bridges}) come from
 * {@code nft -j list ruleset}, whose {@code dnat} statements NftRuleset prints as nft does.
 */
public final class NatRules {
    /** nft's statement: {@code dnat to 192.0.2.2:80}, {@code dnat ip to 10.88.0.2:80}, {@code dnat ip6 to [fd00::2]:80}. */
    private static final Pattern NFT_DNAT = Pattern.compile("(?:^|\\s)dnat (?:ip6? )?to (\\S+)");
    /** nft's condition on the destination address: {@code ip daddr 127.0.0.1}; a negated one has {@code !=}. */
    private static final Pattern NFT_DADDR = Pattern.compile("^ip6? daddr (\\S+)$");

    private NatRules() {
    }

    /** Every DNAT rule in {@code chains} whose destination can be read, in the order the firewall lists them. */
    public static List<DnatRule> dnat(List<Chain> chains) {
        List<DnatRule> rules = new ArrayList<>();
        for (Chain chain : chains) {
            for (FirewallRule rule : chain.rules()) {
                if (!rule.target().equals("DNAT")) {
                    continue;
                }
                Optional<DnatRule> dnat = chain.source().equals("nft") ? fromNft(chain, rule) : fromIptables(chain, rule);
                dnat.ifPresent(rules::add);
            }
        }
        return rules;
    }

    private static Optional<DnatRule> fromIptables(Chain chain, FirewallRule rule) {
        List<String> tokens = IptablesSave.tokens(rule.text());
        Optional<String> to = Optional.empty();
        Optional<String> daddr = Optional.empty();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            String token = tokens.get(i);
            boolean negated = i > 0 && tokens.get(i - 1).equals("!");
            if (token.equals("--to-destination") || token.equals("--to")) {
                to = Optional.of(tokens.get(i + 1));
            } else if ((token.equals("-d") || token.equals("--destination")) && !negated) {
                daddr = Optional.of(tokens.get(i + 1));
            }
        }
        Optional<InetAddress> host = daddr.flatMap(NatRules::singleAddress);
        String hostCondition = daddr.map(d -> "-d " + d).orElse("");
        return to.flatMap(NatRules::destination).map(d -> new DnatRule(chain.source(), chain.table(), chain.name(),
                rule.protocol(), host, rule.ports(), d.address, d.ports,
                rule.conditions().stream().filter(c -> host.isEmpty() || !c.equals(hostCondition)).toList(),
                rule.text()));
    }

    private static Optional<DnatRule> fromNft(Chain chain, FirewallRule rule) {
        Matcher m = NFT_DNAT.matcher(rule.text());
        if (!m.find()) {
            return Optional.empty(); // an xt DNAT of iptables-nft, or a dnat through a map: no destination to read
        }
        Optional<InetAddress> host = Optional.empty();
        List<String> conditions = new ArrayList<>();
        for (String condition : rule.conditions()) {
            Matcher d = NFT_DADDR.matcher(condition);
            Optional<InetAddress> single = d.matches() ? singleAddress(d.group(1)) : Optional.empty();
            if (single.isPresent() && host.isEmpty()) {
                host = single;
            } else {
                conditions.add(condition);
            }
        }
        Optional<InetAddress> hostAddress = host;
        return destination(m.group(1)).map(d -> new DnatRule(chain.source(), chain.table(), chain.name(),
                rule.protocol(), hostAddress, rule.ports(), d.address, d.ports, conditions, rule.text()));
    }

    /** The address of {@code 127.0.0.1}, {@code 127.0.0.1/32} or {@code ::1/128}; empty for a wider block or a set. */
    private static Optional<InetAddress> singleAddress(String text) {
        try {
            Cidr cidr = Cidr.parse(text);
            return cidr.prefixLength() == cidr.network().getAddress().length * 8 ? Optional.of(cidr.network())
                    : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    record Destination(InetAddress address, Optional<PortRange> ports) {
    }

    /**
     * Reads a DNAT destination: {@code 172.17.0.2:80}, {@code 172.17.0.2}, {@code 10.0.0.2:9000-9010},
     * {@code [fd00::2]:80}, {@code fd00::2}. An address range ({@code 10.0.0.2-10.0.0.5}) is a load
     * balancer, not one container: it is not read.
     */
    static Optional<Destination> destination(String text) {
        String address;
        String ports = "";
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            address = text.substring(1, close);
            if (text.length() > close + 1) {
                if (text.charAt(close + 1) != ':') {
                    return Optional.empty();
                }
                ports = text.substring(close + 2);
            }
        } else if (text.indexOf(':') != text.lastIndexOf(':')) {
            address = text; // IPv6 without a port
        } else {
            int colon = text.indexOf(':');
            address = colon < 0 ? text : text.substring(0, colon);
            ports = colon < 0 ? "" : text.substring(colon + 1);
        }
        if (address.isEmpty() || address.contains("-")) {
            return Optional.empty();
        }
        try {
            InetAddress parsed = Cidr.parse(address).network();
            Optional<PortRange> range = ports.isEmpty() ? Optional.empty() : Optional.of(PortRange.parse(ports));
            return Optional.of(new Destination(parsed, range));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
