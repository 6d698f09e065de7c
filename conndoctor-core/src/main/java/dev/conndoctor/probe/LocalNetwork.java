package dev.conndoctor.probe;

import dev.conndoctor.evidence.LocalInterface;
import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Reads this machine's interface addresses and their prefixes (in the network namespace it runs in). */
@FunctionalInterface
public interface LocalNetwork {

    /** The live interfaces, up or down: an address on a down interface still answers locally on Linux. */
    LocalNetwork SYSTEM = () -> {
        List<LocalInterface> result = new ArrayList<>();
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    InetAddress address = a.getAddress();
                    // a zone only means something on a link-local address; elsewhere it is noise in reports
                    if (address instanceof java.net.Inet6Address && !address.isLinkLocalAddress()) {
                        address = InetAddress.getByAddress(address.getAddress());
                    }
                    result.add(new LocalInterface(nic.getName(), address, a.getNetworkPrefixLength()));
                }
            }
        } catch (SocketException | java.net.UnknownHostException e) {
            // no interface list: locality falls back to loopback checks alone
        }
        return result;
    };

    List<LocalInterface> interfaces();
}
