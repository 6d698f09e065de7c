package dev.conndoctor;

import dev.conndoctor.testkit.SpanishBundleContract;

/** The library's Spanish bundle against its English one (the contract is the testkit's). */
class SpanishBundleTest extends SpanishBundleContract {
    SpanishBundleTest() {
        super("dev.conndoctor.messages", "target.port-too-large", "está fuera de rango");
    }
}
