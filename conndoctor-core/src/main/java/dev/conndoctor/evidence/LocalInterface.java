package dev.conndoctor.evidence;

import dev.conndoctor.net.Cidr;

import java.net.InetAddress;

/** An address of this machine with the prefix of its subnet, e.g. eth0 192.0.2.20/24. */
public record LocalInterface(String name, InetAddress address, int prefixLength) {

    /** The network the address is on, host bits cleared: 192.0.2.20/24 is on 192.0.2.0/24. */
    public Cidr subnet() {
        byte[] bytes = address.getAddress();
        for (int bit = prefixLength; bit < bytes.length * 8; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return new Cidr(InetAddress.getByAddress(bytes), prefixLength);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException("an address of 4 or 16 bytes is always valid", e);
        }
    }
}
