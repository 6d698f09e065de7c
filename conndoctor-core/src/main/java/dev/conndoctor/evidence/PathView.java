package dev.conndoctor.evidence;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * What lies between the client and the server: the name's own records, where the user says the
 * server is, CDN edges, and the proxy a typical client would go through.
 *
 * @param dns the hosts-file entry and each nameserver's answers, for a name
 * @param expectedAddresses where the user says the server is ({@code --expect-ip})
 * @param cdn signs of a CDN edge in front of the target
 * @param proxy what a typical client would do about proxies, and the tunnel tried through one
 */
public record PathView(Optional<DnsEvidence> dns, List<InetAddress> expectedAddresses, List<CdnSighting> cdn,
                       Optional<ProxyPath> proxy) {

    public PathView {
        expectedAddresses = List.copyOf(expectedAddresses);
        cdn = List.copyOf(cdn);
    }

    /** A direct path with nothing known about it. */
    public static PathView direct() {
        return new PathView(Optional.empty(), List.of(), List.of(), Optional.empty());
    }
}
