package dev.conndoctor.probe;

import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.evidence.NameserverAnswer;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * {@link DnsClient#DNSJAVA}'s query, the only class that touches dnsjava: kept apart so that
 * dnsjava's classes load with the first question asked, not with the doctor.
 */
final class DnsjavaClient {
    private DnsjavaClient() {
    }

    static NameserverAnswer query(InetAddress server, String name, String type, Duration timeout) {
        long start = System.nanoTime();
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            Record question = Record.newRecord(Name.fromString(name, Name.root), Type.value(type), DClass.IN);
            Message response = resolver.send(Message.newQuery(question));
            List<DnsRecord> records = new ArrayList<>();
            for (Record r : response.getSection(Section.ANSWER)) {
                // addresses in the short form every other report line uses
                String data = r instanceof org.xbill.DNS.ARecord a ? DnsClient.Dns.text(a.getAddress())
                        : r instanceof org.xbill.DNS.AAAARecord aaaa ? DnsClient.Dns.text(aaaa.getAddress())
                        : r.rdataToString().replaceFirst("\\.$", "");
                records.add(new DnsRecord(r.getName().toString(true), Type.string(r.getType()), r.getTTL(), data));
            }
            return new NameserverAnswer(DnsClient.Dns.text(server), type, Optional.of(Rcode.string(response.getRcode())),
                    records, (System.nanoTime() - start) / 1_000_000, Optional.empty());
        } catch (TextParseException e) {
            return failed(server, type, start, "not a DNS name: " + e.getMessage());
        } catch (IOException e) {
            return failed(server, type, start, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().toLowerCase(Locale.ROOT).contains("timed out") ? "timed out" : e.getMessage());
        }
    }

    private static NameserverAnswer failed(InetAddress server, String type, long start, String why) {
        return new NameserverAnswer(DnsClient.Dns.text(server), type, Optional.empty(), List.of(),
                (System.nanoTime() - start) / 1_000_000, Optional.of(why));
    }
}
