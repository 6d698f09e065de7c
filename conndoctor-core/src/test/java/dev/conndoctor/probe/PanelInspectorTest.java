package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.server.PanelDeny;
import dev.conndoctor.evidence.server.PanelFinding;
import dev.conndoctor.evidence.server.PanelFinding.Status;
import dev.conndoctor.evidence.server.PanelKind;
import dev.conndoctor.evidence.server.PanelRule;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The panels found on fixture roots, each read from its own data: Baota / aaPanel's and 1Panel's
 * SQLite databases built from their real schemas, CSF's csf.conf, csf.allow and csf.deny.
 */
class PanelInspectorTest {

    @TempDir
    Path root;

    private List<PanelFinding> inspect(Optional<Boolean> ufwEnabled, boolean firewalldRunning) {
        return new PanelInspector(new HostFiles(root)).inspect(ufwEnabled, firewalldRunning);
    }

    private PanelFinding only(Optional<Boolean> ufwEnabled, boolean firewalldRunning) {
        List<PanelFinding> found = inspect(ufwEnabled, firewalldRunning);
        assertThat(found).hasSize(1);
        return found.get(0);
    }

    private void touch(String path) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), "");
    }

    private void write(String path, String text) throws IOException {
        Files.createDirectories(root.resolve(path).getParent());
        Files.writeString(root.resolve(path), text, StandardCharsets.UTF_8);
    }

    private void copy(String path, String fixture) throws IOException {
        write(path, dev.conndoctor.TestResources.text("/fixtures/panels/" + fixture));
    }

    @Test
    void aHostWithoutPanelsHasNone() {
        assertThat(inspect(Optional.empty(), false)).isEmpty();
    }

    // ---- Baota / aaPanel

    @Test
    void baotasSecurityPageListIsReadFromItsFirewallDatabase() throws IOException {
        PanelFixtures.database(root.resolve("www/server/panel/data/db/firewall.db"), "baota/firewall.db.sql");
        touch("usr/sbin/iptables");

        PanelFinding baota = only(Optional.empty(), false);

        assertThat(baota.kind()).isEqualTo(PanelKind.BAOTA);
        assertThat(baota.drives()).contains("iptables");
        assertThat(baota.firewallOn()).contains(true);
        assertThat(baota.source()).contains("/www/server/panel/data/db/firewall.db (firewall_new)");
        assertThat(baota.rules()).extracting(PanelRule::describe).contains("443/tcp accept (HTTPS)",
                "39000-40000/tcp accept (FTP被动端口范围)", "3306/tcp accept from 198.51.100.7 (MySQL)",
                "6379/tcp drop (Redis)");
        assertThat(baota.denied()).extracting(PanelDeny::source).containsExactly("203.0.113.66");
        // allowed, missing, range-covered, for some only, dropped
        assertThat(baota.port(443).status()).isEqualTo(Status.ALLOWED);
        assertThat(baota.port(8282).status()).isEqualTo(Status.NOT_LISTED);
        assertThat(baota.port(39500).status()).isEqualTo(Status.ALLOWED);
        assertThat(baota.port(3306).status()).isEqualTo(Status.ALLOWED_FOR_SOME);
        assertThat(baota.port(6379).status()).isEqualTo(Status.DROPPED);
    }

    @Test
    void theDatabaseIsOpenedReadOnlyAndLeftAsItWas() throws IOException {
        Path db = PanelFixtures.database(root.resolve("www/server/panel/data/default.db"), "baota/default.db.sql");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--r--r--"));
        long size = Files.size(db);
        java.nio.file.attribute.FileTime modified = Files.getLastModifiedTime(db);
        touch("usr/sbin/iptables");

        PanelFinding baota = only(Optional.empty(), false);

        assertThat(baota.unreadable()).isEmpty();
        assertThat(Files.size(db)).isEqualTo(size);
        assertThat(Files.getLastModifiedTime(db)).isEqualTo(modified);
        try (var files = Files.list(db.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("default.db"); // no journal, no -wal
        }
    }

    @Test
    void anOlderPanelsFirewallTableIsReadWithItsRangesAndBlockedAddresses() throws IOException {
        PanelFixtures.database(root.resolve("www/server/panel/data/default.db"), "baota/default.db.sql");
        touch("usr/sbin/iptables");

        PanelFinding baota = only(Optional.empty(), false);

        assertThat(baota.source()).contains("/www/server/panel/data/default.db (firewall)");
        assertThat(baota.allowedSummary(10)).isEqualTo("80, 7800, 21, 22, 39000:40000");
        assertThat(baota.port(39999).status()).isEqualTo(Status.ALLOWED);
        assertThat(baota.port(8282).status()).isEqualTo(Status.NOT_LISTED);
        assertThat(baota.denied()).extracting(PanelDeny::source, PanelDeny::comment)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("203.0.113.66", "scanner"));
    }

    @Test
    void baotaOnUfwIsOnOrOffWithUfwAndOnFirewalldWithItsProcess() throws IOException {
        PanelFixtures.database(root.resolve("www/server/panel/data/db/firewall.db"), "baota/firewall.db.sql");
        touch("usr/sbin/ufw");
        assertThat(only(Optional.of(true), false).firewallOn()).contains(true);
        PanelFinding off = only(Optional.of(false), false);
        assertThat(off.drives()).contains("ufw");
        assertThat(off.port(8282).status()).isEqualTo(Status.OFF);

        Files.delete(root.resolve("usr/sbin/ufw"));
        touch("usr/sbin/firewalld");
        assertThat(only(Optional.empty(), false).port(8282).status()).isEqualTo(Status.OFF);
        assertThat(only(Optional.empty(), true).port(8282).status()).isEqualTo(Status.NOT_LISTED);
    }

    @Test
    void baotaWithNoFirewallInstalledManagesNone() throws IOException {
        PanelFixtures.database(root.resolve("www/server/panel/data/db/firewall.db"), "baota/firewall.db.sql");

        PanelFinding baota = only(Optional.empty(), false);

        assertThat(baota.drives()).isEmpty();
        assertThat(baota.port(8282).status()).isEqualTo(Status.NOT_MANAGING);
    }

    @Test
    void aDamagedDatabaseIsNamedAsUnreadableNeverThrown() throws IOException {
        write("www/server/panel/data/default.db", "this is not an SQLite file, the panel was writing it\n");
        touch("usr/sbin/iptables");

        PanelFinding baota = only(Optional.empty(), false);

        assertThat(baota.unreadable()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("/www/server/panel/data/default.db: ").contains("not a database"));
        assertThat(baota.port(8282).status()).isEqualTo(Status.UNREADABLE);
    }

    @Test
    void aDatabaseThatCannotBeOpenedIsNamedToo() throws IOException {
        Files.createDirectories(root.resolve("www/server/panel/data/db/firewall.db")); // a directory, not a file
        touch("usr/sbin/iptables");

        assertThat(only(Optional.empty(), false).unreadable())
                .hasValueSatisfying(why -> assertThat(why).contains("firewall.db: not a file"));
    }

    @Test
    void thePanelsUnreadableListReachesTheReportsCouldNotRead() throws IOException {
        write("www/server/panel/data/default.db", "garbage");
        touch("usr/sbin/iptables");

        var evidence = dev.conndoctor.ConnDoctor.builder().hostRoot(root).commands((c, t) -> Optional.empty())
                .localNetwork(List::of).build().inspectServer(List.of(8282), java.time.Duration.ofSeconds(1)).evidence();

        assertThat(evidence.unreadable()).anySatisfy(u -> assertThat(u).startsWith("Baota / aaPanel: ")
                .contains("default.db").contains("not a database"));
        assertThat(evidence.panel()).contains("baota");
        assertThat(evidence.panels()).hasSize(1);
    }

    // ---- 1Panel

    @Test
    void onePanelsRecordIsReadWhere1pctlSaysItsBaseIs() throws IOException {
        write("usr/local/bin/1pctl", "#!/bin/bash\nBASE_DIR=/srv\nORIGINAL_PORT=10086\n");
        PanelFixtures.database(root.resolve("srv/1panel/db/1Panel.db"), "1panel/1Panel.db.sql");
        touch("usr/sbin/ufw");

        PanelFinding onePanel = only(Optional.of(true), false);

        assertThat(onePanel.kind()).isEqualTo(PanelKind.ONE_PANEL);
        assertThat(onePanel.home()).isEqualTo("/srv/1panel");
        assertThat(onePanel.drives()).contains("ufw");
        assertThat(onePanel.source()).contains("/srv/1panel/db/1Panel.db (firewalls)");
        assertThat(onePanel.port(443).status()).isEqualTo(Status.ALLOWED);
        assertThat(onePanel.port(8282).status()).isEqualTo(Status.NOT_LISTED);
        assertThat(onePanel.port(31000).deciding()).extracting(PanelRule::describe)
                .containsExactly("30000-35000/tcp accept (game servers)");
        assertThat(onePanel.port(5432).status()).isEqualTo(Status.ALLOWED_FOR_SOME);
        assertThat(onePanel.denied()).extracting(PanelDeny::source).containsExactly("203.0.113.66");
        assertThat(only(Optional.of(false), false).port(8282).status()).isEqualTo(Status.OFF);
    }

    @Test
    void onePanelOnAHostWithoutFirewalldOrUfwManagesNone() throws IOException {
        PanelFixtures.database(root.resolve("opt/1panel/db/agent.db"), "1panel/1Panel.db.sql");

        PanelFinding onePanel = only(Optional.empty(), false);

        assertThat(onePanel.home()).isEqualTo("/opt/1panel");
        assertThat(onePanel.port(8282).status()).isEqualTo(Status.NOT_MANAGING);
    }

    @Test
    void aDamaged1PanelDatabaseIsUnreadable() throws IOException {
        write("opt/1panel/db/1Panel.db", "SQLite format 3\0but cut short");
        touch("usr/sbin/firewalld");

        assertThat(only(Optional.empty(), true).unreadable()).hasValueSatisfying(why -> assertThat(why)
                .startsWith("/opt/1panel/db/1Panel.db: "));
    }

    // ---- CSF

    @Test
    void csfsTcpInAllowAndDenyAreRead() throws IOException {
        copy("etc/csf/csf.conf", "csf/csf.conf");
        copy("etc/csf/csf.allow", "csf/csf.allow");
        copy("etc/csf/csf.deny", "csf/csf.deny");

        PanelFinding csf = only(Optional.empty(), false);

        assertThat(csf.kind()).isEqualTo(PanelKind.CSF);
        assertThat(csf.drives()).contains("iptables");
        assertThat(csf.testing()).isFalse();
        assertThat(csf.port(443).status()).isEqualTo(Status.ALLOWED);
        assertThat(csf.port(31000).deciding()).extracting(PanelRule::describe)
                .containsExactly("30000:35000/tcp accept (TCP_IN)");
        assertThat(csf.port(9443).status()).as("TCP6_IN, IPv6 on").isEqualTo(Status.ALLOWED);
        // csf.allow: the office everywhere, so every other port is open for some
        assertThat(csf.port(8282).status()).isEqualTo(Status.ALLOWED_FOR_SOME);
        assertThat(csf.port(9000).deciding()).extracting(PanelRule::source).contains("198.51.100.7", "192.0.2.200");
        assertThat(csf.denied()).extracting(PanelDeny::source, PanelDeny::port, PanelDeny::byLfd).containsExactly(
                org.assertj.core.groups.Tuple.tuple("203.0.113.50", Optional.empty(), true),
                org.assertj.core.groups.Tuple.tuple("198.51.100.20", Optional.empty(), true),
                org.assertj.core.groups.Tuple.tuple("203.0.113.0/28", Optional.empty(), false),
                org.assertj.core.groups.Tuple.tuple("198.51.100.77", Optional.of(3306), true));
        assertThat(csf.denied().get(1).comment()).startsWith("lfd: (PERMBLOCK) 198.51.100.20 has had more than 4 temp blocks");
    }

    @Test
    void aPortMissingFromTcpInIsNotListedAndTestingModeIsKnown() throws IOException {
        copy("etc/csf/csf.conf", "csf/csf.conf");
        assertThat(only(Optional.empty(), false).port(8282).status()).isEqualTo(Status.NOT_LISTED);

        write("etc/csf/csf.conf", dev.conndoctor.TestResources.text("/fixtures/panels/csf/csf.conf")
                .replace("TESTING = \"0\"", "TESTING = \"1\""));
        assertThat(only(Optional.empty(), false).testing()).isTrue();
    }

    @Test
    void csfDisabledWithCsfXIsOff() throws IOException {
        copy("etc/csf/csf.conf", "csf/csf.conf");
        touch("etc/csf/csf.disable");

        assertThat(only(Optional.empty(), false).port(8282).status()).isEqualTo(Status.OFF);
    }

    @Test
    void anUnreadableCsfConfIsNamed() throws IOException {
        Files.createDirectories(root.resolve("etc/csf/csf.conf")); // exists, cannot be read as a file

        PanelFinding csf = only(Optional.empty(), false);
        assertThat(csf.unreadable()).hasValueSatisfying(why -> assertThat(why).startsWith("/etc/csf/csf.conf"));
        assertThat(csf.port(8282).status()).isEqualTo(Status.UNREADABLE);
    }
}
