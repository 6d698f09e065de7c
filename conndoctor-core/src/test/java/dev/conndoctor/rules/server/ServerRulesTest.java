package dev.conndoctor.rules.server;

import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.PanelFinding;
import dev.conndoctor.evidence.server.PanelKind;
import dev.conndoctor.evidence.server.PanelRule;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.evidence.server.ServerEvidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.RuledOut;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.LocalInterface;
import dev.conndoctor.firewall.Chain;
import dev.conndoctor.firewall.IptablesSave;
import dev.conndoctor.firewall.NftRuleset;
import dev.conndoctor.rules.Verdict;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Each server rule on hand-built evidence: listeners, firewalls from captured rulesets, panels, load limits. */
class ServerRulesTest {

    static final int PORT = 8282;

    // ---- listeners

    @Test
    void noListenerAnywhereIsServerNotListeningConfirmed() {
        Cause cause = found(new ListenerRules.NotListening().evaluate(new PortEvidence(Host.of().listener("0.0.0.0", 9000).build(), PORT)));

        assertThat(cause.id()).isEqualTo(CauseId.SERVER_NOT_LISTENING);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("no listener on port 8282 on any address");
    }

    @Test
    void aListenerOnThePortSilencesNotListening() {
        assertSilent(new ListenerRules.NotListening().evaluate(new PortEvidence(Host.of().listener("0.0.0.0", PORT).build(), PORT)));
    }

    @Test
    void listenersOnLoopbackOnlyAreBoundToLoopbackConfirmedWithTheirOwner() {
        ServerEvidence e = Host.of().listener("127.0.0.1", PORT, process(4242, "php")).listener("::1", PORT).build();

        Cause cause = found(new ListenerRules.LoopbackOnly().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.id()).isEqualTo(CauseId.BOUND_TO_LOOPBACK);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("127.0.0.1:8282 (php, pid 4242)").contains("[::1]:8282");
        assertThat(fixes(cause)).contains("0.0.0.0:8282");
    }

    @Test
    void listingEveryPortShowsALoopbackOnlyServiceAsLocalOnlyWithoutAVerdictOrAFix() {
        ServerEvidence e = Host.of(5432, PORT).listener("127.0.0.1", 5432, process(700, "postgres"))
                .listener("127.0.0.1", PORT).build();
        dev.conndoctor.rules.ServerDiagnoser diagnoser = new dev.conndoctor.rules.ServerDiagnoser(
                new dev.conndoctor.rules.RuleEngine<>(ServerRules.all(), ServerRules.precedence()));

        List<dev.conndoctor.PortReport> everyPort = diagnoser.diagnose(e, 0, true).ports();
        assertThat(everyPort).allSatisfy(p -> {
            assertThat(p.localOnly()).isTrue();
            assertThat(p.causes()).isEmpty();
        });
        List<dev.conndoctor.PortReport> asked = diagnoser.diagnose(e, 0, false).ports();
        assertThat(asked).allSatisfy(p -> assertThat(p.localOnly()).isFalse());
        assertThat(asked.get(1).causes()).extracting(c -> c.id()).contains(CauseId.BOUND_TO_LOOPBACK);
    }

    @Test
    void loopbackBesideAWildcardIsNotLoopbackOnly() {
        ServerEvidence e = Host.of().listener("127.0.0.1", PORT).listener("::", PORT).build();

        assertSilent(new ListenerRules.LoopbackOnly().evaluate(new PortEvidence(e, PORT)));
        assertSilent(new ListenerRules.SpecificAddress().evaluate(new PortEvidence(e, PORT)));
    }

    @Test
    void aSpecificAddressIsBoundToOtherAddressPossible() {
        ServerEvidence e = Host.of().listener("192.0.2.10", PORT, process(77, "node")).build();

        Cause cause = found(new ListenerRules.SpecificAddress().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.id()).isEqualTo(CauseId.BOUND_TO_OTHER_ADDRESS);
        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("192.0.2.10:8282 (node, pid 77)");
        assertSilent(new ListenerRules.LoopbackOnly().evaluate(new PortEvidence(e, PORT)));
        assertSilent(new ListenerRules.NotListening().evaluate(new PortEvidence(e, PORT)));
    }

