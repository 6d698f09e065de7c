package dev.conndoctor.evidence.server;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A hosting panel (or firewall front-end) found on this host, and what its own data says: which
 * system firewall it drives, whether that firewall is on, and its list of port rules and denied
 * addresses, read from the panel's own files, never from its web page.
 *
 * @param home where it is installed (the directory or file that shows it)
 * @param drives the firewall it writes its rules into ("ufw", "firewalld", "iptables"); empty: none is
 *               installed, so the panel manages no firewall here
 * @param firewallOn whether that firewall is on; empty when it could not be told
 * @param testing CSF's TESTING mode: its rules are flushed every few minutes and csf.deny is not enforced
 * @param source the file its list was read from
 * @param unreadable why its list could not be read (then {@code rules} is empty)
 * @param rules its port rules, as it keeps them
 * @param denied the addresses it denies outright (CSF's csf.deny), at most {@link #MAX_DENIED}
 * @param deniedTotal how many it denies, counting those past the cap
 */
public record PanelFinding(PanelKind kind, String home, Optional<String> drives, Optional<Boolean> firewallOn,
                           boolean testing, Optional<String> source, Optional<String> unreadable,
                           List<PanelRule> rules, List<PanelDeny> denied, int deniedTotal) {

    /** Denied addresses kept for the report; lfd keeps 200 by default (DENY_IP_LIMIT). */
    public static final int MAX_DENIED = 2000;

    public PanelFinding {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(home, "home");
        rules = List.copyOf(rules);
        denied = List.copyOf(denied.size() > MAX_DENIED ? denied.subList(0, MAX_DENIED) : denied);
    }

    /** What the panel's own data says of new TCP connections to one port. */
    public enum Status {
        /** No firewall the panel drives is installed: it manages none here. */
        NOT_MANAGING("not-managing"),
        /** The firewall it drives is off (stopped, disabled). */
        OFF("off"),
        /** Its list could not be read. */
        UNREADABLE("unreadable"),
        /** A drop rule of its list covers the port for every source. */
        DROPPED("dropped"),
        /** An accept rule of its list covers the port for every source. */
        ALLOWED("allowed"),
        /** Only accept rules for some sources cover the port. */
        ALLOWED_FOR_SOME("allowed-for-some"),
        /** Its list does not have the port. */
        NOT_LISTED("not-listed");

        private final String id;

        Status(String id) {
            this.id = id;
        }

        /** The stable name in the JSON report. */
        public String id() {
            return id;
        }

        /** Whether the panel, on its own data, keeps new connections to the port out (for everyone or for some). */
        public boolean blocks() {
            return this == DROPPED || this == NOT_LISTED || this == ALLOWED_FOR_SOME;
        }
    }

    /** The panel's word on a port: the status and the rules of its list that decide it. */
    public record Port(PanelFinding panel, int port, Status status, List<PanelRule> deciding) {
        public Port {
            deciding = List.copyOf(deciding);
        }
    }

    /** What the panel's data says of new TCP connections to {@code port}. */
    public Port port(int port) {
        if (drives.isEmpty()) {
            return new Port(this, port, Status.NOT_MANAGING, List.of());
        }
        if (firewallOn.filter(on -> !on).isPresent()) {
            return new Port(this, port, Status.OFF, List.of());
        }
        if (unreadable.isPresent()) {
            return new Port(this, port, Status.UNREADABLE, List.of());
        }
        List<PanelRule> covering = rules.stream().filter(r -> r.coversTcp(port)).toList();
        List<PanelRule> dropAll = covering.stream().filter(r -> !r.accept() && r.everySource()).toList();
        if (!dropAll.isEmpty()) {
            return new Port(this, port, Status.DROPPED, dropAll);
        }
        List<PanelRule> acceptAll = covering.stream().filter(r -> r.accept() && r.everySource()).toList();
        if (!acceptAll.isEmpty()) {
            return new Port(this, port, Status.ALLOWED, acceptAll);
        }
        List<PanelRule> acceptSome = covering.stream().filter(PanelRule::accept).toList();
        if (!acceptSome.isEmpty()) {
            return new Port(this, port, Status.ALLOWED_FOR_SOME, acceptSome);
        }
        return new Port(this, port, Status.NOT_LISTED, List.of());
    }

    /** The ports its list lets in for every source, as it wrote them, for the evidence line ("21, 22, 80, 39000:40000"). */
    public String allowedSummary(int max) {
        List<String> specs = rules.stream().filter(r -> r.accept() && r.everySource()
                        && (r.protocol().isEmpty() || r.protocol().toLowerCase().contains("tcp")))
                .map(PanelRule::spec).distinct().toList();
        if (specs.isEmpty()) {
            return "-";
        }
        return specs.stream().limit(max).collect(Collectors.joining(", ")) + (specs.size() > max ? ", ..." : "");
    }

    /** The denied entries that hold for {@code port}. */
    public List<PanelDeny> deniedFor(int port) {
        return denied.stream().filter(d -> d.covers(port)).toList();
    }
}
