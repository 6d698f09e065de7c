package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.testkit.TestServer;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The {@code conndoctor} launcher as a user runs it, with its class-data archive missing, being
 * made, whole, corrupt, truncated, of another jar, or turned off: every run answers the same, and
 * nothing is written outside the build's target folder (not in the working directory, not in HOME,
 * not in TMPDIR). Runs on a copy of the repository's layout, so that it never builds.
 */
@EnabledOnOs(OS.LINUX)
class CliLauncherIT {
    /** The archive is made in the background in a few seconds; a loaded machine may take many more. */
    private static final Duration ARCHIVE_WAIT = Duration.ofSeconds(120);

    private static final List<List<String>> COMMANDS = List.of(
            List.of("--version"),
            List.of("--help"),
            List.of("diagnose", "--help"),
            List.of("explain", "--json", "Error: connect ECONNREFUSED 127.0.0.1:8282"),
            List.of("diagnose", "not a target"));

    private Path root;
    private Path target;
    private Path cds;
    private Path jar;
    private Path cwd;
    private Path home;
    private Path tmp;

    private record Run(int exitCode, String out, String err) {
    }

    @BeforeEach
    void aCopyOfTheRepositoryWithItsJarBuilt() throws IOException {
        Path repo = Path.of(System.getProperty("user.dir")).getParent(); // failsafe runs in conndoctor-cli
        Path builtJar = repo.resolve("conndoctor-cli/target/conndoctor.jar");
        assertThat(builtJar).as("the package phase built the jar").exists();
        Path base = Files.createDirectories(repo.resolve("conndoctor-cli/target/launcher-it"));
        root = Files.createTempDirectory(base, "repo");
        Files.copy(repo.resolve("conndoctor"), root.resolve("conndoctor"));
        Files.writeString(root.resolve("pom.xml"), "");
        Files.createDirectories(root.resolve("conndoctor-core/src/main"));
        Files.createDirectories(root.resolve("conndoctor-cli/src/main"));
        target = Files.createDirectories(root.resolve("conndoctor-cli/target"));
        cds = target.resolve("cds");
        jar = target.resolve("conndoctor.jar");
        Files.copy(builtJar, jar);
        // the sources are older than the jar: the launcher does not build
        FileTime past = FileTime.from(Instant.now().minusSeconds(3600));
        for (Path p : List.of(root.resolve("pom.xml"), root.resolve("conndoctor-core/src/main"),
                root.resolve("conndoctor-cli/src/main"))) {
            Files.setLastModifiedTime(p, past);
        }
        cwd = Files.createDirectories(root.resolve("cwd"));
        home = Files.createDirectories(root.resolve("home"));
        tmp = Files.createDirectories(root.resolve("tmp"));
    }

