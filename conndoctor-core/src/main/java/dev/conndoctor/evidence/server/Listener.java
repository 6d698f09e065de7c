package dev.conndoctor.evidence.server;

import dev.conndoctor.net.Endpoints;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A listening TCP socket of this host with its owner.
 *
 * @param queued connections waiting in the accept queue now
 * @param backlog the accept queue's size (the listen() backlog, capped by somaxconn)
 */
public record Listener(InetAddress address, int port, String family, long inode, int queued, int backlog,
                       Optional<ProcessInfo> process) {

    public boolean wildcard() {
        return address.isAnyLocalAddress();
    }

    public boolean loopback() {
        return address.isLoopbackAddress();
    }

    public String endpoint() {
        return Endpoints.format(address, port);
    }
}
