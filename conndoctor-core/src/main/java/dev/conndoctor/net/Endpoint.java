package dev.conndoctor.net;

import java.net.InetAddress;

/**
 * An address and port to connect to.
 *
 * <p>Its equals and hashCode are written out: a record's generated ones are bootstrapped through
 * {@code java.lang.runtime.ObjectMethods} on first use, 25 to 50 ms of method-handle spinning on
 * a cold JVM, and an endpoint is the first record used as a key on a diagnosis's hot path (the
 * connect round's map of outcomes).
 */
public record Endpoint(InetAddress address, int port) {

    public String text() {
        return Endpoints.format(address, port);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Endpoint e && e.port == port && e.address.equals(address);
    }

    @Override
    public int hashCode() {
        return address.hashCode() * 31 + port;
    }
}
