package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a command line builds before it runs: only the command it names, and a doctor only to diagnose. */
class LazyStartTest {

    private final AtomicInteger doctorsBuilt = new AtomicInteger();
    private final Supplier<ConnDoctor> countingDoctor = () -> {
        doctorsBuilt.incrementAndGet();
        return ConnDoctor.builder().localNetwork(List::of).environment(Map.of()).build();
    };

    private int run(String... args) {
        return Cli.run(args, new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), Map.of(), Terminal.PLAIN, countingDoctor);
    }

    @Test
    void eachCommandIsListedUnderTheNameItsAnnotationGivesIt() {
        Cli.BY_NAME.forEach((name, type) ->
                assertThat(type.getAnnotation(CommandLine.Command.class).name()).isEqualTo(name));
        assertThat(Cli.SUBCOMMANDS).containsAll(Cli.BY_NAME.values()).hasSize(Cli.BY_NAME.size() + 1);
    }

    @Test
    void aNamedCommandIsBuiltAloneAndTheRestAllTogether() {
        assertThat(Cli.subcommandsFor(new String[] {"diagnose", "x:1"})).containsExactly(DiagnoseCommand.class);
        assertThat(Cli.subcommandsFor(new String[] {"demo", "--help"})).containsExactly(DemoCommand.class);
        assertThat(Cli.subcommandsFor(new String[] {"--help"})).isEqualTo(Cli.SUBCOMMANDS);
        assertThat(Cli.subcommandsFor(new String[] {"help", "diagnose"})).isEqualTo(Cli.SUBCOMMANDS);
        assertThat(Cli.subcommandsFor(new String[] {})).isEqualTo(Cli.SUBCOMMANDS);
    }

    @Test
    void versionHelpAndExplainBuildNoDoctor() {
        assertThat(run("--version")).isZero();
        assertThat(run("-V")).isZero();
        assertThat(run("--help")).isZero();
        assertThat(run("diagnose", "--help")).isZero();
        assertThat(run("explain", "Connection refused")).isZero();
        assertThat(run("demo", "--help")).isZero();

        assertThat(doctorsBuilt).hasValue(0);
    }

    @Test
    void theVersionOfTheQuickPathIsPicocliSOwn() {
        StringWriter quick = new StringWriter();
        Cli.run(new String[] {"--version"}, new PrintWriter(quick), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), Map.of(), Terminal.PLAIN, countingDoctor);
        StringWriter picocli = new StringWriter();
        Cli.newCommandLine(new PrintWriter(picocli), new PrintWriter(new StringWriter()), InputStream.nullInputStream(),
                Map.of(), Terminal.PLAIN, countingDoctor.get()).execute("--version");

        assertThat(quick.toString()).isEqualTo(picocli.toString()).startsWith("conndoctor ");
    }
}
