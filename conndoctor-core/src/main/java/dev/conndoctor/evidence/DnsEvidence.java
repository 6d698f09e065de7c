package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DNS seen from more than the system resolver: the hosts-file entry for the name, and each
 * nameserver's own answers, so that an override or a disagreement shows.
 *
 * @param hostsFile the addresses /etc/hosts pins the name to (empty: no entry)
 * @param nameservers the servers asked ({@code --dns}, or /etc/resolv.conf)
 */
public record DnsEvidence(String name, List<InetAddress> hostsFile, List<String> nameservers,
                          List<NameserverAnswer> answers) {

    public DnsEvidence {
        hostsFile = List.copyOf(hostsFile);
        nameservers = List.copyOf(nameservers);
        answers = List.copyOf(answers);
    }

    /** The addresses one server gave, over A and AAAA. */
    public Set<InetAddress> addressesFrom(String server) {
        Set<InetAddress> addresses = new LinkedHashSet<>();
        answers.stream().filter(a -> a.server().equals(server)).forEach(a -> addresses.addAll(a.addresses()));
        return addresses;
    }

    /** Every CNAME target any server gave. */
    public Set<String> cnames() {
        Set<String> names = new LinkedHashSet<>();
        answers.forEach(a -> names.addAll(a.cnames()));
        return names;
    }

    /** Whether a server gave an answer (any rcode) for at least one question. */
    public boolean answeredBy(String server) {
        return answers.stream().anyMatch(a -> a.server().equals(server) && a.answered());
    }
}
