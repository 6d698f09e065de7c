package dev.conndoctor.evidence;

import java.net.Inet6Address;
import java.net.InetAddress;

/** Writes an address and port the way people and tools read them: {@code 192.0.2.10:8282}, {@code [2001:db8::10]:8282}. */
public final class Endpoints {
    private Endpoints() {
    }

    public static String format(InetAddress address, int port) {
        String host = address.getHostAddress();
        return (address instanceof Inet6Address ? "[" + host + "]" : host) + ":" + port;
    }
}
