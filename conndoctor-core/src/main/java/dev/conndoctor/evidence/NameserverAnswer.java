package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one nameserver answered to one question (A or AAAA for the target's name): the rcode
 * and every record, the CNAME chain included; or why no answer came.
 *
 * @param rcode {@code NOERROR}, {@code NXDOMAIN}, {@code SERVFAIL}...; empty when nothing came back
 * @param error the failure in the client's own words when there is no answer (timeout, unreachable)
 */
public record NameserverAnswer(String server, String type, Optional<String> rcode, List<DnsRecord> records,
                               long elapsedMs, Optional<String> error) {

    public NameserverAnswer {
        records = List.copyOf(records);
    }

    /** The addresses of the A and AAAA records. */
    public List<InetAddress> addresses() {
        List<InetAddress> addresses = new ArrayList<>();
        for (DnsRecord r : records) {
            if (r.type().equals("A") || r.type().equals("AAAA")) {
                try {
                    addresses.add(InetAddress.getByName(r.data())); // dnsjava writes literals
                } catch (UnknownHostException e) {
                    // not a literal: not an address record we can use
                }
            }
        }
        return addresses;
    }

    /** The CNAME targets, in the order of the chain. */
    public List<String> cnames() {
        return records.stream().filter(r -> r.type().equals("CNAME")).map(DnsRecord::data).toList();
    }

    public boolean answered() {
        return rcode.isPresent();
    }
}
