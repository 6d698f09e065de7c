package dev.conndoctor.config;

import dev.conndoctor.net.Cidr;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What is known about CDNs: their edge ranges (with the ports they forward), their CNAME
 * suffixes and the headers their edges add. The embedded catalogue ({@code cdn.txt}) is dated
 * data, never fetched; {@link #withOverrides} applies a user's {@code --cdn-ranges} file.
 */
public final class CdnCatalog {

    /** An edge range: the provider, the block, and the ports it forwards (empty: any or unknown). */
    public record Range(String provider, Cidr block, Optional<Ports> ports) {
        public boolean forwards(int port) {
            return ports.map(p -> p.contains(port)).orElse(true);
        }

        public boolean portsKnown() {
            return ports.isPresent();
        }

        /** The forwarded ports, runs written as ranges, e.g. {@code 80,443,2052-2053}. */
        public String portsText() {
            return ports.map(Ports::toString).orElse("any");
        }
    }

    /**
     * A set of ports as sorted, disjoint runs {@code [low, high]}: memory in proportion to how it is
     * written ({@code 1-65535} is two numbers), never a bit per port; a 4 MB file of ranges once
     * cost gigabytes as a bit set of 8 KB per line.
     */
    public static final class Ports {
        /** low0, high0, low1, high1…: sorted, neither overlapping nor touching. */
        private final int[] runs;

        private Ports(int[] runs) {
            this.runs = runs;
        }

        /** Parses {@code 80,443,8000-8010}; throws {@link IllegalArgumentException} naming the bad part. */
        static Ports parse(String text) {
            String[] parts = text.split(",");
            int[][] read = new int[parts.length][];
            for (int i = 0; i < parts.length; i++) {
                String[] bounds = parts[i].split("-", 2);
                int low = port(bounds[0]);
                int high = bounds.length == 2 ? port(bounds[1]) : low;
                if (low > high) {
                    throw new IllegalArgumentException("port range " + parts[i] + " runs backwards");
                }
                read[i] = new int[] {low, high};
            }
            java.util.Arrays.sort(read, java.util.Comparator.comparingInt(r -> r[0]));
            int[] runs = new int[read.length * 2];
            int n = 0;
            for (int[] r : read) {
                if (n > 0 && r[0] <= runs[n - 1] + 1) {
                    runs[n - 1] = Math.max(runs[n - 1], r[1]); // overlapping or touching: one run
                } else {
                    runs[n++] = r[0];
                    runs[n++] = r[1];
                }
            }
            return new Ports(java.util.Arrays.copyOf(runs, n));
        }

        public boolean contains(int port) {
            int lo = 0;
            int hi = runs.length / 2 - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (port < runs[2 * mid]) {
                    hi = mid - 1;
                } else if (port > runs[2 * mid + 1]) {
                    lo = mid + 1;
                } else {
                    return true;
                }
            }
            return false;
        }

        /** How many runs: the size of this set in memory, for tests. */
        int runCount() {
            return runs.length / 2;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Ports other && java.util.Arrays.equals(runs, other.runs);
        }

        @Override
        public int hashCode() {
            return java.util.Arrays.hashCode(runs);
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < runs.length; i += 2) {
                if (i > 0) {
                    sb.append(',');
                }
                sb.append(runs[i]);
                if (runs[i + 1] != runs[i]) {
                    sb.append('-').append(runs[i + 1]);
                }
            }
            return sb.toString();
        }
    }

    /** A CNAME suffix of a provider. */
    public record Cname(String provider, String suffix) {
    }

    /** A response header (and a substring of its value, or "") a provider's edges add. */
    public record Header(String provider, String name, String valueContains) {
    }

    private final List<Range> ranges;
    private final List<Cname> cnames;
    private final List<Header> headers;

    private CdnCatalog(List<Range> ranges, List<Cname> cnames, List<Header> headers) {
        this.ranges = List.copyOf(ranges);
        this.cnames = List.copyOf(cnames);
        this.headers = List.copyOf(headers);
    }

    /**
     * The catalogue shipped in the jar, parsed once per JVM on first use (it is immutable, and every
     * {@code Options.defaults()} asks for it).
     */
    public static CdnCatalog embedded() {
        return Embedded.CATALOG;
    }

    /** A holder: the jar's catalogue is read when first asked for, not when this class loads. */
    private static final class Embedded {
        static final CdnCatalog CATALOG = read();

        private static CdnCatalog read() {
            try (InputStream in = CdnCatalog.class.getResourceAsStream("/dev/conndoctor/cdn.txt")) {
                if (in == null) {
                    throw new IllegalStateException("cdn.txt is missing from the build");
                }
                return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), true);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** An empty catalogue: nothing is a CDN. */
    public static CdnCatalog none() {
        return new CdnCatalog(List.of(), List.of(), List.of());
    }

    /**
     * Parses catalogue text. With {@code full} false only {@code PROVIDER CIDR [PORTS]} lines are
     * accepted, as in a user's file. Throws {@link IllegalArgumentException} naming the bad line.
     */
    public static CdnCatalog parse(String text, boolean full) {
        List<Range> ranges = new ArrayList<>();
        List<Cname> cnames = new ArrayList<>();
        List<Header> headers = new ArrayList<>();
        // a file of many ranges names few providers and few port lists: each is kept once
        Map<String, String> providers = new HashMap<>();
        Map<String, Ports> portLists = new HashMap<>();
        String[] lines = text.split("\n");
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n];
            int hash = line.indexOf('#');
            String[] f = (hash >= 0 ? line.substring(0, hash) : line).trim().split("\\s+");
            if (f.length == 1 && f[0].isEmpty()) {
                continue;
            }
            try {
                if (full && f[0].equals("cname") && f.length == 3) {
                    cnames.add(new Cname(f[1], f[2].toLowerCase(Locale.ROOT)));
                } else if (full && f[0].equals("header") && f.length >= 3) {
                    String value = f.length > 3 ? String.join(" ", List.of(f).subList(3, f.length)) : "";
                    headers.add(new Header(f[1], f[2].toLowerCase(Locale.ROOT), value.toLowerCase(Locale.ROOT)));
                } else if (f.length == 2 || f.length == 3) {
                    String provider = providers.computeIfAbsent(f[0].toLowerCase(Locale.ROOT), p -> p);
                    Optional<Ports> ports = Optional.empty();
                    if (f.length == 3) {
                        Ports parsed = portLists.get(f[2]);
                        if (parsed == null) {
                            parsed = Ports.parse(f[2]);
                            portLists.put(f[2], parsed);
                        }
                        ports = Optional.of(parsed);
                    }
                    ranges.add(new Range(provider, Cidr.parse(f[1]), ports));
                } else {
                    throw new IllegalArgumentException("expected PROVIDER CIDR [PORTS]");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        return new CdnCatalog(ranges, cnames, headers);
    }

    /** This catalogue with a user's ranges: a provider named there has all its ranges replaced. */
    public CdnCatalog withOverrides(CdnCatalog user) {
        Set<String> replaced = user.ranges.stream().map(Range::provider).collect(Collectors.toSet());
        List<Range> merged = new ArrayList<>(user.ranges);
        ranges.stream().filter(r -> !replaced.contains(r.provider())).forEach(merged::add);
        return new CdnCatalog(merged, cnames, headers);
    }

    /** The edge range holding {@code address}, the most specific first. */
    public Optional<Range> rangeOf(InetAddress address) {
        return ranges.stream().filter(r -> r.block().contains(address))
                .max(java.util.Comparator.comparingInt(r -> r.block().prefixLength()));
    }

    /** The provider whose CNAME suffix ends {@code name}. */
    public Optional<Cname> cnameOf(String name) {
        String n = name.toLowerCase(Locale.ROOT).replaceFirst("\\.$", "");
        return cnames.stream().filter(c -> n.equals(c.suffix()) || n.endsWith("." + c.suffix())).findFirst();
    }

    /** The header signatures that match a response's headers (names and values in any case). */
    public List<Header> headersIn(List<java.util.Map.Entry<String, String>> response) {
        List<Header> found = new ArrayList<>();
        for (Header h : headers) {
            boolean match = response.stream().anyMatch(e -> e.getKey().equalsIgnoreCase(h.name())
                    && e.getValue().toLowerCase(Locale.ROOT).contains(h.valueContains()));
            if (match) {
                found.add(h);
            }
        }
        return found;
    }

    public List<Range> ranges() {
        return ranges;
    }

    private static int port(String text) {
        if (!text.matches("\\d{1,5}") || Integer.parseInt(text) < 1 || Integer.parseInt(text) > 65535) {
            throw new IllegalArgumentException("'" + text + "' is not a port");
        }
        return Integer.parseInt(text);
    }
}
