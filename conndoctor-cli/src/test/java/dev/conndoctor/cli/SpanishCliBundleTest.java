package dev.conndoctor.cli;

import dev.conndoctor.testkit.SpanishBundleContract;

/** The CLI's Spanish bundle against its English one (the contract is the testkit's). */
class SpanishCliBundleTest extends SpanishBundleContract {
    SpanishCliBundleTest() {
        super("dev.conndoctor.cli.messages", "verdict.refused", "conexión rechazada");
    }
}
