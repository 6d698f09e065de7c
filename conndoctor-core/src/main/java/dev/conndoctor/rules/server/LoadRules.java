package dev.conndoctor.rules.server;

import dev.conndoctor.evidence.server.Listener;
import dev.conndoctor.evidence.server.ProcessInfo;
import dev.conndoctor.evidence.server.PortEvidence;
import dev.conndoctor.evidence.server.ServerEvidence;

import dev.conndoctor.Cause;
import dev.conndoctor.CauseId;
import dev.conndoctor.Confidence;
import dev.conndoctor.rules.Rule;
import dev.conndoctor.rules.Verdict;
import java.util.List;
import java.util.Optional;

/** The load limits of a listening port: its accept queue, and its process's descriptors. */
public final class LoadRules {
    /** A process at this share of its descriptor limit refuses new connections at the next burst. */
    static final double FD_NEAR_LIMIT = 0.9;

    private LoadRules() {
    }

    /**
     * accept-backlog-overflow: the accept queue is full now (confirmed), or the kernel counted
     * overflows since boot while a small queue listens here (possible).
     */
    public static final class AcceptBacklogOverflow implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.ACCEPT_BACKLOG_OVERFLOW;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            ServerEvidence evidence = at.server();
            int port = at.port();
            List<Listener> listeners = at.listeners();
            // the kernel calls a queue full when it holds more than the backlog (sk_acceptq_is_full)
            Optional<Listener> full = listeners.stream().filter(l -> l.backlog() >= 0 && l.queued() > l.backlog())
                    .findFirst();
            long overflows = evidence.listenOverflows().orElse(0L);
            if (full.isEmpty() && (overflows == 0 || listeners.isEmpty())) {
                return Verdict.silent();
            }
            Listener l = full.orElse(listeners.get(0));
            return Verdict.found(Cause.builder(CauseId.ACCEPT_BACKLOG_OVERFLOW,
                            full.isPresent() ? Confidence.CONFIRMED : Confidence.POSSIBLE, port)
                    .evidence("evidence.accept-queue", l.endpoint(), l.queued(), l.backlog() < 0 ? "?" : l.backlog(),
                            evidence.somaxconn().map(String::valueOf).orElse("?"))
                    .evidence("evidence.listen-overflows", overflows, evidence.listenDrops().orElse(0L))
                    .fix("fix.backlog.somaxconn")
                    .fix("fix.backlog.listen")
                    .fix("fix.backlog.accept")
                    .build());
        }
    }

    /** fd-limit: the owning process has (nearly) all the descriptors its limit allows. */
    public static final class FdLimit implements Rule<PortEvidence> {
        @Override
        public CauseId cause() {
            return CauseId.FD_LIMIT;
        }

        @Override
        public Verdict evaluate(PortEvidence at) {
            for (Listener l : at.listeners()) {
                if (l.process().isEmpty() || l.process().get().openFiles().isEmpty()
                        || l.process().get().openFilesLimit().isEmpty()) {
                    continue;
                }
                ProcessInfo p = l.process().get();
                long open = p.openFiles().get();
                long limit = p.openFilesLimit().get();
                if (open >= limit * FD_NEAR_LIMIT) {
                    return Verdict.found(Cause.builder(CauseId.FD_LIMIT,
                                    open >= limit ? Confidence.CONFIRMED : Confidence.LIKELY, p.name())
                            .evidence("evidence.fd-count", p.name(), p.pid(), open, limit)
                            .fix("fix.fd.ulimit", p.pid())
                            .fix("fix.fd.systemd")
                            .build());
                }
            }
            return Verdict.silent();
        }
    }
}
