package dev.conndoctor.probe;

import dev.conndoctor.evidence.NameserverAnswer;
import java.net.InetAddress;
import java.time.Duration;

/**
 * Asks one nameserver one question, bypassing the system resolver and its caches. {@link #DNSJAVA}
 * sends a real query with dnsjava ({@link DnsjavaClient}); tests pass a fake.
 */
@FunctionalInterface
public interface DnsClient {

    /**
     * A real query over UDP (TCP when truncated), recursion desired, no cache. dnsjava is loaded on
     * the first query only: a target given as an address never asks a nameserver, and pays nothing.
     */
    DnsClient DNSJAVA = (server, name, type, timeout) -> DnsjavaClient.query(server, name, type, timeout);

    /** Asks {@code server} for the {@code type} ("A", "AAAA") records of {@code name}; never throws. */
    NameserverAnswer query(InetAddress server, String name, String type, Duration timeout);

    /** Formatting shared by the client and its callers. */
    final class Dns {
        private Dns() {
        }

        static String text(InetAddress server) {
            return dev.conndoctor.net.Endpoints.text(server);
        }
    }
}
