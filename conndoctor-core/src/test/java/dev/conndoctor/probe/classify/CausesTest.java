package dev.conndoctor.probe.classify;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class CausesTest {

    @Test
    void chainListsTheFailureThenItsCausesInOrder() {
        IllegalStateException root = new IllegalStateException("root");
        IOException middle = new IOException("middle", root);
        RuntimeException top = new RuntimeException("top", middle);

        assertThat(Causes.chain(top)).containsExactly(top, middle, root);
    }

    @Test
    void failureWithoutCauseIsAChainOfOne() {
        IOException e = new IOException("alone");

        assertThat(Causes.chain(e)).containsExactly(e);
    }

    @Test
    void nullIsAnEmptyChain() {
        assertThat(Causes.chain(null)).isEmpty();
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void chainThatLoopsBackListsEachFailureOnce() {
        IOException a = new IOException("a");
        IOException b = new IOException("b");
        a.initCause(b);
        b.initCause(a);

        assertThat(Causes.chain(a)).containsExactly(a, b);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.SECONDS)
    void failureThatNamesItselfAsCauseIsListedOnce() {
        Exception selfish = new Exception("self") {
            @Override
            public synchronized Throwable getCause() {
                return this;
            }
        };

        assertThat(Causes.chain(selfish)).containsExactly(selfish);
    }
}
