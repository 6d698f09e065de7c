package dev.conndoctor.dist;

import static dev.conndoctor.dist.Release.bareEnvironment;
import static dev.conndoctor.dist.Release.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** conndoctor-VERSION.zip: the jar and the launcher, on the Java 17+ of JAVA_HOME or PATH, and one line when there is none. */
class PlainZipIT {
    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpack() {
        assumeTrue(Release.onPath("unzip"), "unzip is not installed");
        home = Release.unzip(unpacked);
    }

    @Test
    void itHoldsNoRuntimeAndTheJarWithEveryPlatformsSqlite() throws IOException {
        assertThat(home.resolve("runtime")).doesNotExist();
        assertThat(home.resolve("bin/conndoctor")).isExecutable();
        assertThat(home.resolve("lib/conndoctor.jar")).hasSameBinaryContentAs(Release.SHADED_JAR);
        assertThat(home.resolve("man/man1/conndoctor.1")).exists();
        assertThat(home.resolve("completion/conndoctor.bash")).exists();
    }

    @Test
    void itRunsOnTheJavaOfJavaHome() throws IOException {
        Map<String, String> env = bareEnvironment();
        env.put("JAVA_HOME", System.getProperty("java.home"));

        Release.Run version = run(unpacked, env, home.resolve("bin/conndoctor").toString(), "--version");
        assertThat(version.exitCode()).as(version.err()).isZero();
        assertThat(version.out()).startsWith("conndoctor " + Release.VERSION);

        Release.Run refused = run(unpacked, env, home.resolve("bin/conndoctor").toString(),
                "127.0.0.1:" + Release.freePort(), "--proxy", "none", "--format", "markdown");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).startsWith("### ❌ 127.0.0.1:").contains("`server-not-listening`");
    }

    @Test
    void withoutAnyJavaItSaysSoInOneLine() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/nonexistent");

        Release.Run r = run(unpacked, env, "/bin/sh", home.resolve("bin/conndoctor").toString(), "--version");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).startsWith("conndoctor: no Java found").doesNotContain("\n\n").hasLineCount(1);
    }

    @Test
    void aJavaOlderThan17IsRefusedInOneLine() throws IOException {
        // a Java 11 home as far as the launcher can tell: its release file and a java that must not be run
        Path old = Files.createDirectories(unpacked.resolve("jdk-11/bin"));
        Files.writeString(old.getParent().resolve("release"), "JAVA_VERSION=\"11.0.2\"\n");
        Path java = Files.writeString(old.resolve("java"), "#!/bin/sh\necho ran >&2\nexit 42\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Map<String, String> env = bareEnvironment();
        env.put("JAVA_HOME", old.getParent().toString());

        Release.Run r = run(unpacked, env, home.resolve("bin/conndoctor").toString(), "--version");

        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.err()).isEqualTo("conndoctor: needs Java 17 or newer, and " + java + " is Java 11: set JAVA_HOME to a newer one\n");
    }
}
