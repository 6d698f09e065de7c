package dev.conndoctor.lab;

import dev.conndoctor.lab.Lab.Host;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The lab's names: a real dnsmasq serving the zone {@code lab.test} from a lab host (nothing
 * else: no upstream, no hosts file, every other name under {@code lab.test} NXDOMAIN), and the
 * per-namespace {@code /etc/netns/NS/resolv.conf} that points a lab host at it, so that no
 * query of a lab host ever goes to the machine's own nameserver.
 */
final class LabDns {

    /** The zone the lab's dnsmasq answers for alone. */
    static final String ZONE = "lab.test";

    private static final Path NETNS_ETC = Path.of("/etc/netns");

    private LabDns() {
    }

    /** Whether dnsmasq (Debian: dnsmasq-base) is installed. */
    static boolean available() {
        return Lab.hasCommand("dnsmasq");
    }

    /**
     * Starts dnsmasq on {@code host}'s address, port 53, answering each name of {@code answers}
     * with its address (A or AAAA by the address's family); ready once it listens.
     */
    static LabProcess start(Lab lab, Host host, Map<String, String> answers) {
        List<String> command = new ArrayList<>(List.of("dnsmasq",
                "--no-daemon", "--keep-in-foreground", // a child of the test, stopped by it
                "--conf-file=/dev/null", "--no-resolv", "--no-hosts", "--no-poll", "--pid-file=",
                "--listen-address=" + host.ipv4(), "--bind-interfaces",
                "--log-facility=-", "--log-queries", "--local-ttl=60",
                "--local=/" + ZONE + "/")); // names of the zone not listed: NXDOMAIN, never asked upstream
        // a host record, not --address: a name with an IPv4 address only answers AAAA with NOERROR and
        // no record (NODATA), as real zones do, where --address=/name/ipv4 plus --local gives NXDOMAIN
        answers.forEach((name, address) -> command.add("--host-record=" + name + "," + address));
        return LabDaemon.start(lab, host, host.ipv4(), 53, command);
    }

    /** One name, one answer: {@code answers("a.lab.test", "192.0.2.10", "b.lab.test", ...)}. */
    static Map<String, String> answers(String... nameThenAddress) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i + 1 < nameThenAddress.length; i += 2) {
            map.put(nameThenAddress[i], nameThenAddress[i + 1]);
        }
        return map;
    }

    /**
     * Writes {@code /etc/netns/NS/resolv.conf}, which {@code ip netns exec} mounts over
     * {@code /etc/resolv.conf}, naming only {@code nameservers} (none: an empty file, so the
     * resolver asks no one but loopback). Closing removes the file again.
     */
    static ResolvConf resolvConf(Host host, String... nameservers) {
        Path dir = NETNS_ETC.resolve(host.namespace());
        Path file = dir.resolve("resolv.conf");
        StringBuilder content = new StringBuilder("# conndoctor lab: only the lab's own nameservers\n");
        for (String server : nameservers) {
            content.append("nameserver ").append(server).append('\n');
        }
        content.append("options timeout:1 attempts:1\n");
        try {
            Files.createDirectories(dir);
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return new ResolvConf(file);
    }

    /** A namespace's resolv.conf, removed by {@link #close()} (with its directory, when that is left empty). */
    record ResolvConf(Path file) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Files.deleteIfExists(file);
                Files.deleteIfExists(file.getParent());
            } catch (DirectoryNotEmptyException e) {
                // the lab's hosts file is still there: the lab's reset removes the directory
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove " + file, e);
            }
        }
    }
}
