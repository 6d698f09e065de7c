package dev.conndoctor.evidence.server;

import java.util.List;

/**
 * One host port followed into the containers: each publication of it and where it leads, and the
 * namespaces that listen on that port with nothing publishing it to them.
 *
 * @param unpublished namespaces (not the host's, not PID 1's) listening on {@code port} into which
 *     no publication of any host port leads on that port
 */
public record ContainerPort(int port, List<PublicationPath> paths, List<ContainerNamespace> unpublished) {

    public ContainerPort {
        paths = List.copyOf(paths);
        unpublished = List.copyOf(unpublished);
    }

    public boolean published() {
        return !paths.isEmpty();
    }
}
