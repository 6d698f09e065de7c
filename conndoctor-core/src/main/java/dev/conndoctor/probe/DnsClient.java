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
 * Asks one nameserver one question, bypassing the system resolver and its caches. {@link #DNSJAVA}
 * sends a real query with dnsjava; tests pass a fake.
 */
@FunctionalInterface
public interface DnsClient {

    /** A real query over UDP (TCP when truncated), recursion desired, no cache. */
    DnsClient DNSJAVA = (server, name, type, timeout) -> {
        long start = System.nanoTime();
        try {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            Record question = Record.newRecord(Name.fromString(name, Name.root), Type.value(type), DClass.IN);
            Message response = resolver.send(Message.newQuery(question));
            List<DnsRecord> records = new ArrayList<>();
            for (Record r : response.getSection(Section.ANSWER)) {
                // addresses in the short form every other report line uses
                String data = r instanceof org.xbill.DNS.ARecord a ? Dns.text(a.getAddress())
                        : r instanceof org.xbill.DNS.AAAARecord aaaa ? Dns.text(aaaa.getAddress())
                        : r.rdataToString().replaceFirst("\\.$", "");
                records.add(new DnsRecord(r.getName().toString(true), Type.string(r.getType()), r.getTTL(), data));
            }
            return new NameserverAnswer(Dns.text(server), type, Optional.of(Rcode.string(response.getRcode())),
                    records, (System.nanoTime() - start) / 1_000_000, Optional.empty());
        } catch (TextParseException e) {
            return failed(server, type, start, "not a DNS name: " + e.getMessage());
        } catch (IOException e) {
            return failed(server, type, start, e.getMessage() == null ? e.getClass().getSimpleName()
                    : e.getMessage().toLowerCase(Locale.ROOT).contains("timed out") ? "timed out" : e.getMessage());
        }
    };

    /** Asks {@code server} for the {@code type} ("A", "AAAA") records of {@code name}; never throws. */
    NameserverAnswer query(InetAddress server, String name, String type, Duration timeout);

    private static NameserverAnswer failed(InetAddress server, String type, long start, String why) {
        return new NameserverAnswer(Dns.text(server), type, Optional.empty(), List.of(),
                (System.nanoTime() - start) / 1_000_000, Optional.of(why));
    }

    /** Formatting shared by the client and its callers. */
    final class Dns {
        private Dns() {
        }

        static String text(InetAddress server) {
            return dev.conndoctor.net.Endpoints.text(server);
        }
    }
}
