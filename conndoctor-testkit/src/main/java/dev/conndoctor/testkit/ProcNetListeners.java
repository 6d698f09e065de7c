package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The TCP listeners of a network namespace as its {@code /proc/PID/net/tcp} and {@code tcp6}
 * show them, for {@link DockerEngine}'s wait until a container's server is up and for tests
 * that check a container binds where it says. Only the testkit's own check: conndoctor reads
 * these tables with its own parser.
 */
public final class ProcNetListeners {

    /** A listening socket: its local address and port. */
    public record Listener(InetAddress address, int port) {
        /** {@code 127.0.0.1:80}, {@code 0.0.0.0:80}, {@code [::]:80}, {@code [::1]:80}. */
        @Override
        public String toString() {
            if (address.getAddress().length == 4) {
                return address.getHostAddress() + ":" + port;
            }
            String host = address.isAnyLocalAddress() ? "::" : address.isLoopbackAddress() ? "::1" : address.getHostAddress();
            return "[" + host + "]:" + port;
        }
    }

    private static final String LISTEN = "0A";

    private ProcNetListeners() {
    }

    /** The listeners of the namespace process {@code pid} is in, IPv4 first; empty when it has none. */
    public static List<Listener> of(long pid) {
        return read(Path.of("/proc", Long.toString(pid), "net"));
    }

    /** The listeners in {@code netDir/tcp} and {@code netDir/tcp6} (a missing table counts as empty). */
    public static List<Listener> read(Path netDir) {
        List<Listener> listeners = new ArrayList<>();
        for (String table : List.of("tcp", "tcp6")) {
            try {
                listeners.addAll(parse(Files.readString(netDir.resolve(table))));
            } catch (NoSuchFileException e) {
                // no IPv6 in this kernel, or the process is gone: nothing listens there
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return listeners;
    }

    /** The LISTEN rows of one table's text (either family; the header line is skipped). */
    public static List<Listener> parse(String table) {
        List<Listener> listeners = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !fields[0].endsWith(":") || !fields[3].equals(LISTEN)) {
                continue;
            }
            String[] local = fields[1].split(":");
            listeners.add(new Listener(address(local[0]), Integer.parseInt(local[1], 16)));
        }
        return listeners;
    }

    /**
     * The kernel prints the address as 32-bit words in host byte order, so on a little-endian
     * machine each word's bytes come reversed: {@code 0100007F} is 127.0.0.1.
     */
    private static InetAddress address(String hex) {
        byte[] raw = HexFormat.of().parseHex(hex);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            for (int word = 0; word < raw.length; word += 4) {
                for (int i = 0; i < 2; i++) {
                    byte b = raw[word + i];
                    raw[word + i] = raw[word + 3 - i];
                    raw[word + 3 - i] = b;
                }
            }
        }
        try {
            return InetAddress.getByAddress(raw);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + hex, e);
        }
    }
}
