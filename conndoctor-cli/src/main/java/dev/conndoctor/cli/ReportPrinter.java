package dev.conndoctor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.conndoctor.cli.render.Redactor;
import java.io.UncheckedIOException;
import java.util.function.Supplier;

/**
 * Prints a command's one report in the format asked for ({@code --json}, {@code --format}), redacted
 * when asked ({@code --redact}). A redaction learns the names the report holds from its JSON document,
 * whatever the format printed, so that a host name is replaced in the prose of a text or Markdown
 * report as in the JSON.
 */
final class ReportPrinter {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final CliContext context;
    private final ReportOptions options;

    ReportPrinter(CliContext context, ReportOptions options) {
        this.context = context;
        this.options = options;
    }

    /**
     * Prints the report: {@code json} is its JSON document as the command renders it (the exact text
     * when not redacted), {@code document} the same as a tree, {@code text} and {@code markdown} its
     * other forms. Only the form printed is rendered.
     */
    void print(Supplier<String> json, Supplier<JsonNode> document, Supplier<String> text, Supplier<String> markdown) {
        ReportOptions.Format format = options.format();
        String printed;
        if (!options.redact) {
            printed = switch (format) {
                case JSON -> json.get();
                case TEXT -> text.get();
                case MARKDOWN -> markdown.get();
            };
        } else {
            JsonNode tree = document.get();
            Redactor redactor = new Redactor().knowEnvironment(context.environment()).learn(tree);
            printed = switch (format) {
                case JSON -> write(redactor.redact(tree));
                case TEXT -> redactor.redact(text.get());
                case MARKDOWN -> redactor.redact(markdown.get());
            };
        }
        if (format == ReportOptions.Format.JSON) {
            context.out().println(printed);
        } else {
            context.out().print(printed);
        }
        context.out().flush();
    }

    /** The same, for a command whose JSON renderer gives text only: the tree is read back from it. */
    void print(Supplier<String> json, Supplier<String> text, Supplier<String> markdown) {
        print(json, () -> read(json.get()), text, markdown);
    }

    static JsonNode read(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(JsonNode tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
