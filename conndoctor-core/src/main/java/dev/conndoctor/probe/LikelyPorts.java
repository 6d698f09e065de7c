package dev.conndoctor.probe;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The short list of ports a server that is not on the dialled port is likely on instead: its
 * neighbours, the web ports, and the usual WebSocket and Workerman ports. Never more unless asked.
 */
public final class LikelyPorts {

    /** Ports of the web, and the defaults of Workerman, GatewayWorker and their demos. */
    public static final List<Integer> USUAL = List.of(80, 443, 8080, 8443, 1236, 1238, 2345, 2346, 2347, 2348, 7272,
            8282, 8484);
    static final int NEIGHBOURS = 10;

    private LikelyPorts() {
    }

    /** The ports to try for {@code port}, without {@code port} itself, plus any the user asked for. */
    public static List<Integer> around(int port, List<Integer> extra) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (int p = Math.max(1, port - NEIGHBOURS); p <= Math.min(65535, port + NEIGHBOURS); p++) {
            ports.add(p);
        }
        ports.addAll(USUAL);
        ports.addAll(extra);
        ports.remove(port);
        return List.copyOf(ports);
    }
}
