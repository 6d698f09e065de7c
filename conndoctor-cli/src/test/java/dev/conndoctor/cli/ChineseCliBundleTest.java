package dev.conndoctor.cli;

import dev.conndoctor.testkit.ChineseBundleContract;

/** The CLI's Chinese bundle against its English one (the contract is the testkit's). */
class ChineseCliBundleTest extends ChineseBundleContract {
    ChineseCliBundleTest() {
        super("dev.conndoctor.cli.messages", "verdict.refused", "连接被拒绝");
    }
}
