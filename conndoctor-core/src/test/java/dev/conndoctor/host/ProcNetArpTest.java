package dev.conndoctor.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ProcNetArpTest {

    /** A table as the kernel prints it while one neighbour answers, one is being asked and one has failed. */
    private static final String TABLE = """
            IP address       HW type     Flags       HW address            Mask     Device
            192.0.2.1        0x1         0x2         02:fc:00:00:00:05     *        eth0
            192.0.2.10       0x1         0x0         00:00:00:00:00:00     *        eth0
            192.0.2.11       0x1         0x6         5e:11:02:00:00:0b     *        eth0
            198.51.100.7     0x1         0x0         00:00:00:00:00:00     *        eth1
            """;

    @Test
    void onlyEntriesWhoseNeighbourAnsweredAreListed() throws Exception {
        assertThat(ProcNetArp.answered(TABLE)).containsExactly(
                InetAddress.getByName("192.0.2.1"), InetAddress.getByName("192.0.2.11"));
    }

    @Test
    void anEmptyOrGarbledTableListsNothingAndDoesNotFail() {
        assertThat(ProcNetArp.answered("")).isEmpty();
        assertThat(ProcNetArp.answered("IP address HW type Flags HW address Mask Device\n"
                + "not-an-address 0x1 0x2 aa *\nexample.com 0x1 0x2 aa:bb * eth0\n192.0.2.1 0x1 0xZZ aa * eth0\n")).isEmpty();
    }
}
