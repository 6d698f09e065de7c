package dev.conndoctor.evidence;

import dev.conndoctor.config.CdnCatalog;

import dev.conndoctor.net.Endpoints;
import dev.conndoctor.protocol.HttpResponseHead;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Looks for CDN signs in what the probes saw: edge ranges, CNAMEs, response headers. Pure. */
public final class CdnSightings {
    private CdnSightings() {
    }

    public static List<CdnSighting> find(CdnCatalog catalog, Resolution resolution, Optional<DnsEvidence> dns,
                                         Optional<ProtocolExchange> exchange, int port) {
        List<CdnSighting> sightings = new ArrayList<>();
        for (ResolvedAddress address : resolution.addresses()) {
            catalog.rangeOf(address.address()).ifPresent(range -> sightings.add(new CdnSighting(range.provider(),
                    "range", address.text() + " in " + range.block(), range.portsText(),
                    range.portsKnown() ? Optional.of(range.forwards(port)) : Optional.empty())));
        }
        dns.ifPresent(d -> d.cnames().forEach(cname -> catalog.cnameOf(cname).ifPresent(c -> sightings.add(
                new CdnSighting(c.provider(), "cname", cname, "any", Optional.empty())))));
        exchange.flatMap(ProtocolExchange::http).map(HttpResponseHead::headers).ifPresent(headers ->
                catalog.headersIn(headers).forEach(h -> sightings.add(new CdnSighting(h.provider(), "header",
                        h.name() + (h.valueContains().isEmpty() ? "" : ": …" + h.valueContains() + "…"), "any",
                        Optional.empty()))));
        return sightings;
    }

    /** The address text, for callers that describe a sighting. */
    static String text(java.net.InetAddress address) {
        return Endpoints.text(address);
    }
}
