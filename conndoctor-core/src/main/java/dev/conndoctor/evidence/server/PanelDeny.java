package dev.conndoctor.evidence.server;

import java.util.Objects;
import java.util.Optional;

/**
 * One address a panel denies outright (CSF's {@code csf.deny}): every port, or one port with CSF's
 * advanced filter ({@code tcp|in|d=8282|s=198.51.100.20}); lfd's automatic blocks say why in their comment.
 *
 * @param source the address or CIDR denied
 * @param port the one port denied, empty for every port
 * @param comment the comment after {@code #}, as written ("lfd: (sshd) Failed SSH login from ...")
 * @param byLfd whether lfd, the login failure daemon, added it (its comments start with "lfd:")
 */
public record PanelDeny(String source, Optional<Integer> port, String comment, boolean byLfd) {

    public PanelDeny {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(port, "port");
        Objects.requireNonNull(comment, "comment");
    }

    /** Whether it holds for connections to {@code port}. */
    public boolean covers(int port) {
        return this.port.map(p -> p == port).orElse(true);
    }
}
