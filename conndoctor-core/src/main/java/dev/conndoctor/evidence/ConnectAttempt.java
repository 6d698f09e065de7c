package dev.conndoctor.evidence;

import dev.conndoctor.net.Endpoints;

import java.net.InetAddress;

/** One TCP connection attempt: where to, how it ended, how long it took and the system's own words. */
public record ConnectAttempt(InetAddress address, int port, ConnectOutcome outcome, long elapsedMs, String detail) {

    /** {@code 192.0.2.10:8282} or {@code [2001:db8::10]:8282}. */
    public String endpoint() {
        return Endpoints.format(address, port);
    }
}
