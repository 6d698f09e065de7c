package dev.conndoctor.probe;

import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelFinding;
import dev.conndoctor.evidence.server.PanelKind;
import dev.conndoctor.evidence.server.PanelRule;
import dev.conndoctor.host.BaotaFirewall;
import dev.conndoctor.host.CsfConf;
import dev.conndoctor.host.OnePanelFirewall;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the hosting panels and firewall front-ends of this host (Baota / aaPanel, 1Panel, CSF)
 * and reads each one's own data through the host root, read-only: its SQLite database or its
 * configuration, which firewall it drives and whether that firewall is on. What cannot be read
 * is named in the finding, never thrown.
 */
final class PanelInspector {
    static final String BAOTA_HOME = "/www/server/panel";
    /** Where Baota / aaPanel keep the firewall tables: split out since 2023, default.db before. */
    static final List<String> BAOTA_DATABASES = List.of(BAOTA_HOME + "/data/db/firewall.db",
            BAOTA_HOME + "/data/default.db", BAOTA_HOME + "/data/db/default.db");
    static final String ONE_PANEL_CTL = "/usr/local/bin/1pctl";
    static final String CSF_CONF = "/etc/csf/csf.conf";

    private final HostFiles files;

    PanelInspector(HostFiles files) {
        this.files = files;
    }

    /** Every panel found, each with its data; {@code ufwEnabled} and {@code firewalldRunning} are the host's, as read. */
    List<PanelFinding> inspect(Optional<Boolean> ufwEnabled, boolean firewalldRunning) {
        List<PanelFinding> found = new ArrayList<>();
        if (files.exists(CSF_CONF)) {
            found.add(csf());
        }
        if (files.exists(BAOTA_HOME)) {
            found.add(baota(ufwEnabled, firewalldRunning));
        }
        onePanelBase().ifPresent(base -> found.add(onePanel(base, ufwEnabled, firewalldRunning)));
        return found;
    }

    /**
     * Baota / aaPanel: its firewall class drives ufw when /usr/sbin/ufw exists, firewalld when
     * /usr/sbin/firewalld does, iptables otherwise ({@code class/firewalls.py}); with iptables the
     * panel counts its firewall as always on.
     */
    private PanelFinding baota(Optional<Boolean> ufwEnabled, boolean firewalldRunning) {
        Optional<String> drives;
        Optional<Boolean> on;
        if (files.exists("/usr/sbin/ufw")) {
            drives = Optional.of("ufw");
            on = Optional.of(ufwEnabled.orElse(false));
        } else if (files.exists("/usr/sbin/firewalld")) {
            drives = Optional.of("firewalld");
            on = Optional.of(firewalldRunning);
        } else if (files.exists("/usr/sbin/iptables") || files.exists("/sbin/iptables")) {
            drives = Optional.of("iptables");
            on = Optional.of(true);
        } else {
            drives = Optional.empty();
            on = Optional.empty();
        }
        List<String> problems = new ArrayList<>();
        for (String database : BAOTA_DATABASES) {
            if (!files.exists(database)) {
                continue;
            }
            try {
                Map<String, List<Map<String, String>>> tables = readTables(database,
                        List.of("firewall_new", "firewall_ip", "firewall"));
                List<Map<String, String>> rows = tables.getOrDefault("firewall_new", List.of());
                if (!rows.isEmpty()) {
                    // the Security page's lists: port rules, and the addresses it blocks (firewall_ip)
                    List<PanelDeny> denied = BaotaFirewall.denied(tables.getOrDefault("firewall_ip", List.of()));
                    return new PanelFinding(PanelKind.BAOTA, BAOTA_HOME, drives, on, false,
                            Optional.of(database + " (firewall_new)"), Optional.empty(), BaotaFirewall.rules(rows),
                            denied, denied.size());
                }
                List<Map<String, String>> legacy = tables.getOrDefault("firewall", List.of());
                if (!legacy.isEmpty()) {
                    return new PanelFinding(PanelKind.BAOTA, BAOTA_HOME, drives, on, false,
                            Optional.of(database + " (firewall)"), Optional.empty(), BaotaFirewall.legacyRules(legacy),
                            BaotaFirewall.legacyDenied(legacy), BaotaFirewall.legacyDenied(legacy).size());
                }
            } catch (SQLException | RuntimeException | LinkageError e) {
                problems.add(unreadable(database, e));
            }
        }
        String why = problems.isEmpty() ? "no firewall table in " + String.join(", ", BAOTA_DATABASES)
                : String.join("; ", problems);
        return new PanelFinding(PanelKind.BAOTA, BAOTA_HOME, drives, on, false, Optional.empty(), Optional.of(why),
                List.of(), List.of(), 0);
    }

