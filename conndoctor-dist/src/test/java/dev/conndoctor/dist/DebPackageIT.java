package dev.conndoctor.dist;

import static dev.conndoctor.dist.Release.bareEnvironment;
import static dev.conndoctor.dist.Release.ok;
import static dev.conndoctor.dist.Release.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conndoctor_VERSION_amd64.deb: what it declares and holds (anywhere dpkg-deb runs), and, in CI, a real
 * install with dpkg -i, runs from /usr/bin, and a removal that leaves nothing behind.
 *
 * <p>Installing changes the machine, so it runs only as root and only when asked: in CI (.ci/run sets
 * CONNDOCTOR_INSTALL_TESTS=1) or with -Dconndoctor.installTests=true; never over a conndoctor package
 * already installed. The package is removed (dpkg -r, then purged) whatever the test's outcome.
 */
class DebPackageIT {
    private static final String USR_LIB = "/usr/lib/conndoctor";

    @TempDir
    Path dir;

    @Test
    void itDeclaresItsNameVersionArchitectureAndTheLibrariesItNeeds() {
        assumeTrue(Release.onPath("dpkg-deb"), "dpkg-deb is not installed");
        String fields = ok(dir, bareEnvironment(), "dpkg-deb", "--field", Release.DEB.toString(), "Package", "Version",
                "Architecture", "Depends").out();

        assertThat(fields).contains("Package: conndoctor\n", "Version: " + Release.VERSION + "\n", "Architecture: amd64\n",
                "Depends: libc6, libgcc-s1, libstdc++6, zlib1g\n");
    }

    @Test
    void itHoldsTheCommandTheRuntimeManPagesAndCompletion() {
        assumeTrue(Release.onPath("dpkg-deb"), "dpkg-deb is not installed");
        String contents = ok(dir, bareEnvironment(), "dpkg-deb", "--contents", Release.DEB.toString()).out();

        assertThat(contents).contains("./usr/bin/conndoctor -> ../lib/conndoctor/bin/conndoctor",
                " ./usr/lib/conndoctor/bin/conndoctor\n", " ./usr/lib/conndoctor/lib/conndoctor.jar\n",
                " ./usr/lib/conndoctor/runtime/bin/java\n", " ./usr/lib/conndoctor/runtime/lib/server/classes.jsa\n",
                " ./usr/share/man/man1/conndoctor.1.gz\n", " ./usr/share/man/man1/conndoctor-diagnose.1.gz\n",
                " ./usr/share/bash-completion/completions/conndoctor\n", " ./usr/share/zsh/vendor-completions/_conndoctor\n",
                " ./usr/share/doc/conndoctor/copyright\n");
        // root owns every file, whoever built it
        assertThat(contents.lines().filter(l -> !l.contains(" root/root "))).isEmpty();
        String control = ok(dir, bareEnvironment(), "dpkg-deb", "--info", Release.DEB.toString()).out();
        assertThat(control).contains(" postinst", " prerm");
    }

