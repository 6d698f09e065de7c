package dev.conndoctor.evidence;

import dev.conndoctor.net.Endpoints;

import java.net.InetAddress;

/**
 * One row of the kernel's TCP socket table. {@code ipv6Table} tells whether it came from
 * tcp6, where an IPv4-mapped address still shows an IPv4 peer on an IPv6 socket.
 */
public record SocketEntry(boolean ipv6Table, InetAddress localAddress, int localPort,
                          InetAddress remoteAddress, int remotePort, TcpState state, int uid, long inode) {

    /** Bound to every address: 0.0.0.0 or ::. */
    public boolean wildcard() {
        return localAddress.isAnyLocalAddress();
    }

    /** {@code 127.0.0.1:8282} or {@code [::1]:8282}. */
    public String localEndpoint() {
        return Endpoints.format(localAddress, localPort);
    }
}
