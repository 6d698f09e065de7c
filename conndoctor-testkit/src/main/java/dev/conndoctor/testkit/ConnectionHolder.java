package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Opens connections to one destination and holds them open, so that the client's local
 * ephemeral ports to that destination run out ("Cannot assign requested address").
 *
 * <p>As a process (inside a lab namespace):
 * <pre>
 * java -cp conndoctor-testkit.jar dev.conndoctor.testkit.ConnectionHolder --to 192.0.2.10:8282 --max 100
 * </pre>
 * connects until it holds {@code --max} connections or a connect fails, prints one line
 * {@code held <count> <last error or none>} (e.g. {@code held 4 Cannot assign requested address})
 * and sleeps holding them until it is killed.
 */
public final class ConnectionHolder implements AutoCloseable {

    /** The Linux text of EADDRNOTAVAIL, which is what the holder is there to provoke. */
    public static final String ADDRESS_NOT_AVAILABLE = "Cannot assign requested address";

    private final List<Socket> sockets;
    private final String lastError;

    private ConnectionHolder(List<Socket> sockets, String lastError) {
        this.sockets = sockets;
        this.lastError = lastError;
    }

    /**
     * Connects to {@code destination} one connection after another until {@code max} are open
     * or a connect fails (the first failure stops it, whatever it is).
     */
    public static ConnectionHolder hold(InetSocketAddress destination, int max, Duration connectTimeout) {
        if (max < 0) {
            throw new IllegalArgumentException("max must not be negative");
        }
        List<Socket> sockets = new ArrayList<>();
        String lastError = null;
        while (sockets.size() < max) {
            Socket socket = new Socket();
            try {
                socket.connect(destination, (int) connectTimeout.toMillis());
                sockets.add(socket);
            } catch (IOException e) {
                closeQuietly(socket);
                lastError = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
                break;
            }
        }
        return new ConnectionHolder(sockets, lastError);
    }

    /** Connections held open. */
    public int count() {
        return sockets.size();
    }

    /** The message of the connect that stopped the holder, if one failed. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    /** Whether the holder stopped because the local ports ran out. */
    public boolean portsExhausted() {
        return lastError != null && lastError.contains(ADDRESS_NOT_AVAILABLE);
    }

    /** The local ports the held connections use. */
    public List<Integer> localPorts() {
        return sockets.stream().map(Socket::getLocalPort).toList();
    }

    /** The status line of {@link #main}: {@code held <count> <last error or none>}. */
    public String statusLine() {
        return "held " + count() + " " + lastError().orElse("none");
    }

    @Override
    public void close() {
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // on the way out
        }
    }

    /**
     * {@code --to ADDR:PORT} (IPv6 as {@code [ADDR]:PORT}), {@code --max N},
     * optional {@code --connect-timeout-ms N} (default 3000). Exit code 2 on bad arguments.
     */
    public static void main(String[] args) throws InterruptedException {
        System.exit(run(args, System.out, System.err, true));
    }

    static int run(String[] args, PrintStream out, PrintStream err, boolean sleepForever) throws InterruptedException {
        InetSocketAddress to = null;
        int max = -1;
        int timeoutMillis = 3000;
        try {
            for (int i = 0; i < args.length; i++) {
                String option = args[i];
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(option + " needs a value");
                }
                String value = args[++i];
                switch (option) {
                    case "--to" -> to = parseDestination(value);
                    case "--max" -> max = TestServer.parseInt(option, value);
                    case "--connect-timeout-ms" -> timeoutMillis = TestServer.parseInt(option, value);
                    default -> throw new IllegalArgumentException("unknown option '" + option + "'");
                }
            }
            if (to == null || max < 0) {
                throw new IllegalArgumentException("--to ADDR:PORT and --max N are required");
            }
        } catch (IllegalArgumentException e) {
            err.println("ConnectionHolder: " + e.getMessage());
            err.println("usage: ConnectionHolder --to ADDR:PORT --max N [--connect-timeout-ms N]");
            return 2;
        }
        ConnectionHolder holder = hold(to, max, Duration.ofMillis(timeoutMillis));
        out.println(holder.statusLine());
        out.flush();
        if (sleepForever) {
            Runtime.getRuntime().addShutdownHook(new Thread(holder::close, "connection-holder-shutdown"));
            Thread.sleep(Long.MAX_VALUE);
        }
        holder.close();
        return 0;
    }

    /** {@code 192.0.2.10:8282} or {@code [2001:db8:a::10]:8282}; literals only, never DNS. */
    static InetSocketAddress parseDestination(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not ADDR:PORT");
        }
        String host = text.substring(0, colon);
        if (host.contains(":") && !(host.startsWith("[") && host.endsWith("]"))) {
            throw new IllegalArgumentException("write an IPv6 destination as [ADDR]:PORT, not '" + text + "'");
        }
        int port = TestServer.parseInt("--to", text.substring(colon + 1));
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range 1-65535");
        }
        return new InetSocketAddress(TestServer.parseLiteral(host), port);
    }
}
