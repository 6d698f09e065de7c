package dev.conndoctor.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.ConnDoctor;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The help of every command, option and parameter exists in Chinese, as in Spanish: a new option
 * without a translation fails here, and so does a Spanish help key the Chinese help lacks.
 */
class ChineseHelpTest {

    @Test
    void everyCommandOptionAndParameterHasAChineseDescription() {
        CommandLine english = commandLine();
        CommandLine chinese = commandLine();
        chinese.setResourceBundle(ResourceBundle.getBundle("dev.conndoctor.cli.help", CliContext.CHINESE));

        List<String> untranslated = new ArrayList<>();
        if (Arrays.equals(english.getCommandSpec().usageMessage().description(),
                chinese.getCommandSpec().usageMessage().description())) {
            untranslated.add("conndoctor");
        }
        for (String name : english.getSubcommands().keySet()) {
            if (name.equals("help")) {
                continue; // picocli's own help command
            }
            CommandSpec en = english.getSubcommands().get(name).getCommandSpec();
            CommandSpec zh = chinese.getSubcommands().get(name).getCommandSpec();
            if (Arrays.equals(en.usageMessage().description(), zh.usageMessage().description())) {
                untranslated.add(name);
            }
            List<ArgSpec> enArgs = en.args();
            List<ArgSpec> zhArgs = zh.args();
            for (int i = 0; i < enArgs.size(); i++) {
                if (Arrays.equals(enArgs.get(i).description(), zhArgs.get(i).description())) {
                    untranslated.add(name + " " + enArgs.get(i).paramLabel()
                            + (enArgs.get(i).isOption() ? " " + ((CommandLine.Model.OptionSpec) enArgs.get(i)).longestName() : ""));
                }
            }
        }
        assertThat(untranslated).isEmpty();
    }

    @Test
    void theChineseHelpHasEveryKeyTheSpanishHelpHas() {
        Set<String> spanish = new TreeSet<>(ResourceBundle.getBundle("dev.conndoctor.cli.help", CliContext.SPANISH).keySet());
        spanish.removeAll(ResourceBundle.getBundle("dev.conndoctor.cli.help", CliContext.CHINESE).keySet());

        assertThat(spanish).isEmpty();
    }

    @Test
    void langZhOrAChineseEnvironmentPicksChineseHelpAndReports() {
        assertThat(Cli.helpLocale(new String[] {"diagnose", "--help", "--lang", "zh"}, Map.of())).isEqualTo(CliContext.CHINESE);
        assertThat(Cli.helpLocale(new String[] {"diagnose", "--help", "--lang=zh-CN"}, Map.of())).isEqualTo(CliContext.CHINESE);
        assertThat(Cli.helpLocale(new String[] {"diagnose", "--help"}, Map.of("LANG", "zh_CN.UTF-8"))).isEqualTo(CliContext.CHINESE);
        assertThat(Cli.helpLocale(new String[] {"diagnose", "--help", "--lang", "en"}, Map.of("LANG", "zh_CN.UTF-8")))
                .isEqualTo(Locale.ROOT);
    }

    @Test
    void theHelpOfDiagnoseIsPrintedInChinese() {
        CliRun run = CliRun.of(ConnDoctor.builder().environment(Map.of()).build(), "diagnose", "--help", "--lang", "zh");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("用法：", "诊断本机为什么连不上 TARGET。", "--redact");
    }

    @Test
    void aReportAndAnErrorAreWrittenInChinese() {
        CliRun refused = CliRun.of(ConnDoctor.builder().environment(Map.of()).build(), "diagnose", "example.com:0",
                "--lang", "zh");

        assertThat(refused.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(refused.err()).isEqualTo("conndoctor: 端口 0 无法连接：端口号为 1 到 65535\n");
    }

    private static CommandLine commandLine() {
        return Cli.newCommandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                InputStream.nullInputStream(), Map.of(), Terminal.PLAIN, ConnDoctor.builder().environment(Map.of()).build());
    }
}
