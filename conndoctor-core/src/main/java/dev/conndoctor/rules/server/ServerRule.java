package dev.conndoctor.rules.server;

import dev.conndoctor.evidence.server.ServerEvidence;

import dev.conndoctor.rules.Verdict;

/** Decides one cause for one port from what the server knows about itself. Pure, like the client's rules. */
public interface ServerRule {

    Verdict evaluate(ServerEvidence evidence, int port);
}
