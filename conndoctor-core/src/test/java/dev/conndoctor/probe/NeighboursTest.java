package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NeighboursTest {

    @TempDir
    Path root;

    @Test
    void theTableIsReadFromTheRootsProcNetArp() throws Exception {
        Files.createDirectories(root.resolve("proc/net"));
        Files.writeString(root.resolve("proc/net/arp"), """
                IP address       HW type     Flags       HW address            Mask     Device
                192.0.2.10       0x1         0x2         5e:11:02:00:00:0a     *        eth0
                """);

        assertThat(Neighbours.under(root).answered()).containsExactly(InetAddress.getByName("192.0.2.10"));
    }

    @Test
    void aMissingTableKnowsNoNeighbourInsteadOfFailingTheRound() {
        assertThat(Neighbours.under(root).answered()).isEmpty();
    }
}
