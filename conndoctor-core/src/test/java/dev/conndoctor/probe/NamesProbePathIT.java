package dev.conndoctor.probe;

import static dev.conndoctor.probe.ProxyProbeLoopbackIT.closedPort;
import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Confidence;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Outcome;
import dev.conndoctor.Symptom;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.net.Endpoints;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.config.CdnCatalog;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole doctor for a name, on loopback: a fake resolver and a fake DNS client (no query
 * leaves the process), a fixture root with /etc/hosts and /etc/resolv.conf, and a real listener.
 */
class NamesProbePathIT {

    private static final String NAME = "service.test";
    private static final Options FAST = Options.builder().timeout(Duration.ofSeconds(2)).build();

    @TempDir
    Path root;

    /** What the nameservers were asked, "server type". */
    private final List<String> asked = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void fixtureRoot() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/hosts"), "127.0.0.1 localhost\n127.0.0.1 " + NAME + "\n");
        Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 192.0.2.53\nnameserver 198.51.100.53\n");
    }

    /** Every nameserver answers the name's A question with {@code dnsAnswer}, AAAA with nothing. */
    private ConnDoctor doctor(String dnsAnswer) {
        DnsClient fake = (server, name, type, timeout) -> {
            asked.add(Endpoints.text(server) + " " + type);
            List<DnsRecord> records = type.equals("A") ? List.of(new DnsRecord(name, "A", 300, dnsAnswer)) : List.of();
            return new NameserverAnswer(Endpoints.text(server), type, Optional.of("NOERROR"), records, 1,
                    Optional.empty());
        };
        return ConnDoctor.builder()
                .resolver(host -> {
                    if (!host.equals(NAME)) {
                        throw new UnknownHostException(host + ": Name or service not known");
                    }
                    return List.of(InetAddress.getByName("127.0.0.1")); // the hosts file wins, as nsswitch says
                })
                .dnsClient(fake)
                .hostRoot(root)
                .environment(Map.of())
                .systemProperties(new Properties())
                .build();
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    private static List<String> rendered(List<Text> texts) {
        return texts.stream().map(t -> t.render(Locale.ROOT)).toList();
    }

    @Test
    void aWorkingConnectionToAnotherMachineThanExpectedFailsWithDnsPointsElsewhereConfirmed() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"))) {
            Diagnosis d = doctor("127.0.0.1").run(Target.parse("tcp://" + NAME + ":" + server.getLocalPort()),
                    FAST.toBuilder().expectedAddresses(List.of(ip("127.0.0.2"))).build(), DiagnosisListener.NONE);

            assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(d.symptom()).isEqualTo(Symptom.OK);
            Cause cause = d.primaryCause().orElseThrow();
            assertThat(cause.id()).isEqualTo(CauseId.DNS_POINTS_ELSEWHERE);
            assertThat(cause.confidence()).isEqualTo(Confidence.CONFIRMED);
            assertThat(rendered(cause.evidence()))
                    .containsExactly(NAME + " resolves to 127.0.0.1, but the server is at 127.0.0.2 (--expect-ip).");
            assertThat(d.evidence().path().expectedAddresses()).containsExactly(ip("127.0.0.2"));
        }
    }

    @Test
    void theNamesEvidenceHoldsTheHostsEntryAndEveryNameserversAnswers() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"))) {
            Diagnosis d = doctor("127.0.0.1").run(Target.parse("tcp://" + NAME + ":" + server.getLocalPort()), FAST,
                    DiagnosisListener.NONE);

            assertThat(d.ok()).isTrue();
            assertThat(d.evidence().path().dns()).get().satisfies(dns -> {
                assertThat(dns.hostsFile()).containsExactly(ip("127.0.0.1"));
                assertThat(dns.nameservers()).containsExactly("192.0.2.53", "198.51.100.53");
                assertThat(dns.answers()).hasSize(4);
            });
            assertThat(asked).containsExactlyInAnyOrder("192.0.2.53 A", "192.0.2.53 AAAA", "198.51.100.53 A",
                    "198.51.100.53 AAAA");
        }
    }

    @Test
    void dnsServersGivenInTheOptionsAreAskedInstead() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"))) {
            Diagnosis d = doctor("127.0.0.1").run(Target.parse("tcp://" + NAME + ":" + server.getLocalPort()),
                    FAST.toBuilder().dnsServers(List.of(ip("203.0.113.53"))).build(), DiagnosisListener.NONE);

            assertThat(d.evidence().path().dns()).get()
                    .satisfies(dns -> assertThat(dns.nameservers()).containsExactly("203.0.113.53"));
            assertThat(asked).containsExactlyInAnyOrder("203.0.113.53 A", "203.0.113.53 AAAA");
        }
    }

    @Test
    void aHostsEntryThatOverridesDnsIsALikelyCauseOfARefusal() throws IOException {
        int closed = closedPort();

        Diagnosis d = doctor("192.0.2.10").run(Target.parse("tcp://" + NAME + ":" + closed), FAST,
                DiagnosisListener.NONE);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.symptom()).isEqualTo(Symptom.REFUSED);
        assertThat(d.causes()).filteredOn(c -> c.id() == CauseId.DNS_POINTS_ELSEWHERE).singleElement()
                .satisfies(c -> {
                    assertThat(c.confidence()).isEqualTo(Confidence.LIKELY);
                    assertThat(rendered(c.evidence())).containsExactly("This machine's hosts file pins " + NAME
                            + " to 127.0.0.1, while DNS answers 192.0.2.10: clients here use the hosts file.");
                });
    }

    @Test
    void aLoopbackRangeDeclaredACdnWithWebPortsOnlyIsTheLikelyCauseOfARefusal() throws IOException {
        int closed = closedPort();
        CdnCatalog catalog = CdnCatalog.embedded().withOverrides(CdnCatalog.parse("labcdn 127.0.0.0/8 80,443", false));

        Diagnosis d = doctor("127.0.0.1").run(Target.parse("tcp://" + NAME + ":" + closed),
                FAST.toBuilder().cdnCatalog(catalog).build(), DiagnosisListener.NONE);

        assertThat(d.outcome()).isEqualTo(Outcome.FAILED);
        assertThat(d.evidence().path().cdn()).singleElement().satisfies(s -> {
            assertThat(s.provider()).isEqualTo("labcdn");
            assertThat(s.what()).isEqualTo("127.0.0.1 in 127.0.0.0/8");
            assertThat(s.portForwarded()).contains(false);
        });
        assertThat(d.causes()).filteredOn(c -> c.id() == CauseId.CDN_IN_FRONT).singleElement()
                .satisfies(c -> {
                    assertThat(c.confidence()).isEqualTo(Confidence.LIKELY);
                    assertThat(rendered(c.evidence())).contains("labcdn forwards only the ports 80,443; port " + closed
                            + " is not among them, so the edge never passes it to the server.");
                });
        assertThat(d.warnings()).extracting(Text::key).contains("warning.cdn");
    }

    @Test
    void aLiteralTargetAsksNoNameserver() throws IOException {
        try (ServerSocket server = new ServerSocket(0, 50, ip("127.0.0.1"))) {
            Diagnosis d = doctor("127.0.0.1").run(Target.parse("127.0.0.1:" + server.getLocalPort()), FAST,
                    DiagnosisListener.NONE);

            assertThat(d.ok()).isTrue();
            assertThat(d.evidence().path().dns()).isEmpty();
            assertThat(asked).isEmpty();
        }
    }
}
