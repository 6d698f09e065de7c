package dev.conndoctor.evidence;

import dev.conndoctor.net.AddressClass;
import dev.conndoctor.net.Endpoints;

import java.net.Inet6Address;
import java.net.InetAddress;

/** One address a name resolved to, with its class. */
public record ResolvedAddress(InetAddress address, AddressClass addressClass) {

    public static ResolvedAddress of(InetAddress address) {
        return new ResolvedAddress(address, AddressClass.of(address));
    }

    /** {@code ipv4} or {@code ipv6}. */
    public String family() {
        return address instanceof Inet6Address ? "ipv6" : "ipv4";
    }

    public String text() {
        return Endpoints.text(address);
    }
}
