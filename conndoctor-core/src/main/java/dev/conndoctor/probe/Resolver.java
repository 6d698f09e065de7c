package dev.conndoctor.probe;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Turns a host name into addresses. {@link #SYSTEM} asks the operating system as any client
 * would; tests pass a fake so that no rule or planner needs a network.
 */
@FunctionalInterface
public interface Resolver {

    /** The operating system's resolver (hosts file, then DNS, as nsswitch says). */
    Resolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    /** Every address of {@code host}, or an {@link UnknownHostException} in the resolver's own words. */
    List<InetAddress> resolve(String host) throws UnknownHostException;
}