    @Test
    void aSpecificAddressSummaryDoesNotCallTheListeningAddressTheDialledOne() {
        ServerEvidence e = Host.of().listener("192.0.2.10", PORT, process(77, "node")).build();

        Cause cause = found(new ListenerRules.SpecificAddress().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.summary().render(Locale.ROOT)).doesNotContain("not on the address dialled (192.0.2.10");
    }

    @Test
    void aWildcardListenerRaisesNoListenerCause() {
        for (String wildcard : List.of("0.0.0.0", "::")) {
            ServerEvidence e = Host.of().listener(wildcard, PORT).build();
            assertSilent(new ListenerRules.NotListening().evaluate(new PortEvidence(e, PORT)));
            assertSilent(new ListenerRules.LoopbackOnly().evaluate(new PortEvidence(e, PORT)));
            assertSilent(new ListenerRules.SpecificAddress().evaluate(new PortEvidence(e, PORT)));
        }
    }

    // ---- host firewall

    @Test
    void aDropRuleIsHostFirewallConfirmedWithTheRuleAndTheCommandThatOpens() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-rules.txt").build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.id()).isEqualTo(CauseId.HOST_FIREWALL);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).isEqualTo(
                "New connections to port 8282 are dropped by iptables: -A INPUT -p tcp -m tcp --dport 8282 -j DROP.");
        assertThat(fixes(cause)).contains("sudo iptables -I INPUT -p tcp --dport 8282 -j ACCEPT")
                .contains("iptables-save > /etc/iptables/rules.v4");
    }

    @Test
    void aRejectRuleIsHostFirewallConfirmedAndSaysRejected() {
        ServerEvidence e = Host.of().listener("0.0.0.0", 8284).iptables("iptables-rules.txt").build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, 8284)));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("are rejected by iptables: -A INPUT -p tcp -m tcp --dport 8284 -j REJECT --reject-with tcp-reset");
    }

    @Test
    void aRuleForSomeClientsOnlyIsHostFirewallLikely() {
        ServerEvidence e = Host.of().listener("0.0.0.0", 9000).iptables("iptables-rules.txt").build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, 9000)));
        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
        assertThat(evidence(cause)).contains("blocked for some clients (some-blocked)").contains("-s 198.51.100.0/24");
    }

    @Test
    void aDropPolicyIsNamedAsThePolicy() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-policy-drop.txt").build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("iptables: policy DROP of the input chain");
    }

    @Test
    void aPortTheFirewallLetsInRulesHostFirewallOut() {
        ServerEvidence e = Host.of().listener("0.0.0.0", 22).iptables("iptables-rules.txt").nft("nft-empty.json").build();

        RuledOut out = excluded(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, 22)));
        assertThat(out.id()).isEqualTo(CauseId.HOST_FIREWALL);
        assertThat(out.why().render(Locale.ROOT)).contains("iptables, nft").contains("port 22");
    }

    @Test
    void noFirewallReadSaysNothing() {
        assertSilent(new FirewallRules.HostFirewall().evaluate(new PortEvidence(Host.of().listener("0.0.0.0", PORT).build(), PORT)));
    }

    @Test
    void anIp6tablesDropIsNamedWithTheIp6tablesCommand() {
        ServerEvidence e = Host.of().listener("::", PORT).ip6tables("ip6tables-rules.txt").build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, PORT)));
        assertThat(evidence(cause)).contains("ip6tables: -A INPUT -p tcp -m tcp --dport 8282 -j DROP");
        assertThat(fixes(cause)).contains("sudo ip6tables -I INPUT -p tcp --dport 8282 -j ACCEPT");
    }

    @Test
    void aNativeNftDropIsNamedWithTheNftCommand() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).nft("nft-native.json").build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("nft: tcp dport 8282 drop");
        assertThat(fixes(cause)).contains("sudo nft insert rule");
    }

    @Test
    void firewalldsRejectIsOpenedWithFirewallCmd() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).nft("nft-firewalld-plain.json").firewalld().build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, PORT)));
        assertThat(evidence(cause)).contains("rejected by nft: reject");
        assertThat(fixes(cause)).contains("firewall-cmd --permanent --add-port=8282/tcp");
    }

    @Test
    void ufwsDropIsOpenedWithUfw() {
        // a default DROP policy on a host where ufw is enabled: ufw manages that policy
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-policy-drop.txt").ufw(true).build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, PORT)));
        assertThat(fixes(cause)).contains("sudo ufw allow 8282/tcp").doesNotContain("iptables -I");
    }

    @Test
    void aUfwUserRuleThatDropsIsOpenedWithUfw() {
        String withoutInvalid = fixture("iptables-ufw.txt").lines().filter(l -> !l.contains("INVALID"))
                .collect(Collectors.joining("\n"));
        ServerEvidence e = Host.of().listener("0.0.0.0", 3306).chains("iptables", IptablesSave.parse(withoutInvalid,
                "iptables")).ufw(true).build();

        Cause cause = found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, 3306)));
        assertThat(evidence(cause)).contains("-A ufw-user-input -p tcp -m tcp --dport 3306 -j DROP");
        assertThat(fixes(cause)).contains("sudo ufw allow 3306/tcp");
    }

    @Test
    void ufwInstalledButDisabledDoesNotClaimTheRule() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-policy-drop.txt").ufw(false).build();

        assertThat(fixes(found(new FirewallRules.HostFirewall().evaluate(new PortEvidence(e, PORT)))))
                .contains("sudo iptables -I INPUT").doesNotContain("ufw allow");
    }

    // ---- panel

    @Test
    void aPanelOnAHostWhoseFirewallBlocksIsPanelFirewallConfirmed() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-rules.txt").panel().build();

        Cause cause = found(new FirewallRules.PanelFirewall().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.id()).isEqualTo(CauseId.PANEL_FIREWALL);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("Baota / aaPanel's list of open ports does not have 8282 (it opens 21, 22, 80, 8888")
                .contains("Baota / aaPanel's firewall is on: it drives iptables")
                .contains("port 8282 dropped by");
        assertThat(fixes(cause)).contains("Security (安全) > System firewall (系统防火墙) > Add port rule (添加端口规则)")
                .contains("`iptables -I INPUT -p tcp -m state --state NEW -m tcp --dport 8282 -j ACCEPT`");
    }

    @Test
    void aPanelWhoseFirewallLetsThePortInIsRuledOut() {
        ServerEvidence e = Host.of().listener("0.0.0.0", 22).iptables("iptables-rules.txt").panel().build();

        assertThat(excluded(new FirewallRules.PanelFirewall().evaluate(new PortEvidence(e, 22))).id()).isEqualTo(CauseId.PANEL_FIREWALL);
    }

    @Test
    void noPanelSaysNothing() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT).iptables("iptables-rules.txt").build();

        assertSilent(new FirewallRules.PanelFirewall().evaluate(new PortEvidence(e, PORT)));
    }

    // ---- accept queue

    @Test
    void aQueueHoldingMoreThanItsBacklogIsAcceptBacklogOverflowConfirmed() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT, 129, 128, Optional.empty()).somaxconn(4096)
                .overflows(11, 11).build();

        Cause cause = found(new LoadRules.AcceptBacklogOverflow().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.id()).isEqualTo(CauseId.ACCEPT_BACKLOG_OVERFLOW);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).contains("0.0.0.0:8282: 129 connections queued, backlog 128 (net.core.somaxconn 4096)")
                .contains("11 accept-queue overflows (ListenOverflows) and 11 dropped SYNs");
        assertThat(fixes(cause)).contains("net.core.somaxconn=4096");
    }

    @Test
    void aQueueExactlyAtItsBacklogIsNotYetFull() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT, 128, 128, Optional.empty()).overflows(0, 0).build();

        assertSilent(new LoadRules.AcceptBacklogOverflow().evaluate(new PortEvidence(e, PORT)));
    }

    @Test
    void overflowsCountedSinceBootAreOnlyPossible() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT, 0, 128, Optional.empty()).overflows(5, 7).build();

        Cause cause = found(new LoadRules.AcceptBacklogOverflow().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("5 accept-queue overflows").contains("7 dropped SYNs")
                .contains("net.core.somaxconn ?");
    }

    @Test
    void anUnknownBacklogIsShownAsSuchAndNeverConfirmed() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT, 500, -1, Optional.empty()).overflows(3, 3).build();

        Cause cause = found(new LoadRules.AcceptBacklogOverflow().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.confidence()).isEqualTo(Confidence.POSSIBLE);
        assertThat(evidence(cause)).contains("500 connections queued, backlog ?");
    }

    @Test
    void noOverflowAndRoomInTheQueueSaysNothing() {
        assertSilent(new LoadRules.AcceptBacklogOverflow().evaluate(new PortEvidence(
                Host.of().listener("0.0.0.0", PORT, 3, 128, Optional.empty()).overflows(0, 0).build(), PORT)));
        // overflows elsewhere on the host, but nothing listens on this port
        assertSilent(new LoadRules.AcceptBacklogOverflow().evaluate(new PortEvidence(Host.of().overflows(9, 9).build(), PORT)));
    }

    // ---- descriptors

    @Test
    void aProcessAtItsOpenFilesLimitIsFdLimitConfirmed() {
        ServerEvidence e = Host.of().listener("0.0.0.0", PORT, fds(4242, "php", 1000, 1000)).build();

        Cause cause = found(new LoadRules.FdLimit().evaluate(new PortEvidence(e, PORT)));
        assertThat(cause.id()).isEqualTo(CauseId.FD_LIMIT);
        assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
        assertThat(evidence(cause)).isEqualTo("php (pid 4242) has 1000 open files of its limit of 1000.");
        assertThat(fixes(cause)).contains("prlimit --pid 4242").contains("LimitNOFILE");
    }

    @Test
    void aProcessAtNinetyPercentOfItsLimitIsFdLimitLikely() {
        Cause cause = found(new LoadRules.FdLimit().evaluate(new PortEvidence(
                Host.of().listener("0.0.0.0", PORT, fds(4242, "php", 900, 1000)).build(), PORT)));

        assertThat(cause.confidence()).isEqualTo(Confidence.LIKELY);
    }

    @Test
    void aProcessBelowNinetyPercentOrWithoutAKnownLimitSaysNothing() {
        assertSilent(new LoadRules.FdLimit().evaluate(new PortEvidence(
                Host.of().listener("0.0.0.0", PORT, fds(4242, "php", 899, 1000)).build(), PORT)));
        assertSilent(new LoadRules.FdLimit().evaluate(new PortEvidence(Host.of().listener("0.0.0.0", PORT,
                Optional.of(new ProcessInfo(1, "nginx", "nginx", Optional.of(5000), Optional.empty()))).build(), PORT)));
        assertSilent(new LoadRules.FdLimit().evaluate(new PortEvidence(Host.of().listener("0.0.0.0", PORT).build(), PORT)));
    }

    // ---- helpers

    static Optional<ProcessInfo> process(int pid, String name) {
        return Optional.of(new ProcessInfo(pid, name, name + " server.php start", Optional.of(12), Optional.of(1024L)));
    }

    static Optional<ProcessInfo> fds(int pid, String name, int open, long limit) {
        return Optional.of(new ProcessInfo(pid, name, name, Optional.of(open), Optional.of(limit)));
    }

    /** Baota / aaPanel with its list as read from its database. */
    static PanelFinding baota(Optional<String> drives, Optional<Boolean> on, List<PanelRule> rules) {
        return new PanelFinding(PanelKind.BAOTA, "/www/server/panel", drives, on, false,
                Optional.of("/www/server/panel/data/db/firewall.db (firewall_new)"), Optional.empty(), rules, List.of(), 0);
    }

    /** An accept rule for every source, as the panel's list keeps it ("8282", "30000-35000"). */
    static PanelRule accept(String spec, String note) {
        String[] ends = spec.split("[-:]");
        return new PanelRule(Integer.parseInt(ends[0]), Integer.parseInt(ends[ends.length - 1]), "tcp", true, "", note, spec);
    }

    static Cause found(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Found.class);
        Cause cause = ((Verdict.Found) verdict).cause();
        List<Text> texts = new ArrayList<>(cause.evidence());
        texts.add(cause.summary());
        texts.addAll(cause.fixes());
        for (Text t : texts) {
            assertThat(t.render(Locale.ROOT)).as(t.key()).doesNotContainPattern("\\{\\d").isNotBlank()
                    .doesNotStartWith(t.key());
        }
        return cause;
    }

    static RuledOut excluded(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Excluded.class);
        return ((Verdict.Excluded) verdict).ruledOut();
    }

    static void assertSilent(Verdict verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Silent.class);
    }

    static String evidence(Cause cause) {
        return cause.evidence().stream().map(t -> t.render(Locale.ROOT)).collect(Collectors.joining("\n"));
    }

    static String fixes(Cause cause) {
        return cause.fixes().stream().map(t -> t.render(Locale.ROOT)).collect(Collectors.joining("\n"));
    }

    static String fixture(String name) {
        return dev.conndoctor.TestResources.text("/fixtures/firewall/" + name);
    }

    static InetAddress ip(String literal) {
        return dev.conndoctor.TestResources.ip(literal);
    }

    /** Server evidence built by hand: what {@code conndoctor server} would have read on such a host. */
    static final class Host {
        private final List<Integer> ports = new ArrayList<>();
        private final List<Listener> listeners = new ArrayList<>();
        private final List<Chain> chains = new ArrayList<>();
        private final List<String> sources = new ArrayList<>();
        private Optional<Boolean> ufw = Optional.empty();
        private boolean firewalld;
        private Optional<String> panel = Optional.empty();
        private final List<PanelFinding> panels = new ArrayList<>();
        private Optional<Integer> somaxconn = Optional.empty();
        private Optional<Long> overflows = Optional.empty();
        private Optional<Long> drops = Optional.empty();
        private final Map<Integer, List<ConnectAttempt>> selfCheck = new java.util.HashMap<>();
        private long inode = 1000;

        static Host of(int... ports) {
            Host host = new Host();
            for (int port : ports) {
                host.ports.add(port);
            }
            if (ports.length == 0) {
                host.ports.add(PORT);
            }
            return host;
        }

        Host listener(String address, int port) {
            return listener(address, port, Optional.empty());
        }

        Host listener(String address, int port, Optional<ProcessInfo> process) {
            return listener(address, port, 0, 128, process);
        }

        Host listener(String address, int port, int queued, int backlog, Optional<ProcessInfo> process) {
            listeners.add(new Listener(ip(address), port, address.contains(":") ? "tcp6" : "tcp", inode++, queued, backlog,
                    process));
            return this;
        }

        Host chains(String source, List<Chain> parsed) {
            chains.addAll(parsed);
            if (!sources.contains(source)) {
                sources.add(source);
            }
            return this;
        }

        Host iptables(String fixture) {
            return chains("iptables", IptablesSave.parse(fixture(fixture), "iptables"));
        }

        Host ip6tables(String fixture) {
            return chains("ip6tables", IptablesSave.parse(fixture(fixture), "ip6tables"));
        }

        Host nft(String fixture) {
            return chains("nft", NftRuleset.parse(fixture(fixture), !sources.isEmpty()));
        }

        Host ufw(boolean enabled) {
            ufw = Optional.of(enabled);
            return this;
        }

        Host firewalld() {
            firewalld = true;
            return this;
        }

        /** Baota / aaPanel on iptables, its firewall on, with the list it ships: 21, 22, 80, 8888. */
        Host panel() {
            return panel(baota(Optional.of("iptables"), Optional.of(true), List.of(accept("21", "FTP服务"),
                    accept("22", "SSH远程管理服务"), accept("80", "网站默认端口"), accept("8888", "WEB面板"))));
        }

        Host panel(PanelFinding finding) {
            panels.add(finding);
            panel = Optional.of(panels.get(0).kind().id());
            return this;
        }

        Host somaxconn(int value) {
            somaxconn = Optional.of(value);
            return this;
        }

        Host overflows(long listenOverflows, long listenDrops) {
            overflows = Optional.of(listenOverflows);
            drops = Optional.of(listenDrops);
            return this;
        }

        ServerEvidence build() {
            return new ServerEvidence(ports, listeners, Optional.of(false), chains, sources, ufw, firewalld, panel,
                    somaxconn, overflows, drops, 0, selfCheck, List.of(new LocalInterface("lo", ip("127.0.0.1"), 8)),
                    List.of(), Optional.empty(), panels);
        }
    }
}