    /** The copy goes (an archive is tens of megabytes); the background creations have ended by now. */
    @AfterEach
    void removeTheCopy() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private Run launch(Map<String, String> extraEnv, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", root.resolve("conndoctor").toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(cwd.toFile());
        Map<String, String> env = builder.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("HOME", home.toString());
        env.put("TMPDIR", tmp.toString());
        env.remove("CONNDOCTOR_ARCHIVE");
        env.remove("JAVA_TOOL_OPTIONS");
        env.remove("_JAVA_OPTIONS");
        env.remove("JDK_JAVA_OPTIONS");
        env.put("LANG", "C.UTF-8");
        env.putAll(extraEnv);
        Process process = builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        byte[] out = process.getInputStream().readAllBytes();
        byte[] err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the launcher ends").isTrue();
        return new Run(process.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private List<Run> everyCommand(Map<String, String> env) throws IOException, InterruptedException {
        List<Run> runs = new ArrayList<>();
        for (List<String> args : COMMANDS) {
            runs.add(launch(env, args));
        }
        return runs;
    }

    /** The archive and its stamp, once the background creation has finished. */
    private Path awaitArchive() throws Exception {
        long deadline = System.nanoTime() + ARCHIVE_WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Path> archive = archives().stream()
                    .filter(a -> Files.exists(Path.of(a + ".ok"))).findFirst();
            if (archive.isPresent() && !creationRunning()) {
                return archive.get();
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no archive in " + ARCHIVE_WAIT + ": " + listing(cds));
    }

    /** A creation holds the lock and leaves temporary files until it is done. */
    private boolean creationRunning() throws IOException {
        try (Stream<Path> files = Files.list(cds)) {
            return files.anyMatch(p -> p.getFileName().toString().contains(".tmp"));
        }
    }

    private List<Path> archives() throws IOException {
        if (!Files.isDirectory(cds)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(cds)) {
            return files.filter(p -> p.getFileName().toString().endsWith(".jsa")).sorted().toList();
        }
    }

    private static String listing(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return "(none)";
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.map(Path::toString).collect(Collectors.joining(", "));
        }
    }

    /** Every file of the copy outside conndoctor-cli/target: what the launcher must never add to. */
    private List<String> outsideTarget() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> !p.startsWith(target)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void everyStateOfTheArchiveGivesTheSameAnswersAndWritesOnlyUnderTarget() throws Exception {
        List<String> before = outsideTarget();

        // none yet: the runs go without, and one is made beside them
        List<Run> withoutArchive = everyCommand(Map.of());
        assertThat(withoutArchive.get(0).exitCode()).isZero();
        assertThat(withoutArchive.get(0).out()).startsWith("conndoctor ");
        assertThat(withoutArchive.get(4).exitCode()).isEqualTo(ExitCode.USAGE);
        Path archive = awaitArchive();

        // whole and current: used, the same answers
        assertThat(everyCommand(Map.of())).isEqualTo(withoutArchive);

        // corrupt in the middle, same size: not used, the same answers, and made again
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.seek(file.length() / 2);
            file.write(new byte[4096]);
        }
        assertThat(everyCommand(Map.of())).isEqualTo(withoutArchive);
        archive = awaitArchive();
        assertThat(Files.readString(Path.of(archive + ".ok")).trim()).isNotEmpty();

        // truncated (the JVM would crash mapping it): not used, the same answers
        try (RandomAccessFile file = new RandomAccessFile(archive.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }
        assertThat(everyCommand(Map.of())).isEqualTo(withoutArchive);
        archive = awaitArchive();

        // a new jar: the old archive is not used, the same answers, one for the new jar replaces it
        Files.setLastModifiedTime(jar, FileTime.from(Instant.now().plusSeconds(5)));
        assertThat(everyCommand(Map.of())).isEqualTo(withoutArchive);
        Path forNewJar = awaitArchive();
        assertThat(forNewJar).isNotEqualTo(archive);
        assertThat(archives()).containsExactly(forNewJar);

        // turned off: the same answers
        assertThat(everyCommand(Map.of("CONNDOCTOR_ARCHIVE", "off"))).isEqualTo(withoutArchive);

        assertThat(outsideTarget()).as("nothing written outside target/").isEqualTo(before);
        assertThat(listing(cds)).doesNotContain("hs_err");
    }

    /**
     * A name's addresses come in the operating system's order (getaddrinfo, RFC 6724), as curl, Go,
     * Node and Python see them, not in the JVM's IPv4-first regrouping; a user's own choice of the
     * JVM's order is kept. The server listens on both families, so whatever order this machine's
     * hosts file gives localhost, the diagnosis works.
     */
    @Test
    void aNameIsResolvedInTheSystemsOrderUnlessTheUserChoseJavasOrder() throws Exception {
        try (TestServer server = TestServer.builder(TestServer.Behaviour.ACCEPT).address("::").start()) {
            // the nameserver asked beside the system resolver is on loopback: no query leaves this machine
            List<String> args = List.of("diagnose", "tcp://localhost:" + server.port(), "--json", "--timeout", "2s",
                    "--dns", "127.0.0.1");

            Run run = launch(Map.of("CONNDOCTOR_ARCHIVE", "off"), args);

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            com.fasterxml.jackson.databind.JsonNode resolution = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(run.out()).path("resolution");
            assertThat(resolution.path("order").asText()).isEqualTo("system");
            List<String> addresses = new ArrayList<>();
            resolution.path("addresses").forEach(a -> addresses.add(a.path("address").asText()));
            systemOrderOf("localhost").ifPresent(system -> assertThat(addresses).as("the order python's getaddrinfo gives")
                    .isEqualTo(system));

            Run chosen = launch(Map.of("CONNDOCTOR_ARCHIVE", "off", "JAVA_TOOL_OPTIONS",
                    "-Djava.net.preferIPv6Addresses=true"), args);

            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(chosen.out())
                    .path("resolution").path("order").asText()).isEqualTo("ipv6-first");
        }
    }

    /** The addresses of {@code name} as getaddrinfo orders them, through Python when it is installed. */
    private static Optional<List<String>> systemOrderOf(String name) throws IOException, InterruptedException {
        String script = "import socket, ipaddress\nseen = []\n"
                + "for *_, sa in socket.getaddrinfo('" + name + "', None, 0, socket.SOCK_STREAM):\n"
                + "    a = str(ipaddress.ip_address(sa[0].split('%')[0]))\n"
                + "    seen.append(a) if a not in seen else None\n"
                + "print(' '.join(seen))\n";
        Process process;
        try {
            process = new ProcessBuilder("python3", "-c", script).redirectErrorStream(true).start();
        } catch (IOException e) {
            return Optional.empty(); // no python3 here: the order is still checked in the lab, against the hosts file
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return process.exitValue() == 0 ? Optional.of(List.of(out.split(" "))) : Optional.empty();
    }

    @Test
    void turnedOffNoArchiveIsMade() throws Exception {
        Run run = launch(Map.of("CONNDOCTOR_ARCHIVE", "off"), List.of("--version"));

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        Thread.sleep(1000);
        assertThat(cds).doesNotExist();
    }
}
