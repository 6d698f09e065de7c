package dev.conndoctor.probe;

import dev.conndoctor.evidence.DnsEvidence;
import dev.conndoctor.evidence.NameserverAnswer;
import dev.conndoctor.host.HostsFile;
import dev.conndoctor.host.ResolvConf;
import dev.conndoctor.net.Endpoints;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Looks at a name beyond the system resolver: its /etc/hosts entry, and what each nameserver
 * (of /etc/resolv.conf, or given) answers for A and AAAA, all questions at once.
 */
public final class NamesProbe {
    /** More nameservers than this in resolv.conf are not asked: glibc itself uses three. */
    static final int MAX_SERVERS = 3;
    /**
     * How long past its timeout a question is waited for: the DNS client bounds its own queries,
     * and this only ends one that does not (a nameserver dripping a TCP answer, a client bug).
     */
    static final Duration GRACE = Duration.ofMillis(500);

    private final DnsClient client;
    private final ProbeExecutor executor;

    /** A probe asking through {@code client}, one question per probe thread of {@code executor}. */
    public NamesProbe(DnsClient client, ProbeExecutor executor) {
        this.client = client;
        this.executor = executor;
    }

    /** Starts the look-ups and returns at once; the result is complete within {@code timeout}. */
    public CompletableFuture<DnsEvidence> start(String name, List<InetAddress> given, HostFiles files, Duration timeout) {
        List<InetAddress> hosts = files.readIfPresent("/etc/hosts").map(t -> HostsFile.addressesOf(t, name)).orElse(List.of());
        List<InetAddress> servers = given.isEmpty() ? fromResolvConf(files) : given;
        List<String> serverTexts = servers.stream().map(dev.conndoctor.net.Endpoints::text).toList();
        if (servers.isEmpty()) {
            return CompletableFuture.completedFuture(new DnsEvidence(name, hosts, serverTexts, List.of()));
        }
        List<CompletableFuture<NameserverAnswer>> queries = new ArrayList<>();
        for (InetAddress server : servers) {
            for (String type : List.of("A", "AAAA")) {
                long bound = timeout.plus(GRACE).toNanos();
                queries.add(executor.supply(() -> client.query(server, name, type, timeout))
                        .completeOnTimeout(new NameserverAnswer(Endpoints.text(server), type, Optional.empty(),
                                List.of(), bound / 1_000_000, Optional.of("timed out")), bound, TimeUnit.NANOSECONDS));
            }
        }
        return CompletableFuture.allOf(queries.toArray(CompletableFuture[]::new))
                .thenApply(done -> new DnsEvidence(name, hosts, serverTexts,
                        queries.stream().map(CompletableFuture::join).toList()));
    }

    private static List<InetAddress> fromResolvConf(HostFiles files) {
        Optional<String> conf = files.read("/etc/resolv.conf");
        List<InetAddress> servers = new ArrayList<>();
        for (String literal : conf.map(ResolvConf::nameservers).orElse(List.of())) {
            if (servers.size() == MAX_SERVERS) {
                break;
            }
            try {
                servers.add(InetAddress.getByName(literal)); // literals only: ResolvConf checked them
            } catch (UnknownHostException e) {
                // a zone that does not exist here: that server cannot be asked
            }
        }
        return servers;
    }
}
