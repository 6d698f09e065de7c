package dev.conndoctor.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The check that keeps a dynamically linked busybox out of an image that has no C library. */
class BusyboxImageTest {

    @Test
    void aDynamicallyLinkedProgramIsNotStatic() throws Exception {
        Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        assertThat(BusyboxImage.isStaticElf(java)).isFalse();
    }

    @Test
    void aScriptIsNoElfAtAll(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(dir.resolve("script"), "#!/bin/sh\necho this is not a program header\n"
                + "x".repeat(100));
        assertThatThrownBy(() -> BusyboxImage.isStaticElf(script)).hasMessageContaining("not an ELF");
    }
}
