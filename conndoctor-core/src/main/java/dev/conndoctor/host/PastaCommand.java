package dev.conndoctor.host;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The TCP ports a pasta process forwards into its namespace, read from its command line (rootless
 * Podman 5 starts {@code pasta --config-net -t 8080-8080:80-80 ... --netns PATH}). pasta listens
 * on the host's side and connects inside the namespace: to the namespace's loopback for local
 * clients, to its own address for others. Pure.
 *
 * <p>A {@code -t} spec ({@code man pasta}): {@code none}, {@code auto}, {@code all}, or an
 * optional {@code ADDRESS[%IFACE]/} (or {@code %IFACE/}) then a comma-separated list of ports
 * and ranges, each with an optional {@code :TARGET} port or range; items prefixed by {@code ~}
 * are excluded from the rest. {@code -t 22}, {@code -t 22:23}, {@code -t 2000-5000,~3000-3010},
 * {@code -t 127.0.0.1/8080-8080:80-80}.
 *
 * @param forwards the explicit forwards, in order
 * @param excluded the ranges excluded with {@code ~}
 * @param automatic whether a spec forwards ports it chooses itself ({@code auto}, {@code all}, only exclusions)
 */
public record PastaCommand(List<Forward> forwards, List<int[]> excluded, boolean automatic) {

    /**
     * Host ports {@code low..high} on {@code address} (every address when empty) forwarded to
     * {@code targetLow..} in the namespace.
     */
    public record Forward(Optional<InetAddress> address, int low, int high, int targetLow) {
        public boolean contains(int port) {
            return port >= low && port <= high;
        }

        public int target(int port) {
            return targetLow + port - low;
        }
    }

    public PastaCommand {
        forwards = List.copyOf(forwards);
        excluded = List.copyOf(excluded);
    }

    /** Whether {@code argv} runs pasta ({@code pasta}, {@code pasta.avx2}). */
    public static boolean isPasta(List<String> argv) {
        String program = Argv.program(argv);
        return program.equals("pasta") || program.startsWith("pasta.");
    }

    /** The forward of host port {@code port}, if pasta forwards it explicitly. */
    public Optional<Forward> forwarding(int port) {
        if (excluded.stream().anyMatch(r -> port >= r[0] && port <= r[1])) {
            return Optional.empty();
        }
        return forwards.stream().filter(f -> f.contains(port)).findFirst();
    }

    /** The TCP forwards of a pasta {@code argv}; empty for another program. Malformed items are left out. */
    public static Optional<PastaCommand> parse(List<String> argv) {
        if (!isPasta(argv)) {
            return Optional.empty();
        }
        List<Forward> forwards = new ArrayList<>();
        List<int[]> excluded = new ArrayList<>();
        boolean automatic = false;
        for (String spec : Argv.options(argv, "t", "tcp-ports")) {
            if (spec.equals("none")) {
                continue;
            }
            if (spec.equals("auto") || spec.equals("all")) {
                automatic = true;
                continue;
            }
            Optional<InetAddress> address = Optional.empty();
            String ports = spec;
            int slash = spec.indexOf('/');
            if (slash >= 0) {
                String where = spec.substring(0, slash);
                int percent = where.indexOf('%');
                String literal = percent >= 0 ? where.substring(0, percent) : where;
                if (!literal.isEmpty()) {
                    address = DockerProxyCommand.address(literal);
                    if (address.isEmpty()) {
                        continue;
                    }
                }
                ports = spec.substring(slash + 1);
            }
            boolean onlyExclusions = true;
            for (String item : ports.split(",")) {
                if (item.startsWith("~")) {
                    range(item.substring(1)).ifPresent(excluded::add);
                    continue;
                }
                onlyExclusions = false;
                String[] sides = item.split(":", 2);
                Optional<int[]> host = range(sides[0]);
                Optional<int[]> target = sides.length == 2 ? range(sides[1]) : host;
                if (host.isPresent() && target.isPresent()) {
                    forwards.add(new Forward(address, host.get()[0], host.get()[1], target.get()[0]));
                }
            }
            // "~25" alone forwards every port but 25
            automatic |= onlyExclusions;
        }
        return Optional.of(new PastaCommand(forwards, excluded, automatic));
    }

    private static Optional<int[]> range(String text) {
        String[] bounds = text.split("-", 2);
        Optional<Integer> low = DockerProxyCommand.port(bounds[0]);
        Optional<Integer> high = bounds.length == 2 ? DockerProxyCommand.port(bounds[1]) : low;
        if (low.isEmpty() || high.isEmpty() || high.get() < low.get()) {
            return Optional.empty();
        }
        return Optional.of(new int[] {low.get(), high.get()});
    }
}
