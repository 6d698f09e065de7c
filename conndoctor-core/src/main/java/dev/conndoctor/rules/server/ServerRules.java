package dev.conndoctor.rules.server;

import static dev.conndoctor.CauseId.PORT_NOT_PUBLISHED;
import static dev.conndoctor.CauseId.CONTAINER_NOT_LISTENING;
import static dev.conndoctor.CauseId.CONTAINER_BOUND_TO_LOOPBACK;
import static dev.conndoctor.CauseId.PUBLISHED_ON_LOOPBACK;
import static dev.conndoctor.CauseId.PUBLISHED_PAST_FIREWALL;
import static dev.conndoctor.CauseId.ACCEPT_BACKLOG_OVERFLOW;
import static dev.conndoctor.CauseId.BOUND_TO_LOOPBACK;
import static dev.conndoctor.CauseId.BOUND_TO_OTHER_ADDRESS;
import static dev.conndoctor.CauseId.FD_LIMIT;
import static dev.conndoctor.CauseId.HOST_FIREWALL;
import static dev.conndoctor.CauseId.PANEL_FIREWALL;
import static dev.conndoctor.CauseId.SERVER_NOT_LISTENING;

import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.rules.Precedence;
import dev.conndoctor.rules.Rule;
import java.util.List;

/** The server's rules, one per cause, and the precedence among their causes: what the composition root wires. */
public final class ServerRules {
    private static final List<Rule<PortEvidence>> ALL = List.of(
            new ContainerRules.PortNotPublished(),
            new ContainerRules.ContainerNotListening(),
            new ContainerRules.ContainerBoundToLoopback(),
            new ContainerRules.PublishedOnLoopback(),
            new ContainerRules.PublishedPastFirewall(),
            new ListenerRules.NotListening(),
            new ListenerRules.LoopbackOnly(),
            new ListenerRules.SpecificAddress(),
            new FirewallRules.PanelFirewall(),
            new FirewallRules.HostFirewall(),
            new LoadRules.FdLimit(),
            new LoadRules.AcceptBacklogOverflow());

    /** Among causes of equal confidence the higher line is the primary one: the most specific first. */
    private static final Precedence PRECEDENCE = Precedence.builder()
            // where a container publishes or hides the port: more specific than the host's own listeners
            .then(PORT_NOT_PUBLISHED)
            .then(CONTAINER_NOT_LISTENING)
            .then(CONTAINER_BOUND_TO_LOOPBACK)
            .then(PUBLISHED_ON_LOOPBACK)
            .then(SERVER_NOT_LISTENING)
            .then(BOUND_TO_LOOPBACK)
            // the panel manages the firewall: opening the port there is the fix, so it leads a confirmed block
            .then(PANEL_FIREWALL)
            .then(HOST_FIREWALL)
            // a warning: the port is open past the firewall the person thinks guards it
            .then(PUBLISHED_PAST_FIREWALL)
            .then(FD_LIMIT)
            .then(ACCEPT_BACKLOG_OVERFLOW)
            // listening on specific addresses is only a warning: fine when clients use those addresses
            .then(BOUND_TO_OTHER_ADDRESS)
            .build();

    private ServerRules() {
    }

    /** Every server rule; their order does not matter. */
    public static List<Rule<PortEvidence>> all() {
        return ALL;
    }

    public static Precedence precedence() {
        return PRECEDENCE;
    }
}
