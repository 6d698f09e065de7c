package dev.conndoctor.host;

import dev.conndoctor.evidence.SocketEntry;
import dev.conndoctor.evidence.TcpState;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser of the kernel's TCP socket tables, {@code /proc/net/tcp} and {@code /proc/net/tcp6}.
 *
 * <p>Addresses there are hex words in the host's byte order (little-endian on every platform
 * Linux runs this on): {@code 0100007F:1F9A} is 127.0.0.1:8090. Rows that do not parse are
 * skipped rather than failing the whole table: a diagnosis with one row missing is still useful.
 */
public final class ProcNetTcp {
    private ProcNetTcp() {
    }

    /** Every row of a table's text; {@code ipv6} says whether it is the tcp6 table. */
    public static List<SocketEntry> parse(String table, boolean ipv6) {
        List<SocketEntry> entries = new ArrayList<>();
        for (String line : table.split("\n")) {
            String[] f = fields(line);
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
            if (f.length < 10 || !f[0].endsWith(":")) {
                continue;
            }
            try {
                String[] local = f[1].split(":");
                String[] remote = f[2].split(":");
                entries.add(new SocketEntry(ipv6,
                        address(local[0]), Integer.parseInt(local[1], 16),
                        address(remote[0]), Integer.parseInt(remote[1], 16),
                        TcpState.ofCode(Integer.parseInt(f[3], 16)),
                        Integer.parseInt(f[7]), Long.parseLong(f[9])));
            } catch (RuntimeException | UnknownHostException e) {
                // a malformed row (truncated read, future format): skip it, keep the rest
            }
        }
        return entries;
    }

    /**
     * The connections waiting in each listening socket's accept queue, by inode: for a LISTEN
     * row the kernel prints that count as rx_queue. (The queue's size is not in this table;
     * {@link SsListeners} reads it from ss.)
     */
    public static java.util.Map<Long, Integer> listenQueues(String table) {
        java.util.Map<Long, Integer> queues = new java.util.HashMap<>();
        for (String line : table.split("\n")) {
            String[] f = fields(line);
            if (f.length < 10 || !f[0].endsWith(":") || !f[3].equals("0A")) {
                continue;
            }
            try {
                String[] q = f[4].split(":");
                queues.put(Long.parseLong(f[9]), Integer.parseInt(q[1], 16));
            } catch (RuntimeException e) {
                // a malformed row: no queue for it
            }
        }
        return queues;
    }

    /**
     * The row's first ten whitespace-separated fields (all a parser here reads), without a regular
     * expression: an exporter answering a burst of probes reads tables of hundreds of rows hundreds
     * of times, and a split on {@code \\s+} per row was most of its work.
     */
    static String[] fields(String line) {
        String[] fields = new String[10];
        int count = 0;
        int i = 0;
        int n = line.length();
        while (count < fields.length) {
            while (i < n && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            if (i == n) {
                break;
            }
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            fields[count++] = line.substring(start, i);
        }
        return count == fields.length ? fields : java.util.Arrays.copyOf(fields, count);
    }

    /** Decodes 8 or 32 hex digits of 32-bit little-endian words into an address. */
    static InetAddress address(String hex) throws UnknownHostException {
        if (hex.length() != 8 && hex.length() != 32) {
            throw new UnknownHostException("bad address length: " + hex);
        }
        byte[] bytes = new byte[hex.length() / 2];
        for (int word = 0; word < bytes.length / 4; word++) {
            for (int b = 0; b < 4; b++) {
                int at = word * 8 + (3 - b) * 2;
                int high = Character.digit(hex.charAt(at), 16);
                int low = Character.digit(hex.charAt(at + 1), 16);
                if (high < 0 || low < 0) {
                    throw new UnknownHostException("not hex: " + hex);
                }
                bytes[word * 4 + b] = (byte) (high << 4 | low);
            }
        }
        // an IPv4-mapped IPv6 address comes back as the Inet4Address it stands for
        return InetAddress.getByAddress(bytes);
    }
}
