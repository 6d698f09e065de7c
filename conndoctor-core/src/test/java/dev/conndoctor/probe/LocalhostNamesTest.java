package dev.conndoctor.probe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LocalhostNamesTest {

    @Test
    void localhostAndNamesUnderItAreNeverAskedOfANameserver() {
        assertThat(Prober.isLocalhostName("localhost")).isTrue();
        assertThat(Prober.isLocalhostName("LocalHost.")).isTrue();
        assertThat(Prober.isLocalhostName("app.localhost")).isTrue();
    }

    @Test
    void namesThatOnlyLookLocalAreAskedAsUsual() {
        assertThat(Prober.isLocalhostName("localhost.example.com")).isFalse();
        assertThat(Prober.isLocalhostName("mylocalhost")).isFalse();
    }
}
