package dev.conndoctor.net;

import static dev.conndoctor.net.CidrTest.ip;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EndpointsTest {

    @Test
    void ipv4EndpointIsAddressColonPort() {
        assertThat(Endpoints.format(ip("192.0.2.10"), 8282)).isEqualTo("192.0.2.10:8282");
    }

    @Test
    void ipv6EndpointIsBracketed() {
        assertThat(Endpoints.format(ip("2001:db8::10"), 8282)).startsWith("[").endsWith("]:8282");
    }

    @Test
    void ipv4MappedAddressIsWrittenAsIpv4() {
        assertThat(Endpoints.format(ip("::ffff:192.0.2.10"), 8282)).isEqualTo("192.0.2.10:8282");
    }

    @Test
    void ipv6EndpointIsWrittenInTheShortFormPeopleRead() {
        assertThat(Endpoints.format(ip("2001:db8::10"), 8282)).isEqualTo("[2001:db8::10]:8282");
        assertThat(Endpoints.format(ip("::1"), 8282)).isEqualTo("[::1]:8282");
    }
}
