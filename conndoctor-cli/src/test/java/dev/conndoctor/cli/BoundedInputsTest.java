package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.testkit.TestCertificates;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every option that names a file, on files that are not regular: {@code /dev/zero}, a FIFO fed by
 * a writer thread, an endless standard input. Each is read through one bounded reader: past its
 * limit the run ends at once with exit 2 and one line naming the option and the limit; within it,
 * a log is decoded leniently. Nothing here dials anything.
 */
@EnabledOnOs(OS.LINUX)
class BoundedInputsTest {

    private static final Duration GENEROUS = Duration.ofSeconds(20);
    private static final ConnDoctor NOTHING = ConnDoctor.builder()
            .resolver(host -> {
                throw new UnknownHostException(host);
            })
            .localNetwork(List::of)
            .hostRoot(Path.of("/nonexistent-root"))
            .environment(Map.of())
            .systemProperties(new Properties())
            .build();
    private static final String REFUSED = "Error: connect ECONNREFUSED 127.0.0.1:8109\n";

    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return run(InputStream.nullInputStream(), args);
    }

    private static CliRun run(InputStream stdin, String... args) {
        return assertTimeoutPreemptively(GENEROUS, () -> CliRun.of(NOTHING, CliRun.NO_ENVIRONMENT, stdin, args));
    }

    private static void assertRefused(CliRun run, String expected) {
        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).isEqualTo("conndoctor: " + expected + "\n");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--cdn-ranges", "--server-report", "--cacert"})
    void aDiagnoseFileOptionOnDevZeroIsRefusedPastItsLimit(String option) {
        assertRefused(run("diagnose", "127.0.0.1:1", option, "/dev/zero"), option + " /dev/zero: larger than 4 MB");
    }

    @Test
    void anExplainFileOnDevZeroIsRefusedPastItsLimit() {
        assertRefused(run("explain", "--file", "/dev/zero"), "--file /dev/zero: larger than 64 MB");
    }

    @Test
    void anEndlessStandardInputIsRefusedPastTheLimitOfALog() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return 'a';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                java.util.Arrays.fill(b, off, off + len, (byte) '\n');
                return len;
            }
        };

        assertRefused(run(endless, "explain", "-"), "-: larger than 64 MB");
    }

    @Test
    void listensTlsMaterialOnDevZeroIsRefusedPastItsLimit() throws IOException {
        Path key = TestCertificates.selfSigned("localhost").writeKeyPem(dir.resolve("key.pem"));

        assertRefused(run("listen", "tcp://127.0.0.1:0", "--tls", "/dev/zero", key.toString()),
                "--tls /dev/zero: larger than 4 MB");
        Path cert = TestCertificates.selfSigned("localhost").writeChainPem(dir.resolve("cert.pem"));
        assertRefused(run("listen", "tcp://127.0.0.1:0", "--tls", cert.toString(), "/dev/zero"),
                "--tls /dev/zero: larger than 1 MB");
    }

    @Test
    void aKeyFileThatIsCutShortIsAUsageErrorNotAnInternalOne() throws IOException {
        TestCertificates.Leaf leaf = TestCertificates.selfSigned("localhost");
        Path cert = leaf.writeChainPem(dir.resolve("cert.pem"));
        Path key = dir.resolve("key.pem");
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\nMIGH!!AgEAMBMG\n");

        CliRun run = run("listen", "tcp://127.0.0.1:0", "--tls", cert.toString(), key.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("conndoctor: ").doesNotContain("Exception\n").hasLineCount(1);
    }

    @Test
    void aCdnFileThroughAFifoIsRefusedPastItsLimit() throws Exception {
        Path fifo = fifo("cdn", "labcdn 10.0.0.0/8 80,443\n".repeat(200_000).getBytes(StandardCharsets.UTF_8));

        assertRefused(run("diagnose", "127.0.0.1:1", "--cdn-ranges", fifo.toString()),
                "--cdn-ranges " + fifo + ": larger than 4 MB");
    }

    @Test
    void aLogThroughAFifoIsHeldToTheLimitOfALog() throws Exception {
        byte[] log = new byte[65 * 1024 * 1024];
        java.util.Arrays.fill(log, (byte) 'x');
        Path fifo = fifo("big.log", log);

        assertRefused(run("explain", "--file", fifo.toString()), "--file " + fifo + ": larger than 64 MB");
    }

    @Test
    void aLogThroughAFifoWithinTheLimitIsExplained() throws Exception {
        Path fifo = fifo("small.log", ("INFO start\n" + REFUSED).getBytes(StandardCharsets.UTF_8));

        CliRun run = run("explain", "--file", fifo.toString());

        assertThat(run.exitCode()).as(run.err()).isEqualTo(ExitCode.OK);
        assertThat(run.out()).contains("tcp://127.0.0.1:8109");
    }

    @Test
    void aLogWithAByteThatIsNotUtf8IsReadAlikeFromAFileAndFromStandardInput() throws IOException {
        byte[] log = concat("INFO caf\u00e9 ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xff, (byte) 0xc3, '\n'},
                REFUSED.getBytes(StandardCharsets.UTF_8));
        Path file = dir.resolve("latin.log");
        Files.write(file, log);

        CliRun fromFile = run("explain", "--file", file.toString(), "--json");
        CliRun fromStdin = run(new ByteArrayInputStream(log), "explain", "-", "--json");

        assertThat(fromFile.exitCode()).as(fromFile.err()).isEqualTo(ExitCode.OK);
        assertThat(fromStdin.exitCode()).as(fromStdin.err()).isEqualTo(ExitCode.OK);
        assertThat(fromFile.out()).isEqualTo(fromStdin.out()).contains("node.econnrefused");
    }

    @Test
    void aFileThatIsExactlyAtTheLimitIsRead() throws IOException {
        String line = "labcdn 10.0.0.0/8 80,443\n";
        StringBuilder text = new StringBuilder();
        while (text.length() + line.length() <= Literals.MAX_CDN_FILE_BYTES) {
            text.append(line);
        }
        text.append("#".repeat((int) (Literals.MAX_CDN_FILE_BYTES - text.length())));
        Path file = dir.resolve("cdn.txt");
        Files.writeString(file, text);
        assertThat(Files.size(file)).isEqualTo(Literals.MAX_CDN_FILE_BYTES);

        assertThat(BoundedFiles.text("--cdn-ranges", file, Literals.MAX_CDN_FILE_BYTES)).hasSize(text.length());
        Files.writeString(file, "#", java.nio.file.StandardOpenOption.APPEND);
        assertThat(org.assertj.core.api.Assertions.catchThrowableOfType(UsageException.class,
                () -> BoundedFiles.text("--cdn-ranges", file, Literals.MAX_CDN_FILE_BYTES)).message(java.util.Locale.ROOT))
                .isEqualTo("--cdn-ranges " + file + ": larger than 4 MB");
    }

    @Test
    void theLimitIsSaidInSpanishToo() {
        CliRun run = assertTimeoutPreemptively(GENEROUS, () -> CliRun.of(NOTHING, Map.of("LANG", "es_ES.UTF-8"),
                InputStream.nullInputStream(), "explain", "--file", "/dev/zero"));

        assertRefused(run, "--file /dev/zero: ocupa más de 64 MB");
    }

    @Test
    void aMissingFileIsStillCannotRead() {
        CliRun run = run("diagnose", "127.0.0.1:1", "--server-report", dir.resolve("nope.json").toString());

        assertThat(run.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run.err()).startsWith("conndoctor: cannot read --server-report ").contains("nope.json")
                .endsWith("nope.json: no such file\n").hasLineCount(1);
    }

    @Test
    void aFifoThatNothingWritesToIsGivenUpAtTheDeadline() throws Exception {
        Path fifo = dir.resolve("silent.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();

        UsageException refused = assertTimeoutPreemptively(GENEROUS, () -> org.assertj.core.api.Assertions
                .catchThrowableOfType(UsageException.class,
                        () -> BoundedFiles.bytes("--server-report", fifo, 1024, Duration.ofMillis(300))));

        assertThat(refused.message(java.util.Locale.ROOT))
                .isEqualTo("--server-report " + fifo + ": nothing to read, or no end of it, within 300 ms (a FIFO nobody writes to?)");
    }

    @Test
    void aWriterThatHoldsThePipeOpenWithoutEndingIsGivenUpAtTheDeadline() throws Exception {
        Path fifo = dir.resolve("held.fifo");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        // a real writer that says a little and never closes: `(echo '{'; sleep 60) > FIFO`
        Process writer = new ProcessBuilder("sh", "-c", "(echo '{'; exec sleep 60) > \"$0\"", fifo.toString()).start();
        try {
            UsageException refused = assertTimeoutPreemptively(GENEROUS, () -> org.assertj.core.api.Assertions
                    .catchThrowableOfType(UsageException.class,
                            () -> BoundedFiles.bytes("--server-report", fifo, 1024, Duration.ofSeconds(1))));

            assertThat(refused.message(java.util.Locale.ROOT)).contains("no end of it, within 1 s");
        } finally {
            writer.destroyForcibly();
        }
    }

    @Test
    void diagnoseTakesItsTokenOneWayOnlyAndNeverFromAnEndlessFile() {
        CliRun twoWays = assertTimeoutPreemptively(GENEROUS, () -> CliRun.of(NOTHING, Map.of("CONNDOCTOR_TOKEN", "t"),
                InputStream.nullInputStream(), "diagnose", "127.0.0.1:1", "--token", "t"));
        assertRefused(twoWays, "give the token one way only: --token, --token-file or CONNDOCTOR_TOKEN");

        assertRefused(run("diagnose", "127.0.0.1:1", "--token-file", "/dev/zero"), "--token-file /dev/zero: larger than 1 KB");
    }

    /** A FIFO in the test's directory, with a thread that writes {@code content} into it and closes it. */
    private Path fifo(String name, byte[] content) throws Exception {
        Path fifo = dir.resolve(name);
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).inheritIO().start();
        assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0).as("mkfifo").isTrue();
        Thread writer = new Thread(() -> {
            try (OutputStream out = Files.newOutputStream(fifo)) {
                out.write(content);
            } catch (IOException e) {
                // the reader closed its end past the limit: a broken pipe is what the writer should get
            }
        }, "fifo-writer-" + name);
        writer.setDaemon(true);
        writer.start();
        return fifo;
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
