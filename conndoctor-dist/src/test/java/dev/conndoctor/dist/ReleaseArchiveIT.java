package dev.conndoctor.dist;

import static dev.conndoctor.dist.Release.bareEnvironment;
import static dev.conndoctor.dist.Release.ok;
import static dev.conndoctor.dist.Release.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * conndoctor-VERSION-linux-x64.tar.gz, unpacked as a user would: its layout, its runtime (only the
 * modules conndoctor needs, its class-data archive, only the base system's libraries), and runs of it on
 * a machine without Java, from another folder and through symbolic links.
 */
class ReleaseArchiveIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    static Path unpacked;

    private static Path home;

    @BeforeAll
    static void unpack() {
        assertThat(Release.TARBALL).as("built by ./mvnw package").exists();
        home = Release.untar(unpacked);
    }

    @Test
    void theArchiveHoldsTheLauncherJarRuntimeCompletionManPagesAndLegalFiles() throws IOException {
        for (String path : List.of("bin/conndoctor", "lib/conndoctor.jar", "lib/conndoctor.classlist", "runtime/bin/java",
                "runtime/lib/server/classes.jsa", "runtime/legal/java.base", "completion/conndoctor.bash",
                "completion/_conndoctor", "man/man1/conndoctor.1", "man/man1/conndoctor-diagnose.1", "LICENSE", "NOTICE",
                "licenses/dnsjava-jar-LICENSE")) {
            assertThat(home.resolve(path)).as(path).exists();
        }
        assertThat(Files.getPosixFilePermissions(home.resolve("bin/conndoctor")))
                .contains(PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OTHERS_EXECUTE);
        assertThat(Files.readString(home.resolve("LICENSE"))).contains("Apache License", "Version 2.0, January 2004");
    }

    @Test
    void theRuntimeHoldsOnlyTheModulesConndoctorNeeds() {
        String modules = ok(home, bareEnvironment(), home.resolve("runtime/bin/java").toString(), "--list-modules").out();

        Set<String> names = new TreeSet<>(modules.lines().map(l -> l.replaceAll("@.*", "")).toList());
        assertThat(names).contains("java.base", "java.naming", "java.sql", "jdk.crypto.ec", "jdk.naming.dns")
                .doesNotContain("java.desktop", "jdk.compiler", "jdk.jlink", "java.management", "jdk.localedata")
                .hasSizeLessThanOrEqualTo(10);
    }

    @Test
    void itRunsWithNeitherPathNorJavaHomeFromAnotherFolderAndThroughSymbolicLinks() throws IOException {
        Path elsewhere = Files.createDirectories(unpacked.resolve("elsewhere"));
        Path links = Files.createDirectories(unpacked.resolve("links"));
        Path direct = Files.createSymbolicLink(links.resolve("conndoctor"), home.resolve("bin/conndoctor"));
        // a link to a link, the second one relative: as ~/bin/conndoctor -> /usr/local/bin/conndoctor -> ../opt/...
        Path relative = Files.createSymbolicLink(links.resolve("cd-relative"),
                links.relativize(direct));
        Path chained = Files.createSymbolicLink(elsewhere.resolve("cd"), relative);

        for (Path launcher : List.of(home.resolve("bin/conndoctor"), direct, chained)) {
            Release.Run r = run(elsewhere, Map.of(), launcher.toString(), "--version");
            assertThat(r.exitCode()).as("%s: %s", launcher, r.err()).isZero();
            assertThat(r.out()).startsWith("conndoctor " + Release.VERSION + " (commit ").contains("\nJava 17");
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void itRunsWhereNoJavaIsInstalledAtAll() {
        // every JDK of this machine under a mount of nothing, in a mount namespace of this test's own
        assumeTrue(Release.root() && Release.onPath("unshare") && Files.isDirectory(Path.of("/usr/lib/jvm")),
                "needs root and unshare to hide the machine's JDKs");
        Release.Run r = run(unpacked, bareEnvironment(), "unshare", "--mount", "--propagation", "private", "sh", "-c",
                "mount -t tmpfs none /usr/lib/jvm && if command -v java >/dev/null && java -version 2>/dev/null; "
                        + "then echo 'a java still runs' >&2; exit 9; fi; exec \"$0\" --version", home.resolve("bin/conndoctor").toString());

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("conndoctor " + Release.VERSION);
    }

    @Test
    void aLoopbackDiagnosisRunsFromTheRelease() throws IOException {
        String launcher = home.resolve("bin/conndoctor").toString();
        try (Release.Listener listener = new Release.Listener()) {
            Release.Run works = run(unpacked, bareEnvironment(), launcher, "diagnose", "127.0.0.1:" + listener.port(),
                    "--json", "--proxy", "none");
            assertThat(works.exitCode()).as(works.err()).isZero();
            JsonNode report = MAPPER.readTree(works.out());
            assertThat(report.get("outcome").asText()).isEqualTo("ok");
        }
        Release.Run refused = run(unpacked, bareEnvironment(), launcher, "127.0.0.1:" + Release.freePort(), "--proxy", "none",
                "--lang", "zh");
        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).contains("连接被拒绝", "server-not-listening");
    }

    @Test
    void theRuntimeMapsItsOwnClassDataArchive() {
        // -Xshare:on fails the JVM when the archive cannot be mapped, where the default (auto) would go on without it
        Release.Run r = ok(home, bareEnvironment(), home.resolve("runtime/bin/java").toString(), "-Xshare:on",
                "-Xlog:class+load=info", "-cp", home.resolve("lib/conndoctor.jar").toString(), "dev.conndoctor.cli.Main",
                "--version");

        Matcher shared = Pattern.compile("(?m)^\\[.*\\]\\[info\\]\\[class,load\\] java\\.lang\\.Object source: shared objects file")
                .matcher(r.out());
        assertThat(shared.find()).as("java.lang.Object from the archive:%n%s", r.out().lines().limit(5).toList()).isTrue();
    }

    @Test
    void aRunMakesTheArchiveOfConndoctorsClassesBesideTheJarAndItMaps() throws Exception {
        // a copy of its own: which run makes the archive first must not depend on the order of these tests
        Path copy = Files.createDirectories(unpacked.resolve("copy"));
        Path own = Release.untar(copy);
        ok(copy, bareEnvironment(), own.resolve("bin/conndoctor").toString(), "--version");

        Path archive = null;
        for (int i = 0; i < 600 && archive == null; i++) {
            try (var files = Files.list(Files.createDirectories(own.resolve("lib/cds")))) {
                archive = files.filter(f -> f.getFileName().toString().endsWith(".jsa")).findFirst().orElse(null);
            }
            if (archive == null) {
                Thread.sleep(100);
            }
        }
        assertThat(archive).as("an archive made under lib/cds within a minute").isNotNull();
        Release.Run mapped = ok(copy, bareEnvironment(), own.resolve("runtime/bin/java").toString(), "-Xshare:on",
                "-XX:SharedArchiveFile=" + archive, "-Xlog:class+load=info", "-cp",
                own.resolve("lib/conndoctor.jar").toString(), "dev.conndoctor.cli.Main", "--version");
        assertThat(mapped.out()).containsPattern("dev\\.conndoctor\\.cli\\.Main source: shared objects file");

        // and CONNDOCTOR_ARCHIVE=off makes none
        Path another = Release.untar(Files.createDirectories(unpacked.resolve("off")));
        Map<String, String> off = new java.util.HashMap<>(bareEnvironment());
        off.put("CONNDOCTOR_ARCHIVE", "off");
        ok(another, off, another.resolve("bin/conndoctor").toString(), "--version");
        // the launcher makes lib/cds before it leaves the making to the background: none now means none ever
        assertThat(another.resolve("lib/cds")).doesNotExist();
    }

    @Test
    void everyProgramAndLibraryOfTheRuntimeNeedsOnlyTheBaseSystemsLibraries() throws IOException {
        assumeTrue(Release.onPath("ldd"), "ldd is not installed");
        Set<String> bundled = new TreeSet<>();
        for (Path f : Release.elfFiles(home.resolve("runtime"))) {
            bundled.add(f.getFileName().toString());
        }
        Set<String> outside = new TreeSet<>();
        Set<String> unresolved = new TreeSet<>();
        for (Path f : Release.elfFiles(home.resolve("runtime"))) {
            for (String line : run(home, bareEnvironment(), "ldd", f.toString()).out().lines().toList()) {
                String library = line.strip().split("\\s+")[0];
                library = library.substring(library.lastIndexOf('/') + 1);
                if (library.isEmpty() || bundled.contains(library)) {
                    // the runtime's own (libjvm.so is found by the launcher that loads it, not by ldd)
                    continue;
                }
                outside.add(library);
                if (line.contains("not found")) {
                    unresolved.add(f.getFileName() + ": " + library);
                }
            }
        }
        assertThat(unresolved).as("libraries this machine lacks").isEmpty();
        assertThat(Release.BASE_LIBRARIES).containsAll(outside);
    }
}
