package dev.conndoctor.probe;

import dev.conndoctor.host.ProcNetArp;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * The kernel's neighbour table as it stands now: the on-link addresses that have answered
 * neighbour discovery. A connect to an on-link host makes the kernel ask for its link address
 * first, so an entry that becomes complete during a round proves the host is up even when the
 * port itself stays silent. Only IPv4 is read ({@code /proc/net/arp}); IPv6's table has no
 * {@code /proc} file, and asking for it would take a subprocess on the hot path.
 */
@FunctionalInterface
public interface Neighbours {

    /** A table that knows no neighbour: silence then needs another port's answer. */
    Neighbours NONE = Set::of;

    /** The table of the network namespace this process runs in. */
    Neighbours SYSTEM = under(Path.of("/"));

    /** The neighbours answered now. */
    Set<InetAddress> answered();

    /** The table read from {@code root}'s {@code proc/net/arp} (a fixture tree in tests); empty when unreadable. */
    static Neighbours under(Path root) {
        Path arp = root.resolve("proc/net/arp");
        return () -> {
            // the table is small (one line per neighbour); a bound keeps a strange one from costing the round
            try (InputStream in = Files.newInputStream(arp)) {
                return ProcNetArp.answered(new String(in.readNBytes(256 * 1024), StandardCharsets.US_ASCII));
            } catch (IOException | SecurityException e) {
                return Set.of();
            }
        };
    }
}
