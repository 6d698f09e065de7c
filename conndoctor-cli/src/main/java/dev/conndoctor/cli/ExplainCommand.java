package dev.conndoctor.cli;

import dev.conndoctor.cli.render.MarkdownRenderer;
import dev.conndoctor.cli.render.Style;
import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.CauseId;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Text;
import dev.conndoctor.explain.Explainer;
import dev.conndoctor.explain.Explanation;
import dev.conndoctor.explain.KnowledgeBase;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conndoctor explain}: an error message or a log in; which client printed each error,
 * the failure, the likely causes and the diagnose command that confirms them out.
 */
@Command(name = "explain",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Explain a connection error message: the client, the failure, the likely causes, and the",
            "conndoctor diagnose command that confirms them. TEXT, - for standard input, or --file LOG.",
            "Exit code 0 when something was recognized, 1 when nothing was."})
final class ExplainCommand implements Callable<Integer> {
    /** More input than this is not one log worth reading whole. */
    static final int MAX_INPUT = 64 * 1024 * 1024;

    private final CliContext context;

    @Parameters(paramLabel = "TEXT", descriptionKey = "text", arity = "0..*",
            description = "The error message (quote it), or - for stdin.")
    List<String> text = List.of();

    @Option(names = "--file", paramLabel = "LOG", description = "A log file to read (at most 64 MB; a pipe or <(...) too).")
    Path file;

    @Mixin
    ReportOptions report;

    ExplainCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        report.format();
        Explanation explanation = explain();
        new ReportPrinter(context, report).print(() -> json(explanation), () -> text(explanation),
                () -> MarkdownRenderer.fenced("conndoctor explain", textWithoutColours(explanation)));
        return explanation.recognized() ? ExitCode.OK : ExitCode.FAILED;
    }

    /** The explanation of TEXT, of standard input or of --file, read as a stream of bounded size. */
    private Explanation explain() {
        Explainer explainer = new Explainer(KnowledgeBase.embedded());
        if (file != null && !text.isEmpty()) {
            throw new UsageException("error.explain-both");
        }
        if (file != null) {
            String name = "--file " + file;
            try (InputStream in = BoundedFiles.open("--file", file)) {
                return explainer.explain(BoundedFiles.reader(name, in, MAX_INPUT));
            } catch (IOException e) {
                throw BoundedFiles.cannotRead(name, e);
            }
        }
        if (text.size() == 1 && text.get(0).equals("-")) {
            try {
                // standard input stays open: it is the process's, not this command's
                return explainer.explain(BoundedFiles.reader("-", context.in(), MAX_INPUT));
            } catch (IOException e) {
                throw BoundedFiles.cannotRead("-", e);
            }
        }
        if (text.isEmpty()) {
            throw new UsageException("error.explain-nothing");
        }
        return explainer.explain(String.join(" ", text));
    }

    private String textWithoutColours(Explanation e) {
        return text(e, new Style(false));
    }

    private String text(Explanation e) {
        return text(e, context.style(report.noColor));
    }

    private String text(Explanation e, Style style) {
        StringBuilder out = new StringBuilder();
        if (!e.recognized()) {
            out.append(style.yellow(cli("explain.not-recognized"))).append('\n');
            if (!e.nearestFamilies().isEmpty()) {
                out.append("  ").append(cli("explain.nearest", String.join(", ", e.nearestFamilies()))).append('\n');
            }
            return out.toString();
        }
        for (Explanation.Match m : e.matches()) {
            out.append(style.bold(cli("explain.match", m.message().client(), m.message().symptom().id()))).append('\n');
            if (m.general()) {
                // no client's form: say so, and that only the family is sure
                out.append("  ").append(cli("explain.general", m.message().symptom().id())).append('\n');
            }
            // the line is the log's: shown through the sanitizer, so its escapes cannot reach the terminal
            out.append("  ").append(TerminalText.clean(m.line().length() > 200 ? m.line().substring(0, 200) + "…"
                    : m.line())).append('\n');
            if (m.count() > 1) {
                out.append("  ").append(cli("explain.count", m.count(), m.firstSeen().orElse("?"),
                        m.lastSeen().orElse("?"))).append('\n');
            }
            m.target().ifPresent(t -> out.append("  ").append(cli("explain.target", t)).append('\n'));
            out.append("  ").append(cli("explain.causes", m.causes().stream().map(CauseId::id)
                    .collect(Collectors.joining(", ")))).append('\n');
            for (CauseId cause : m.causes()) {
                out.append("    - ").append(cause.id()).append(": ")
                        .append(Text.of("title." + cause.id()).render(context.locale(report)))
                        .append('\n');
                if (hasRemedy(cause)) {
                    // a cause whose fix needs no diagnosis (a browser's refusal, the address family) says it here
                    out.append("      ").append(cli("explain.fix",
                            Text.of("remedy." + cause.id()).render(context.locale(report)))).append('\n');
                }
            }
            out.append("  ").append(cli("explain.next", m.next())).append("\n\n");
        }
        return out.toString();
    }

    private String json(Explanation e) {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ObjectNode root = mapper.createObjectNode();
        root.put("schema", "conndoctor.explain/1");
        root.putObject("tool").put("name", "conndoctor").put("version", ConnDoctor.version());
        root.put("recognized", e.recognized());
        ArrayNode matches = root.putArray("matches");
        for (Explanation.Match m : e.matches()) {
            ObjectNode node = matches.addObject().put("id", m.message().id()).put("client", m.message().client())
                    .put("reader", m.general() ? "general" : "known").put("symptom", m.message().symptom().id());
            ArrayNode causes = node.putArray("causes");
            m.causes().forEach(c -> causes.add(c.id()));
            m.target().ifPresent(t -> node.put("target", t));
            m.status().ifPresent(s -> node.put("status", s));
            node.put("count", m.count());
            m.firstSeen().ifPresent(t -> node.put("firstSeen", t));
            m.lastSeen().ifPresent(t -> node.put("lastSeen", t));
            node.put("line", m.line().length() > 500 ? m.line().substring(0, 500) : m.line());
            node.put("next", m.next());
        }
        ArrayNode nearest = root.putArray("nearest");
        e.nearestFamilies().forEach(nearest::add);
        root.put("linesRead", e.linesRead());
        try {
            return mapper.writeValueAsString(root);
        } catch (JsonProcessingException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Whether the library's bundle has a one-line remedy for {@code cause} ({@code remedy.ID}). */
    private static boolean hasRemedy(CauseId cause) {
        return java.util.ResourceBundle.getBundle(Text.BUNDLE, java.util.Locale.ROOT).containsKey("remedy." + cause.id());
    }

    /** A text of the CLI's bundle; what fills it may come from the log, so it is cleaned for the terminal. */
    private String cli(String key, Object... args) {
        return TerminalText.render(Text.of(key, args), TextRenderer.BUNDLE, context.locale(report));
    }
}
