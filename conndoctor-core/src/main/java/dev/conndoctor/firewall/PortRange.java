package dev.conndoctor.firewall;

/** A closed range of ports, {@code 8000:8100} in iptables, {@code 8000-8100} in nft; one port is a range of one. */
public record PortRange(int low, int high) {

    public boolean contains(int port) {
        return port >= low && port <= high;
    }

    /** Reads {@code 80}, {@code 8000:8100} or {@code 8000-8100}. */
    public static PortRange parse(String text) {
        String[] bounds = text.split("[:-]", 2);
        int low = bounds[0].isEmpty() ? 0 : Integer.parseInt(bounds[0]);
        int high = bounds.length == 2 ? (bounds[1].isEmpty() ? 65535 : Integer.parseInt(bounds[1])) : low;
        return new PortRange(low, high);
    }

    @Override
    public String toString() {
        return low == high ? String.valueOf(low) : low + "-" + high;
    }
}
