package dev.conndoctor.probe.classify;

import dev.conndoctor.evidence.ConnectOutcome;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.util.Locale;

/**
 * Names how a TCP connect failed from the exception the JDK raised. The JDK maps every errno
 * to a few exception types, so the message (the kernel's {@code strerror} text) decides; the
 * type is a fallback for messages this classifier does not know.
 *
 * <p>One "failure" is a connection made: a reset while connecting comes after the server
 * completed the handshake (an accept-then-reset), so it is {@link ConnectOutcome#CONNECTED},
 * and the protocol probe that follows names the reset.
 */
public final class ConnectFailureClassifier {
    private ConnectFailureClassifier() {
    }

    public static ConnectOutcome classify(Throwable failure) {
        for (Throwable t : Causes.chain(failure)) {
            ConnectOutcome byMessage = byMessage(t.getMessage());
            if (byMessage != null) {
                return byMessage;
            }
        }
        // messages we do not know: the type still says something
        if (failure instanceof SocketTimeoutException) {
            return ConnectOutcome.TIMEOUT;
        }
        if (failure instanceof NoRouteToHostException) {
            return ConnectOutcome.HOST_UNREACHABLE;
        }
        if (failure instanceof BindException) {
            return ConnectOutcome.ADDRESS_UNAVAILABLE;
        }
        if (failure instanceof ConnectException) {
            return ConnectOutcome.REFUSED;
        }
        return ConnectOutcome.OTHER;
    }

    private static ConnectOutcome byMessage(String message) {
        if (message == null) {
            return null;
        }
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("connection reset")) {
            // ECONNRESET while connecting: the SYN was answered and the handshake completed, then the
            // server reset at once (an accept-then-reset); a refusal is ECONNREFUSED, never this
            return ConnectOutcome.CONNECTED;
        }
        if (m.contains("connection refused")) {
            return ConnectOutcome.REFUSED; // ECONNREFUSED: a reset, or ICMP port unreachable
        }
        if (m.contains("timed out")) {
            return ConnectOutcome.TIMEOUT; // ETIMEDOUT after the kernel's SYN retries, or the JDK's own deadline
        }
        if (m.contains("no route to host") || m.contains("host is down") || m.contains("host is unreachable")) {
            return ConnectOutcome.HOST_UNREACHABLE; // EHOSTUNREACH / EHOSTDOWN
        }
        if (m.contains("network is unreachable") || m.contains("network unreachable")) {
            return ConnectOutcome.NET_UNREACHABLE; // ENETUNREACH
        }
        if (m.contains("operation not permitted") || m.contains("permission denied")) {
            return ConnectOutcome.PERMISSION_DENIED; // EPERM from netfilter OUTPUT, EACCES from policy
        }
        if (m.contains("cannot assign requested address") || m.contains("address not available")) {
            return ConnectOutcome.ADDRESS_UNAVAILABLE; // EADDRNOTAVAIL: no free local port
        }
        if (m.contains("too many open files") || m.contains("file table overflow")) {
            return ConnectOutcome.DESCRIPTORS_EXHAUSTED; // EMFILE (this process), ENFILE (the whole system)
        }
        return null;
    }
}
