package dev.conndoctor.evidence;

import dev.conndoctor.net.Cidr;

import java.net.InetAddress;
import java.util.Optional;

/** A route of the kernel's table: a destination block, through a device, via an optional gateway. */
public record Route(Cidr destination, Optional<InetAddress> gateway, String device) {

    public boolean isDefault() {
        return destination.prefixLength() == 0;
    }
}
