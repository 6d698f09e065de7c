package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ResourceBundle;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** The help of every command, option and parameter exists in Spanish: a new option without a translation fails here. */
class SpanishHelpTest {

    @Test
    void everyCommandOptionAndParameterHasASpanishDescription() {
        CommandLine english = commandLine();
        CommandLine spanish = commandLine();
        spanish.setResourceBundle(ResourceBundle.getBundle("dev.conndoctor.cli.help", CliContext.SPANISH));

        List<String> untranslated = new ArrayList<>();
        for (String name : english.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue; // picocli's own help command
            }
            CommandSpec en = english.getSubcommands().get(name).getCommandSpec();
            CommandSpec es = spanish.getSubcommands().get(name).getCommandSpec();
            if (Arrays.equals(en.usageMessage().description(), es.usageMessage().description())) {
                untranslated.add(name);
            }
            List<ArgSpec> enArgs = en.args();
            List<ArgSpec> esArgs = es.args();
            for (int i = 0; i < enArgs.size(); i++) {
                if (Arrays.equals(enArgs.get(i).description(), esArgs.get(i).description())) {
                    untranslated.add(name + " " + enArgs.get(i).paramLabel()
                            + (enArgs.get(i).isOption() ? " " + ((CommandLine.Model.OptionSpec) enArgs.get(i)).longestName() : ""));
                }
            }
        }
        assertThat(untranslated).isEmpty();
    }

    @Test
    void langEsInTheArgumentsPicksSpanishHelp() {
        assertThat(Cli.helpLocale(new String[] {"diagnose", "--help", "--lang", "es"}, Map.of()))
                .isEqualTo(CliContext.SPANISH);
        assertThat(Cli.helpLocale(new String[] {"diagnose", "--help", "--lang=en"}, Map.of("LANG", "es_ES.UTF-8")))
                .isEqualTo(java.util.Locale.ROOT);
    }

    @Test
    void withoutLangTheHelpFollowsTheEnvironmentGiven() {
        String[] help = {"diagnose", "--help"};
        assertThat(Cli.helpLocale(help, Map.of())).isEqualTo(java.util.Locale.ROOT);
        assertThat(Cli.helpLocale(help, Map.of("LANG", "es_ES.UTF-8"))).isEqualTo(CliContext.SPANISH);
        assertThat(Cli.helpLocale(help, Map.of("LC_ALL", "C", "LANG", "es_ES.UTF-8"))).isEqualTo(java.util.Locale.ROOT);
        assertThat(Cli.helpLocale(help, Map.of("LC_MESSAGES", "es_MX", "LANG", "en_US"))).isEqualTo(CliContext.SPANISH);
    }

    private static CommandLine commandLine() {
        return Cli.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), Map.of(), Terminal.PLAIN, ConnDoctor.builder().environment(Map.of()).build());
    }
}
