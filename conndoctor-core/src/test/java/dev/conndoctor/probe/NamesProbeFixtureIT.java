package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.evidence.NameserverAnswer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The names probe on fixture roots with a fake DNS client: which nameservers it asks, what it
 * reads from the hosts file, and that its questions run at once. No query leaves the process.
 */
class NamesProbeFixtureIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** Each test's own probe threads, closed after it. */
    private final ProbeExecutor executor = new ProbeExecutor();

    @AfterEach
    void closeTheExecutor() {
        executor.close();
    }

    @TempDir
    Path root;

    /** A DNS client that answers every question with one record per server, and records the questions. */
    static final class RecordingDnsClient implements DnsClient {
        final List<String> questions = Collections.synchronizedList(new ArrayList<>());

        @Override
        public NameserverAnswer query(InetAddress server, String name, String type, Duration timeout) {
            String serverText = dev.conndoctor.net.Endpoints.text(server);
            questions.add(serverText + " " + name + " " + type);
            List<DnsRecord> records = type.equals("A")
                    ? List.of(new DnsRecord(name, "A", 300, "192.0.2." + (server.getAddress()[3] & 0xff)))
                    : List.of();
            return new NameserverAnswer(serverText, type, Optional.of("NOERROR"), records, 1, Optional.empty());
        }
    }

    private HostFiles fixture(String hosts, String resolvConf) throws IOException {
        Files.createDirectories(root.resolve("etc"));
        if (hosts != null) {
            Files.writeString(root.resolve("etc/hosts"), hosts);
        }
        if (resolvConf != null) {
            Files.writeString(root.resolve("etc/resolv.conf"), resolvConf);
        }
        return new HostFiles(root);
    }

    private static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal); // literals only in this class
    }

    @Test
    void theHostsEntryAndTheFirstThreeNameserversAreAskedForAAndAaaa() throws Exception {
        HostFiles files = fixture("127.0.0.1 localhost\n192.0.2.99 service.test service # pinned\n",
                "search example.test\noptions ndots:2\nnameserver 127.0.0.11\nnameserver 127.0.0.12\n"
                        + "nameserver 127.0.0.13\nnameserver 127.0.0.14\n");
        RecordingDnsClient client = new RecordingDnsClient();

        DnsEvidence dns = new NamesProbe(client, executor).start("service.test", List.of(), files, TIMEOUT)
                .get(5, TimeUnit.SECONDS);

        assertThat(dns.name()).isEqualTo("service.test");
        assertThat(dns.hostsFile()).containsExactly(ip("192.0.2.99"));
        assertThat(dns.nameservers()).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
        assertThat(client.questions).containsExactlyInAnyOrder(
                "127.0.0.11 service.test A", "127.0.0.11 service.test AAAA",
                "127.0.0.12 service.test A", "127.0.0.12 service.test AAAA",
                "127.0.0.13 service.test A", "127.0.0.13 service.test AAAA");
        assertThat(dns.answers()).hasSize(6);
        assertThat(dns.addressesFrom("127.0.0.12")).containsExactly(ip("192.0.2.12"));
        assertThat(dns.answeredBy("127.0.0.13")).isTrue();
        assertThat(files.unreadable()).isEmpty();
    }

    @Test
    void givenServersReplaceThoseOfResolvConf() throws Exception {
        HostFiles files = fixture("", "nameserver 127.0.0.11\n");
        RecordingDnsClient client = new RecordingDnsClient();

        DnsEvidence dns = new NamesProbe(client, executor)
                .start("service.test", List.of(ip("127.0.0.21"), ip("::1")), files, TIMEOUT).get(5, TimeUnit.SECONDS);

        assertThat(dns.nameservers()).containsExactly("127.0.0.21", "::1");
        assertThat(client.questions).hasSize(4).noneMatch(q -> q.startsWith("127.0.0.11 "))
                .contains("::1 service.test AAAA");
        assertThat(dns.hostsFile()).isEmpty();
    }

    @Test
    void moreThanThreeGivenServersAreAllAsked() throws Exception {
        HostFiles files = fixture(null, null);
        RecordingDnsClient client = new RecordingDnsClient();

        DnsEvidence dns = new NamesProbe(client, executor).start("service.test",
                List.of(ip("127.0.0.21"), ip("127.0.0.22"), ip("127.0.0.23"), ip("127.0.0.24")), files, TIMEOUT)
                .get(5, TimeUnit.SECONDS);

        assertThat(dns.nameservers()).hasSize(4);
        assertThat(client.questions).hasSize(8);
    }

    @Test
    void aNameserverWhoseZoneDoesNotExistHereIsSkippedAndDoesNotCount() throws Exception {
        HostFiles files = fixture(null, "nameserver fe80::1%nosuchif0\nnameserver 127.0.0.11\nnameserver 127.0.0.12\n"
                + "nameserver 127.0.0.13\nnameserver 127.0.0.14\n");
        RecordingDnsClient client = new RecordingDnsClient();

        DnsEvidence dns = new NamesProbe(client, executor).start("service.test", List.of(), files, TIMEOUT)
                .get(5, TimeUnit.SECONDS);

        assertThat(dns.nameservers()).containsExactly("127.0.0.11", "127.0.0.12", "127.0.0.13");
    }

    @Test
    void withoutResolvConfNoServerIsAskedAndTheMissingFileIsReported() throws Exception {
        HostFiles files = fixture("192.0.2.99 service.test\n", null);
        RecordingDnsClient client = new RecordingDnsClient();

        DnsEvidence dns = new NamesProbe(client, executor).start("service.test", List.of(), files, TIMEOUT)
                .get(5, TimeUnit.SECONDS);

        assertThat(dns.nameservers()).isEmpty();
        assertThat(dns.answers()).isEmpty();
        assertThat(dns.hostsFile()).containsExactly(ip("192.0.2.99"));
        assertThat(client.questions).isEmpty();
        assertThat(files.unreadable()).singleElement().satisfies(u -> assertThat(u).startsWith("/etc/resolv.conf"));
    }

    @Test
    void withoutAHostsFileTheEntryIsEmptyAndNothingIsReported() throws Exception {
        HostFiles files = fixture(null, "nameserver 127.0.0.11\n");

        DnsEvidence dns = new NamesProbe(new RecordingDnsClient(), executor).start("service.test", List.of(), files, TIMEOUT)
                .get(5, TimeUnit.SECONDS);

        assertThat(dns.hostsFile()).isEmpty();
        // many machines have no hosts file: its absence is not worth reporting
        assertThat(files.unreadable()).isEmpty();
    }

    @Test
    void everyQuestionRunsAtOnce() throws Exception {
        HostFiles files = fixture(null, "nameserver 127.0.0.11\nnameserver 127.0.0.12\nnameserver 127.0.0.13\n");
        CountDownLatch allAsked = new CountDownLatch(6);
        DnsClient waitsForTheOthers = (server, name, type, timeout) -> {
            allAsked.countDown();
            try {
                // a question that waited for another to finish first would never see the latch open
                boolean together = allAsked.await(5, TimeUnit.SECONDS);
                return new NameserverAnswer(server.getHostAddress(), type, Optional.of("NOERROR"), List.of(), 1,
                        together ? Optional.empty() : Optional.of("asked one after another"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new NameserverAnswer(server.getHostAddress(), type, Optional.empty(), List.of(), 1,
                        Optional.of("interrupted"));
            }
        };

        DnsEvidence dns = new NamesProbe(waitsForTheOthers, executor).start("service.test", List.of(), files, TIMEOUT)
                .get(10, TimeUnit.SECONDS);

        assertThat(dns.answers()).hasSize(6).allSatisfy(a -> assertThat(a.error()).isEmpty());
    }

    @Test
    void startReturnsBeforeTheAnswersArrive() throws Exception {
        HostFiles files = fixture(null, "nameserver 127.0.0.11\n");
        CountDownLatch release = new CountDownLatch(1);
        DnsClient slow = (server, name, type, timeout) -> {
            try {
                release.await(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new NameserverAnswer(server.getHostAddress(), type, Optional.of("NOERROR"), List.of(), 1,
                    Optional.empty());
        };

        var future = new NamesProbe(slow, executor).start("service.test", List.of(), files, TIMEOUT);

        assertThat(future).isNotDone();
        release.countDown();
        assertThat(future.get(5, TimeUnit.SECONDS).answers()).hasSize(2);
    }
}
