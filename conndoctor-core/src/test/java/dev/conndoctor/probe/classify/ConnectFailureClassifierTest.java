package dev.conndoctor.probe.classify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.conndoctor.evidence.ConnectOutcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The exceptions are built here exactly as the JDK raises them on Linux; no socket is opened. */
class ConnectFailureClassifierTest {

    @Test
    void connectionRefusedIsRefused() {
        assertThat(classify(new ConnectException("Connection refused"))).isEqualTo(ConnectOutcome.REFUSED);
    }

    @Test
    void windowsConnectionRefusedWithConnectSuffixIsRefused() {
        assertThat(classify(new ConnectException("Connection refused: connect"))).isEqualTo(ConnectOutcome.REFUSED);
    }

    @Test
    void tooManyOpenFilesIsDescriptorsExhausted() {
        // EMFILE, as SocketChannel.open() and Selector.open() raise it when the process is at its limit
        assertThat(classify(new SocketException("Too many open files"))).isEqualTo(ConnectOutcome.DESCRIPTORS_EXHAUSTED);
        assertThat(classify(new IOException("Too many open files"))).isEqualTo(ConnectOutcome.DESCRIPTORS_EXHAUSTED);
    }

    @Test
    void aFullSystemFileTableIsDescriptorsExhausted() {
        // ENFILE: the whole system is at fs.file-max
        assertThat(classify(new SocketException("Too many open files in system")))
                .isEqualTo(ConnectOutcome.DESCRIPTORS_EXHAUSTED);
    }

    @Test
    void jdkConnectTimeoutIsTimeout() {
        assertThat(classify(new SocketTimeoutException("Connect timed out"))).isEqualTo(ConnectOutcome.TIMEOUT);
    }

    @Test
    void kernelConnectionTimedOutIsTimeout() {
        assertThat(classify(new ConnectException("Connection timed out"))).isEqualTo(ConnectOutcome.TIMEOUT);
    }

    @Test
    void noRouteToHostIsHostUnreachable() {
        assertThat(classify(new NoRouteToHostException("No route to host")))
                .isEqualTo(ConnectOutcome.HOST_UNREACHABLE);
    }

    @Test
    void hostIsDownIsHostUnreachable() {
        assertThat(classify(new NoRouteToHostException("Host is down"))).isEqualTo(ConnectOutcome.HOST_UNREACHABLE);
        assertThat(classify(new SocketException("Host is down"))).isEqualTo(ConnectOutcome.HOST_UNREACHABLE);
    }

    @Test
    void networkIsUnreachableAsConnectExceptionIsNetUnreachableNotRefused() {
        assertThat(classify(new ConnectException("Network is unreachable")))
                .isEqualTo(ConnectOutcome.NET_UNREACHABLE);
    }

    @Test
    void networkIsUnreachableAsSocketExceptionIsNetUnreachable() {
        assertThat(classify(new SocketException("Network is unreachable")))
                .isEqualTo(ConnectOutcome.NET_UNREACHABLE);
    }

    @Test
    void operationNotPermittedIsPermissionDenied() {
        assertThat(classify(new SocketException("Operation not permitted")))
                .isEqualTo(ConnectOutcome.PERMISSION_DENIED);
    }

    @Test
    void permissionDeniedIsPermissionDenied() {
        assertThat(classify(new SocketException("Permission denied"))).isEqualTo(ConnectOutcome.PERMISSION_DENIED);
    }

    @Test
    void permissionDeniedAsBindExceptionIsPermissionDeniedNotAddressUnavailable() {
        // the JDK raises EACCES on connect as a BindException: the message must win over the type
        assertThat(classify(new BindException("Permission denied"))).isEqualTo(ConnectOutcome.PERMISSION_DENIED);
    }

    @Test
    void cannotAssignRequestedAddressIsAddressUnavailable() {
        assertThat(classify(new BindException("Cannot assign requested address")))
                .isEqualTo(ConnectOutcome.ADDRESS_UNAVAILABLE);
    }

    @Test
    void messagesAreReadInAnyCase() {
        assertThat(classify(new SocketException("NETWORK IS UNREACHABLE"))).isEqualTo(ConnectOutcome.NET_UNREACHABLE);
    }