    /** 1Panel: installed where 1pctl says (BASE_DIR, /opt by default), or under /opt/1panel. */
    private Optional<String> onePanelBase() {
        Optional<String> base = files.readIfPresent(ONE_PANEL_CTL).flatMap(OnePanelFirewall::baseDir);
        if (base.isPresent()) {
            return base;
        }
        return files.exists("/opt/1panel/db") ? Optional.of("/opt") : Optional.empty();
    }

    /**
     * 1Panel: its firewall client drives firewalld when /usr/sbin/firewalld exists, else ufw when
     * /usr/sbin/ufw does, and refuses both at once ({@code utils/firewall/client.go}).
     */
    private PanelFinding onePanel(String base, Optional<Boolean> ufwEnabled, boolean firewalldRunning) {
        String home = base.replaceAll("/+$", "") + "/1panel";
        boolean firewalld = files.exists("/usr/sbin/firewalld");
        boolean ufw = files.exists("/usr/sbin/ufw");
        Optional<String> drives = firewalld == ufw ? Optional.empty() : Optional.of(firewalld ? "firewalld" : "ufw");
        Optional<Boolean> on = drives.map(d -> d.equals("firewalld") ? firewalldRunning : ufwEnabled.orElse(false));
        List<String> problems = new ArrayList<>();
        for (String database : List.of(home + "/db/agent.db", home + "/db/1Panel.db")) {
            if (!files.exists(database)) {
                continue;
            }
            try {
                Map<String, List<Map<String, String>>> tables = readTables(database, List.of("firewalls"));
                if (tables.containsKey("firewalls")) {
                    List<Map<String, String>> rows = tables.get("firewalls");
                    List<PanelDeny> denied = OnePanelFirewall.denied(rows);
                    return new PanelFinding(PanelKind.ONE_PANEL, home, drives, on, false,
                            Optional.of(database + " (firewalls)"), Optional.empty(), OnePanelFirewall.rules(rows),
                            denied, denied.size());
                }
            } catch (SQLException | RuntimeException | LinkageError e) {
                problems.add(unreadable(database, e));
            }
        }
        String why = problems.isEmpty() ? "no firewalls table in " + home + "/db/agent.db or 1Panel.db"
                : String.join("; ", problems);
        return new PanelFinding(PanelKind.ONE_PANEL, home, drives, on, false, Optional.empty(), Optional.of(why),
                List.of(), List.of(), 0);
    }

    /** CSF: csf.conf's TCP_IN, csf.allow and csf.deny; /etc/csf/csf.disable (csf -x) turns it off. */
    private PanelFinding csf() {
        boolean disabled = files.exists("/etc/csf/csf.disable");
        Optional<String> conf = files.read(CSF_CONF);
        if (conf.isEmpty()) {
            return new PanelFinding(PanelKind.CSF, "/etc/csf", Optional.of("iptables"), Optional.of(!disabled), false,
                    Optional.empty(), Optional.of(CSF_CONF + ": not readable (run as root)"), List.of(), List.of(), 0);
        }
        Map<String, String> settings = CsfConf.settings(conf.get());
        List<PanelRule> rules = new ArrayList<>(CsfConf.tcpIn(settings));
        files.readIfPresent("/etc/csf/csf.allow").map(CsfConf::allowed).ifPresent(rules::addAll);
        List<PanelDeny> denied = files.readIfPresent("/etc/csf/csf.deny").map(CsfConf::denied).orElse(List.of());
        // a deny with one port is a drop rule of that port for its source
        denied.stream().filter(d -> d.port().isPresent()).forEach(d -> rules.add(new PanelRule(d.port().get(),
                d.port().get(), "tcp", false, d.source(), d.comment(), String.valueOf(d.port().get()))));
        return new PanelFinding(PanelKind.CSF, "/etc/csf", Optional.of("iptables"), Optional.of(!disabled),
                CsfConf.testing(settings), Optional.of(CSF_CONF), Optional.empty(), rules, denied, denied.size());
    }

    private Map<String, List<Map<String, String>>> readTables(String database, List<String> tables) throws SQLException {
        Optional<String> problem = PanelTables.problem(files.locate(database));
        if (problem.isPresent()) {
            throw new SQLException(problem.get());
        }
        return PanelTables.read(files.locate(database), tables);
    }

    /** The reason, in one line: SQLite's own message ("file is not a database"), or that its native library did not load. */
    private static String unreadable(String database, Throwable e) {
        String message = e instanceof LinkageError ? "SQLite's native library did not load (" + e.getClass().getSimpleName() + ")"
                : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return database + ": " + message.lines().findFirst().orElse(message);
    }
}
