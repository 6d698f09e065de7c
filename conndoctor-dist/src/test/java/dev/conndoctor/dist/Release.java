package dev.conndoctor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The release the build made (conndoctor-dist/target), and what the tests do with it: unpack it, run
 * its programs with an environment of their choosing, and serve a loopback port to diagnose.
 */
final class Release {
    static final String VERSION = System.getProperty("conndoctor.version", "0.1.0");
    static final Path TARGET = Path.of(System.getProperty("conndoctor.release.dir", "target")).toAbsolutePath();
    static final Path TARBALL = TARGET.resolve("conndoctor-" + VERSION + "-linux-x64.tar.gz");
    static final Path ZIP = TARGET.resolve("conndoctor-" + VERSION + ".zip");
    static final Path DEB = TARGET.resolve("conndoctor_" + VERSION + "_amd64.deb");
    static final Path SHADED_JAR = Path.of(System.getProperty("conndoctor.shaded.jar", "../conndoctor-cli/target/conndoctor.jar"));

    /** The libraries every glibc Linux has, which the runtime may link without bringing them. */
    static final List<String> BASE_LIBRARIES = List.of("linux-vdso.so.1", "libc.so.6", "libm.so.6", "libdl.so.2",
            "libpthread.so.0", "librt.so.1", "ld-linux-x86-64.so.2", "libstdc++.so.6", "libgcc_s.so.1", "libz.so.1");

    private Release() {
    }

    /** What a program printed and how it ended. */
    record Run(int exitCode, String out, String err) {
    }

    /** Runs {@code command} in {@code dir} with exactly {@code env} as its environment. */
    static Run run(Path dir, Map<String, String> env, List<String> command) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
        builder.environment().clear();
        builder.environment().putAll(env);
        try {
            Path out = Files.createTempFile("release-out", ".txt");
            Path err = Files.createTempFile("release-err", ".txt");
            try {
                Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                p.getOutputStream().close();
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("still running after 120 s: " + command);
                }
                return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static Run run(Path dir, Map<String, String> env, String... command) {
        return run(dir, env, List.of(command));
    }

    /** A run that must succeed. */
    static Run ok(Path dir, Map<String, String> env, String... command) {
        Run r = run(dir, env, command);
        assertThat(r.exitCode()).as("%s%n%s%n%s", List.of(command), r.out(), r.err()).isZero();
        return r;
    }

    /** An environment of a login shell's usual programs and nothing else: no JAVA_HOME, no Java on PATH. */
    static Map<String, String> bareEnvironment() {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LANG", "C.UTF-8");
        return env;
    }

    /** Unpacks the tarball into {@code dir} with the system's tar (it keeps the modes); the release's root. */
    static Path untar(Path dir) {
        ok(dir, bareEnvironment(), "tar", "-xzf", TARBALL.toString());
        return dir.resolve("conndoctor-" + VERSION);
    }

    static Path unzip(Path dir) {
        ok(dir, bareEnvironment(), "unzip", "-q", ZIP.toString());
        return dir.resolve("conndoctor-" + VERSION);
    }

    static boolean onPath(String program) {
        return Stream.of("/usr/bin", "/bin", "/usr/sbin", "/sbin").anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The ELF files under {@code dir}: the runtime's programs and libraries. */
    static List<Path> elfFiles(Path dir) throws IOException {
        List<Path> elf = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    byte[] magic = in.readNBytes(4);
                    if (magic.length == 4 && magic[0] == 0x7f && magic[1] == 'E' && magic[2] == 'L' && magic[3] == 'F') {
                        elf.add(f);
                    }
                }
            }
        }
        return elf;
    }

    /** A loopback port that accepts connections (and holds them until they close), for as long as it is open. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket server;

        Listener() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread holder = new Thread(() -> {
                            try (s; InputStream in = s.getInputStream()) {
                                in.transferTo(java.io.OutputStream.nullOutputStream());
                            } catch (IOException e) {
                                // the client left
                            }
                        });
                        holder.setDaemon(true);
                        holder.start();
                    } catch (IOException e) {
                        // closed
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }

    /** A port of loopback that nothing listens on now. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }
}