    @Test
    void wrappedCauseIsClassifiedByItsMessage() {
        IOException wrapped = new IOException("probe failed", new ConnectException("Connection refused"));

        assertThat(classify(wrapped)).isEqualTo(ConnectOutcome.REFUSED);
    }

    @Test
    void uncheckedWrapperIsSeenThrough() {
        UncheckedIOException wrapped = new UncheckedIOException(new NoRouteToHostException("No route to host"));

        assertThat(classify(wrapped)).isEqualTo(ConnectOutcome.HOST_UNREACHABLE);
    }

    @Test
    void outerMessageWinsOverTheCause() {
        SocketException outer = new SocketException("Network is unreachable");
        outer.initCause(new ConnectException("Connection refused"));

        assertThat(classify(outer)).isEqualTo(ConnectOutcome.NET_UNREACHABLE);
    }

    @Test
    void unknownMessageOfSocketTimeoutExceptionFallsBackToTimeout() {
        assertThat(classify(new SocketTimeoutException("Read timeout exceeded, sort of")))
                .isEqualTo(ConnectOutcome.TIMEOUT);
    }

    @Test
    void unknownMessageOfNoRouteToHostExceptionFallsBackToHostUnreachable() {
        assertThat(classify(new NoRouteToHostException("EHOSTUNREACH (113)")))
                .isEqualTo(ConnectOutcome.HOST_UNREACHABLE);
    }

    @Test
    void unknownMessageOfBindExceptionFallsBackToAddressUnavailable() {
        assertThat(classify(new BindException("EADDRNOTAVAIL"))).isEqualTo(ConnectOutcome.ADDRESS_UNAVAILABLE);
    }

    @Test
    void unknownMessageOfConnectExceptionFallsBackToRefused() {
        assertThat(classify(new ConnectException("Verbindungsaufbau abgelehnt"))).isEqualTo(ConnectOutcome.REFUSED);
    }

    @Test
    void unknownMessageOfSocketExceptionIsOther() {
        assertThat(classify(new SocketException("Protocol not available"))).isEqualTo(ConnectOutcome.OTHER);
    }

    @Test
    void unknownMessageOfPlainIoExceptionIsOther() {
        assertThat(classify(new IOException("something else"))).isEqualTo(ConnectOutcome.OTHER);
    }

    @Test
    void nullMessageFallsBackByType() {
        assertThat(classify(new ConnectException())).isEqualTo(ConnectOutcome.REFUSED);
        assertThat(classify(new SocketTimeoutException())).isEqualTo(ConnectOutcome.TIMEOUT);
        assertThat(classify(new NoRouteToHostException())).isEqualTo(ConnectOutcome.HOST_UNREACHABLE);
        assertThat(classify(new BindException())).isEqualTo(ConnectOutcome.ADDRESS_UNAVAILABLE);
        assertThat(classify(new SocketException())).isEqualTo(ConnectOutcome.OTHER);
    }

    @Test
    void nullFailureIsOther() {
        assertThat(classify(null)).isEqualTo(ConnectOutcome.OTHER);
    }

    @Test
    void cyclicCauseChainEnds() {
        IOException a = new IOException("a");
        IOException b = new IOException("b", a);
        a.initCause(b);

        assertTimeoutPreemptively(Duration.ofSeconds(2), () -> assertThat(classify(a)).isEqualTo(ConnectOutcome.OTHER));
    }

    private static ConnectOutcome classify(Throwable t) {
        return ConnectFailureClassifier.classify(t);
    }

    @Test
    void aResetWhileConnectingIsAHandshakeThatCompletedNotAnUnreachableAddress() {
        // ECONNRESET from finishConnect: the server accepted and reset at once; a refusal says "refused"
        assertThat(classify(new SocketException("Connection reset"))).isEqualTo(ConnectOutcome.CONNECTED);
        assertThat(classify(new ConnectException("Connection reset by peer"))).isEqualTo(ConnectOutcome.CONNECTED);
        assertThat(classify(new SocketException("Connection reset")).provesHostUp()).isTrue();
    }
}
