package dev.conndoctor.host;

import dev.conndoctor.TestResources;
import java.net.InetAddress;

/** Reads the /proc samples under src/test/resources/fixtures/proc from the class path; never the live /proc. */
final class Fixtures {
    private Fixtures() {
    }

    static String proc(String name) {
        return TestResources.text("/fixtures/proc/" + name);
    }

    static InetAddress ip(String literal) {
        return TestResources.ip(literal);
    }
}
