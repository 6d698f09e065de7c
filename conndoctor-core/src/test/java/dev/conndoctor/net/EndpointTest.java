package dev.conndoctor.net;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Endpoints are equal, and find each other as map keys, by address and port alone, as a record's are. */
class EndpointTest {

    @Test
    void endpointsWithTheSameAddressAndPortAreEqualAndHashAlike() throws Exception {
        Endpoint a = new Endpoint(InetAddress.getByName("127.0.0.1"), 8282);
        Endpoint b = new Endpoint(InetAddress.getByAddress(new byte[] {127, 0, 0, 1}), 8282);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(Map.of(a, "outcome")).containsKey(b);
    }

    @Test
    void anotherPortOrAddressIsAnotherEndpoint() throws Exception {
        Endpoint a = new Endpoint(InetAddress.getByName("127.0.0.1"), 8282);

        assertThat(a).isNotEqualTo(new Endpoint(InetAddress.getByName("127.0.0.1"), 8283))
                .isNotEqualTo(new Endpoint(InetAddress.getByName("127.0.0.2"), 8282))
                .isNotEqualTo(null)
                .isNotEqualTo("127.0.0.1:8282");
    }
}
