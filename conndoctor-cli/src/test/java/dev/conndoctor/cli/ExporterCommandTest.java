package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code conndoctor exporter}'s invocation: what stops it before it listens, and --config-check. */
class ExporterCommandTest {

    private final AtomicInteger doctorsBuilt = new AtomicInteger();

    private CliRun run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), InputStream.nullInputStream(),
                Map.of(), Terminal.PLAIN, () -> {
                    doctorsBuilt.incrementAndGet();
                    return ConnDoctor.builder().localNetwork(List::of).environment(Map.of()).build();
                });
        return new CliRun(code, out.toString(), err.toString());
    }

    @Test
    void aConfigWithKeysConndoctorCannotHonourStopsTheStartNamingThemAllOnOneLine(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("blackbox.yml"), """
                modules:
                  http_2xx:
                    prober: http
                    http:
                      fail_if_body_not_matches_regexp: ["ok"]
                  icmp:
                    prober: icmp
                """);

        CliRun started = run("exporter", "--listen", "127.0.0.1:0", "--config", config.toString());
        CliRun checked = run("exporter", "--config-check", "--config", config.toString());

        for (CliRun r : List.of(started, checked)) {
            assertThat(r.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(r.err()).isEqualTo("conndoctor: --config " + config + ": not supported by conndoctor (2): "
                    + "modules.http_2xx.http.fail_if_body_not_matches_regexp, modules.icmp.prober: icmp\n");
        }
    }

    @Test
    void configCheckListsTheModulesAndBuildsNoDoctor(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("blackbox.yml"),
                "modules:\n  tcp_connect:\n    prober: tcp\n    timeout: 5s\n  ws:\n    prober: websocket\n");

        CliRun r = run("exporter", "--config-check", "--config", config.toString());

        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).isEqualTo("tcp_connect\ttcp\ttimeout 5000ms\nws\twebsocket\n");
        assertThat(run("exporter", "--config-check").out()).contains("http_2xx\thttp\n").contains("conndoctor\tconndoctor\n");
        assertThat(run("exporter", "--help").exitCode()).isZero();
        assertThat(Cli.subcommandsFor(new String[] {"exporter", "--help"})).containsExactly(ExporterCommand.class);
        assertThat(doctorsBuilt).hasValue(0);
    }

    @Test
    void aBadListenAddressAllowEntryOrLimitIsABadInvocation() {
        assertThat(run("exporter", "--listen", "example.com:9115").err())
                .isEqualTo("conndoctor: 'example.com:9115' is not a listen address: write ADDR:PORT with an IP address, "
                        + "e.g. 127.0.0.1:9115 or [::1]:9115\n");
        assertThat(run("exporter", "--allow", "10.0.0.0/40").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(run("exporter", "--allow", "10.0.0.0/40").err()).startsWith("conndoctor: --allow '10.0.0.0/40'");
        assertThat(run("exporter", "--max-concurrent", "0").exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(doctorsBuilt).hasValue(0);
    }
}
