package dev.conndoctor.evidence.server;

import dev.conndoctor.net.Endpoints;
import java.net.InetAddress;
import java.util.Optional;

/**
 * A listening TCP socket of this host with its owner.
 *
 * @param queued connections waiting in the accept queue now
 * @param backlog the accept queue's size (the listen() backlog, capped by somaxconn)
 * @param ownerUnseen when {@code process} is empty, why: {@link #OWNER_PROTECTED} or {@link #OWNER_OTHER_PID_NAMESPACE}
 */
public record Listener(InetAddress address, int port, String family, long inode, int queued, int backlog,
                       Optional<ProcessInfo> process, Optional<String> ownerUnseen) {

    /** Some process's descriptors could not be read, even by root (a protected or dying process): the owner may be it. */
    public static final String OWNER_PROTECTED = "protected";
    /**
     * Every process's descriptors were read and none holds the socket: its owner lives in another
     * PID namespace (a container on the host's network, or this tool itself runs in a container).
     */
    public static final String OWNER_OTHER_PID_NAMESPACE = "other-pid-namespace";

    /** A listener whose owner was found, or not looked for. */
    public Listener(InetAddress address, int port, String family, long inode, int queued, int backlog,
                    Optional<ProcessInfo> process) {
        this(address, port, family, inode, queued, backlog, process, Optional.empty());
    }

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