    @Test
    void itsDependsCoverEveryLibraryTheRuntimeLinksOutsideItself() throws IOException {
        assumeTrue(Release.onPath("dpkg-deb") && Release.onPath("dpkg") && Release.onPath("ldd"), "needs dpkg and ldd");
        Path extracted = dir.resolve("x");
        ok(dir, bareEnvironment(), "dpkg-deb", "--extract", Release.DEB.toString(), extracted.toString());
        Path runtime = extracted.resolve("usr/lib/conndoctor/runtime");

        Set<String> libraries = new TreeSet<>();
        for (Path elf : Release.elfFiles(runtime)) {
            for (String line : run(dir, bareEnvironment(), "ldd", elf.toString()).out().lines().toList()) {
                // "libz.so.1 => /lib/x86_64-linux-gnu/libz.so.1 (0x...)": the file outside the runtime
                String[] parts = line.strip().split("\\s+");
                String path = parts.length >= 3 && parts[1].equals("=>") ? parts[2] : parts[0];
                if (path.startsWith("/") && !path.startsWith(runtime.toString())) {
                    libraries.add(path);
                }
            }
        }
        Set<String> packages = new TreeSet<>();
        for (String library : libraries) {
            // dpkg knows a library by the path it installed, which may be the link's target (usrmerge)
            Release.Run owner = run(dir, bareEnvironment(), "dpkg", "-S", Path.of(library).toRealPath().toString());
            if (owner.exitCode() != 0) {
                owner = run(dir, bareEnvironment(), "dpkg", "-S", library);
            }
            assertThat(owner.exitCode()).as("the package of %s", library).isZero();
            packages.add(owner.out().substring(0, owner.out().indexOf(':')));
        }
        assertThat(packages).isNotEmpty();
        String depends = ok(dir, bareEnvironment(), "dpkg-deb", "--field", Release.DEB.toString(), "Depends").out();
        Set<String> declared = Arrays.stream(depends.strip().split(",\\s*")).map(d -> d.split("\\s")[0])
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).containsAll(packages);
    }

    @Test
    void installedWithDpkgItRunsFromUsrBinWithManPagesAndCompletionAndIsRemovedCleanly() throws IOException {
        assumeTrue(Release.root(), "installing a package needs root");
        assumeTrue("1".equals(System.getenv("CONNDOCTOR_INSTALL_TESTS")) || Boolean.getBoolean("conndoctor.installTests"),
                "installs on this machine only in CI (CONNDOCTOR_INSTALL_TESTS=1) or with -Dconndoctor.installTests=true");
        assumeTrue(Release.onPath("dpkg"), "dpkg is not installed");
        assumeTrue(run(dir, bareEnvironment(), "dpkg-query", "-W", "-f", "${Status}", "conndoctor").out().isEmpty()
                && !Files.exists(Path.of("/usr/bin/conndoctor")), "conndoctor is installed on this machine already: left alone");
        try {
            ok(dir, bareEnvironment(), "dpkg", "-i", Release.DEB.toString());

            Release.Run version = ok(dir, bareEnvironment(), "/usr/bin/conndoctor", "--version");
            assertThat(version.out()).startsWith("conndoctor " + Release.VERSION);
            // on PATH, as a user types it
            assertThat(ok(dir, bareEnvironment(), "sh", "-c", "command -v conndoctor").out().strip())
                    .isEqualTo("/usr/bin/conndoctor");
            try (Release.Listener listener = new Release.Listener()) {
                Release.Run works = run(dir, bareEnvironment(), "conndoctor", "diagnose", "127.0.0.1:" + listener.port(),
                        "--json", "--proxy", "none");
                assertThat(works.exitCode()).as(works.err()).isZero();
                assertThat(new ObjectMapper().readTree(works.out()).get("outcome").asText()).isEqualTo("ok");
            }
            Release.Run refused = run(dir, bareEnvironment(), "conndoctor", "127.0.0.1:" + Release.freePort(), "--proxy", "none");
            assertThat(refused.exitCode()).isEqualTo(1);
            assertThat(refused.out()).contains("server-not-listening");

            // postinst made the archive of conndoctor's classes for the installed jar
            try (var files = Files.list(Path.of(USR_LIB, "lib/cds"))) {
                assertThat(files.map(f -> f.getFileName().toString()).toList()).anyMatch(n -> n.endsWith(".jsa"));
            }
            assertThat(Path.of("/usr/share/man/man1/conndoctor-diagnose.1.gz")).exists();
            if (Release.onPath("man")) {
                assertThat(ok(dir, bareEnvironment(), "man", "-w", "conndoctor").out().strip())
                        .isEqualTo("/usr/share/man/man1/conndoctor.1.gz");
            }
            assertThat(Path.of("/usr/share/bash-completion/completions/conndoctor")).exists();
            assertThat(Path.of("/usr/share/zsh/vendor-completions/_conndoctor")).exists();
        } finally {
            Release.Run removed = run(dir, bareEnvironment(), "dpkg", "-r", "conndoctor");
            run(dir, bareEnvironment(), "dpkg", "--purge", "conndoctor");
            assertThat(removed.exitCode()).as(removed.err()).isZero();
        }
        for (String path : List.of("/usr/bin/conndoctor", USR_LIB, "/usr/share/man/man1/conndoctor.1.gz",
                "/usr/share/bash-completion/completions/conndoctor", "/usr/share/zsh/vendor-completions/_conndoctor",
                "/usr/share/doc/conndoctor")) {
            assertThat(Path.of(path)).as("left behind").doesNotExist();
        }
        assertThat(run(dir, bareEnvironment(), "dpkg-query", "-W", "-f", "${Status}", "conndoctor").out()).isEmpty();
    }
}
