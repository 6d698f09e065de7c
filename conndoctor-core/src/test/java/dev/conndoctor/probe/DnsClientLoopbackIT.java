package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.DnsRecord;
import dev.conndoctor.evidence.NameserverAnswer;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

/**
 * The real dnsjava client against a tiny nameserver of this test on 127.0.0.1:53 (the client
 * asks port 53 only). Skipped where that port cannot be bound; no query leaves loopback.
 */
class DnsClientLoopbackIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private FakeNameserver nameserver;

    /** Each test's own probe threads, closed after it. */
    private final ProbeExecutor executor = new ProbeExecutor();

    @AfterEach
    void closeTheExecutor() {
        executor.close();
    }

    @TempDir
    Path root;

    @BeforeEach
    void startNameserver() throws IOException {
        nameserver = FakeNameserver.start();
        assumeTrue(nameserver != null, "127.0.0.1:53 cannot be bound here");
    }

    @AfterEach
    void stopNameserver() {
        if (nameserver != null) {
            nameserver.close();
        }
    }

    @Test
    void anAnswerKeepsTheCnameChainTheTtlsAndTheRcode() {
        NameserverAnswer answer = DnsClient.DNSJAVA.query(loopback(), "www.name.test", "A", TIMEOUT);

        assertThat(answer.server()).isEqualTo("127.0.0.1");
        assertThat(answer.type()).isEqualTo("A");
        assertThat(answer.rcode()).contains("NOERROR");
        assertThat(answer.error()).isEmpty();
        assertThat(answer.records()).containsExactly(
                new DnsRecord("www.name.test", "CNAME", 300, "edge.cdn.test"),
                new DnsRecord("edge.cdn.test", "A", 60, "192.0.2.10"));
        assertThat(answer.cnames()).containsExactly("edge.cdn.test");
        assertThat(answer.addresses()).extracting(InetAddress::getHostAddress).containsExactly("192.0.2.10");
        assertThat(nameserver.questions()).containsExactly("www.name.test. A");
    }

    @Test
    void anAaaaQuestionGetsItsOwnAnswer() {
        NameserverAnswer answer = DnsClient.DNSJAVA.query(loopback(), "www.name.test", "AAAA", TIMEOUT);

        assertThat(answer.records()).extracting(DnsRecord::type).containsExactly("CNAME", "AAAA");
        assertThat(answer.addresses()).extracting(InetAddress::getHostAddress).containsExactly("2001:db8:0:0:0:0:0:10");
    }

    @Test
    void anAaaaRecordIsWrittenInTheShortFormLikeEveryOtherAddress() {
        NameserverAnswer answer = DnsClient.DNSJAVA.query(loopback(), "www.name.test", "AAAA", TIMEOUT);

        assertThat(answer.records().get(1).data()).isEqualTo("2001:db8::10");
    }

    @Test
    void aNameThatDoesNotExistIsNxdomainWithoutRecords() {
        NameserverAnswer answer = DnsClient.DNSJAVA.query(loopback(), "missing.name.test", "A", TIMEOUT);

        assertThat(answer.rcode()).contains("NXDOMAIN");
        assertThat(answer.records()).isEmpty();
        assertThat(answer.answered()).isTrue();
    }

    @Test
    void aServerThatDoesNotAnswerTimesOut() {
        NameserverAnswer answer = DnsClient.DNSJAVA.query(loopback(), "silent.name.test", "A", Duration.ofMillis(300));

        assertThat(answer.rcode()).isEmpty();
        assertThat(answer.answered()).isFalse();
        assertThat(answer.error()).contains("timed out");
        assertThat(answer.elapsedMs()).isGreaterThanOrEqualTo(250);
    }

    @Test
    void aMalformedNameIsNamedWithoutAQuery() {
        NameserverAnswer answer = DnsClient.DNSJAVA.query(loopback(), "bad..name.test", "A", TIMEOUT);

        assertThat(answer.rcode()).isEmpty();
        assertThat(answer.error()).get().asString().startsWith("not a DNS name");
        assertThat(nameserver.questions()).isEmpty();
    }

    @Test
    void theNamesProbeAsksTheRealClientForBothFamilies() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 127.0.0.1\n");

        DnsEvidence dns = new NamesProbe(DnsClient.DNSJAVA, executor)
                .start("www.name.test", List.of(), new HostFiles(root), TIMEOUT).get(5, TimeUnit.SECONDS);

        assertThat(dns.nameservers()).containsExactly("127.0.0.1");
        assertThat(dns.answers()).extracting(NameserverAnswer::type).containsExactlyInAnyOrder("A", "AAAA");
        assertThat(dns.cnames()).containsExactly("edge.cdn.test");
        assertThat(dns.addressesFrom("127.0.0.1")).extracting(InetAddress::getHostAddress)
                .containsExactlyInAnyOrder("192.0.2.10", "2001:db8:0:0:0:0:0:10");
    }

    @Test
    void aCnameIntoACdnSeenByTheRealClientWarnsOnAWorkingConnection() throws Exception {
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/resolv.conf"), "nameserver 127.0.0.1\n");
        try (ServerSocket server = new ServerSocket(0, 50, loopback())) {
            ConnDoctor doctor = ConnDoctor.builder()
                    .resolver(host -> List.of(loopback()))
                    .hostRoot(root)
                    .dnsClient(DnsClient.DNSJAVA)
                    .environment(Map.of())
                    .systemProperties(new Properties())
                    .build();

            Diagnosis d = doctor.run(Target.parse("tcp://cdn.name.test:" + server.getLocalPort()),
                    Options.builder().timeout(TIMEOUT).build(), DiagnosisListener.NONE);

            assertThat(d.ok()).isTrue();
            assertThat(d.evidence().path().dns()).get().satisfies(dns ->
                    assertThat(dns.cnames()).containsExactly("cdn.name.test.cdn.cloudflare.net"));
            assertThat(d.warnings()).extracting(Text::key).containsExactly("warning.cdn");
            assertThat(d.evidence().path().cdn()).singleElement().satisfies(s -> {
                assertThat(s.provider()).isEqualTo("cloudflare");
                assertThat(s.how()).isEqualTo("cname");
            });
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A nameserver for a few names under {@code name.test}, built with dnsjava's message API:
     * {@code www} (a CNAME to {@code edge.cdn.test}, with A and AAAA), {@code cdn} (a CNAME into
     * Cloudflare's suffix, A 127.0.0.1), {@code missing} (NXDOMAIN) and {@code silent} (no answer).
     */
    static final class FakeNameserver implements AutoCloseable {
        private final DatagramSocket socket;
        private final List<String> questions = Collections.synchronizedList(new ArrayList<>());

        private FakeNameserver(DatagramSocket socket) {
            this.socket = socket;
        }

        /** The server on 127.0.0.1:53, or null when that port cannot be bound. */
        static FakeNameserver start() throws UnknownHostException {
            DatagramSocket socket;
            try {
                socket = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 53));
            } catch (SocketException e) {
                return null;
            }
            FakeNameserver server = new FakeNameserver(socket);
            Thread thread = new Thread(server::serve, "fake-nameserver");
            thread.setDaemon(true);
            thread.start();
            return server;
        }

        List<String> questions() {
            synchronized (questions) {
                return List.copyOf(questions);
            }
        }

        private void serve() {
            byte[] buffer = new byte[4096];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    Message query = new Message(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                    Record question = query.getQuestion();
                    questions.add(question.getName() + " " + Type.string(question.getType()));
                    Message response = answer(query, question);
                    if (response != null) {
                        byte[] wire = response.toWire();
                        socket.send(new DatagramPacket(wire, wire.length, packet.getSocketAddress()));
                    }
                } catch (IOException e) {
                    // closed, or a packet that is no DNS message: nothing to answer
                }
            }
        }

        private static Message answer(Message query, Record question) throws IOException {
            String name = question.getName().toString(true).toLowerCase(java.util.Locale.ROOT);
            if (name.equals("silent.name.test")) {
                return null;
            }
            Message response = new Message(query.getHeader().getID());
            response.getHeader().setFlag(Flags.QR);
            response.getHeader().setFlag(Flags.RA);
            if (query.getHeader().getFlag(Flags.RD)) {
                response.getHeader().setFlag(Flags.RD);
            }
            response.addRecord(question, Section.QUESTION);
            boolean aaaa = question.getType() == Type.AAAA;
            switch (name) {
                case "www.name.test" -> {
                    Name edge = Name.fromString("edge.cdn.test.");
                    response.addRecord(new CNAMERecord(question.getName(), DClass.IN, 300, edge), Section.ANSWER);
                    response.addRecord(aaaa
                            ? new AAAARecord(edge, DClass.IN, 60, InetAddress.getByName("2001:db8::10"))
                            : new ARecord(edge, DClass.IN, 60, InetAddress.getByName("192.0.2.10")), Section.ANSWER);
                }
                case "cdn.name.test" -> {
                    Name edge = Name.fromString("cdn.name.test.cdn.cloudflare.net.");
                    response.addRecord(new CNAMERecord(question.getName(), DClass.IN, 300, edge), Section.ANSWER);
                    if (!aaaa) {
                        response.addRecord(new ARecord(edge, DClass.IN, 60, InetAddress.getByName("127.0.0.1")),
                                Section.ANSWER);
                    }
                }
                default -> response.getHeader().setRcode(Rcode.NXDOMAIN);
            }
            return response;
        }

        @Override
        public void close() {
            socket.close();
        }
    }
}
