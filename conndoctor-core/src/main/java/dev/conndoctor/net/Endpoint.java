package dev.conndoctor.net;

import java.net.InetAddress;

/** An address and port to connect to. */
public record Endpoint(InetAddress address, int port) {

    public String text() {
        return Endpoints.format(address, port);
    }
}
