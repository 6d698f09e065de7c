package dev.conndoctor.probe;

import dev.conndoctor.evidence.AddressOrder;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. {@link #SYSTEM} asks the operating system as any client
 * would; tests pass a fake so that no rule or planner needs a network.
 */
@FunctionalInterface
public interface Resolver {

    /**
     * The operating system's resolver (hosts file, then DNS, as nsswitch says), through the JVM:
     * in getaddrinfo's order (RFC 6724) when the JVM runs with
     * {@code java.net.preferIPv6Addresses=system}, as the CLI does ({@link #preferSystemOrder()}),
     * otherwise regrouped by family as the JVM's own clients dial them.
     */
    Resolver SYSTEM = new Resolver() {
        @Override
        public List<InetAddress> resolve(String host) throws UnknownHostException {
            return List.of(InetAddress.getAllByName(host));
        }

        @Override
        public AddressOrder order() {
            return AddressOrder.ofJvmProperty(System.getProperty(AddressOrder.JVM_PROPERTY));
        }
    };

    /** Every address of {@code host}, or an {@link UnknownHostException} in the resolver's own words. */
    List<InetAddress> resolve(String host) throws UnknownHostException;

    /** In which order {@link #resolve} gives the addresses; a resolver that does not say: as given. */
    default AddressOrder order() {
        return AddressOrder.AS_GIVEN;
    }

    /**
     * Asks the JVM for the operating system's order of a name's addresses, unless the user chose
     * an order ({@code -Djava.net.preferIPv6Addresses=...}), and tells the order {@link #SYSTEM}
     * gives from now on. The JVM reads the property once, when {@link InetAddress} is first used
     * (for a literal too): an entry point calls this first thing, before anything touches an address.
     */
    static AddressOrder preferSystemOrder() {
        if (System.getProperty(AddressOrder.JVM_PROPERTY) == null) {
            System.setProperty(AddressOrder.JVM_PROPERTY, "system");
        }
        return SYSTEM.order();
    }
}
