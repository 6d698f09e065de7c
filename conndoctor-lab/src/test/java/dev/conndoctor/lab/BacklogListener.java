package dev.conndoctor.lab;

import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * A listener that never accepts, so that its accept queue fills: the lab's way to overflow a
 * real backlog. Run inside a namespace as its own JVM:
 * <pre>
 * java -cp conndoctor-lab/target/test-classes dev.conndoctor.lab.BacklogListener 192.0.2.10 8282 1
 * </pre>
 * prints {@code listening ADDRESS:PORT backlog N} and sleeps until it is killed.
 */
public final class BacklogListener {

    private BacklogListener() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 || !args[0].matches("[0-9.]+|[0-9a-fA-F:]+")) {
            System.err.println("usage: BacklogListener ADDRESS-LITERAL PORT BACKLOG");
            System.exit(2);
        }
        int port = Integer.parseInt(args[1]);
        int backlog = Integer.parseInt(args[2]);
        try (ServerSocket socket = new ServerSocket(port, backlog, InetAddress.getByName(args[0]))) {
            System.out.println("listening " + args[0] + ":" + socket.getLocalPort() + " backlog " + backlog);
            System.out.flush();
            Thread.sleep(Long.MAX_VALUE); // never accept(): connections pile up in the queue
        }
    }
}
