package dev.conndoctor.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.probe.Resolver;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The JVM's order of a name's addresses, as the JDK reads {@code java.net.preferIPv6Addresses}. */
class AddressOrderTest {

    @Test
    void unsetOrFalseIsJavasIpv4FirstOrder() {
        assertThat(AddressOrder.ofJvmProperty(null)).isEqualTo(AddressOrder.IPV4_FIRST);
        assertThat(AddressOrder.ofJvmProperty("false")).isEqualTo(AddressOrder.IPV4_FIRST);
    }

    @Test
    void systemAndTrueAreReadIgnoringCaseAsTheJdkDoes() {
        assertThat(AddressOrder.ofJvmProperty("system")).isEqualTo(AddressOrder.SYSTEM);
        assertThat(AddressOrder.ofJvmProperty("SYSTEM")).isEqualTo(AddressOrder.SYSTEM);
        assertThat(AddressOrder.ofJvmProperty("True")).isEqualTo(AddressOrder.IPV6_FIRST);
    }

    @Test
    void aValueTheJdkDoesNotKnowIsItsDefault() {
        assertThat(AddressOrder.ofJvmProperty("ipv6")).isEqualTo(AddressOrder.IPV4_FIRST);
    }

    @Test
    void theJsonIdsAreKebabCase() {
        assertThat(AddressOrder.IPV4_FIRST.id()).isEqualTo("ipv4-first");
        assertThat(AddressOrder.AS_GIVEN.id()).isEqualTo("as-given");
    }

    @Test
    void anInjectedResolverSaysNothingOfItsOrder() {
        Resolver fake = host -> List.of(InetAddress.getLoopbackAddress());

        assertThat(fake.order()).isEqualTo(AddressOrder.AS_GIVEN);
    }
}
