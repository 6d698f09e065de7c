package dev.conndoctor.host;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/** Reads the /proc samples under src/test/resources/fixtures/proc from the class path; never the live /proc. */
final class Fixtures {
    private Fixtures() {
    }

    static String proc(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/proc/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture /fixtures/proc/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An address literal; refuses anything that could make getByName look a name up. */
    static InetAddress ip(String literal) {
        if (!literal.contains(":") && !literal.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            throw new IllegalArgumentException("not an address literal: " + literal);
        }
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
