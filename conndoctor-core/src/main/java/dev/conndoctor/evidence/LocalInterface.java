package dev.conndoctor.evidence;

import java.net.InetAddress;

/** An address of this machine with the prefix of its subnet, e.g. eth0 192.0.2.20/24. */
public record LocalInterface(String name, InetAddress address, int prefixLength) {

    public Cidr subnet() {
        return new Cidr(address, prefixLength);
    }
}
