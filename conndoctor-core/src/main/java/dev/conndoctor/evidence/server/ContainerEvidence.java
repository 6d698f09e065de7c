package dev.conndoctor.evidence.server;

import java.util.List;
import java.util.Optional;

/**
 * What this host shows of its containers, read-only and without an engine's API: the publications
 * of its ports (docker-proxy, pasta, DNAT rules), the other network namespaces with their
 * addresses and listeners, and each port asked followed into them.
 *
 * @param hostNamespace this view's own network namespace (that of the reading process, whose
 *     socket tables the server's inspection reads); empty when unreadable
 * @param publications every TCP publication found, of every published port (not only those asked:
 *     a port asked may be a container's port published from another host port)
 * @param namespaces every network namespace but this host's that could be read
 * @param ports each port asked (every published port when none was asked), followed
 * @param unreadable what could not be read, for the report
 */
public record ContainerEvidence(Optional<Long> hostNamespace, List<Publication> publications,
                                List<ContainerNamespace> namespaces, List<ContainerPort> ports,
                                List<String> unreadable) {

    public ContainerEvidence {
        publications = List.copyOf(publications);
        namespaces = List.copyOf(namespaces);
        ports = List.copyOf(ports);
        unreadable = List.copyOf(unreadable);
    }

    public Optional<ContainerPort> port(int port) {
        return ports.stream().filter(p -> p.port() == port).findFirst();
    }

    /** Whether {@code publication} is made in this view's own namespace (not inside rootless Docker's, say). */
    public boolean inHostNamespace(Publication publication) {
        return hostNamespace.isPresent() && publication.namespace().equals(hostNamespace);
    }
}
