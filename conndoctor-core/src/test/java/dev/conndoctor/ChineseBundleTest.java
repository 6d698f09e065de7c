package dev.conndoctor;

import dev.conndoctor.testkit.ChineseBundleContract;

/** The library's Chinese bundle against its English one (the contract is the testkit's). */
class ChineseBundleTest extends ChineseBundleContract {
    ChineseBundleTest() {
        super("dev.conndoctor.messages", "target.port-too-large", "超出范围");
    }
}
