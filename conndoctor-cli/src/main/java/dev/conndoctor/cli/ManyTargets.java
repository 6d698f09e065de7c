package dev.conndoctor.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.conndoctor.cli.render.JsonRenderer;
import dev.conndoctor.cli.render.MarkdownRenderer;
import dev.conndoctor.cli.render.Redactor;
import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;

import dev.conndoctor.Cause;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.InvalidTargetException;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code diagnose --targets FILE}: every target of a list diagnosed at once, so the whole set
 * takes about one diagnosis's time, then one summary table (target, outcome, primary cause,
 * time) or, with {@code --json}, one diagnosis document per line, in the file's order; with
 * {@code --format markdown} the table in a fenced block, and with {@code --redact} every form redacted
 * with placeholders shared across the whole list.
 */
final class ManyTargets {

    /** A list longer than this is a fleet for the exporter, not for one command. */
    static final int MAX_TARGETS = 4096;
    /** Diagnoses run at once; a longer list runs in rounds of this many. */
    static final int MAX_AT_ONCE = 256;
    static final long MAX_FILE_BYTES = 1024 * 1024;

    private static final ObjectMapper COMPACT = new ObjectMapper();

    private final CliContext context;
    private final ReportOptions report;

    ManyTargets(CliContext context, ReportOptions report) {
        this.context = context;
        this.report = report;
    }

    /** The targets of {@code file}: one per line, blank lines and {@code #} comments skipped; a bad line is a usage error naming it. */
    static List<Target> read(Path file, Locale locale) {
        return parse(file.toString(), locale, BoundedFiles.text("--targets", file, MAX_FILE_BYTES));
    }

    /** The targets of {@code text}; a bad line's problem is told in {@code locale}. */
    static List<Target> parse(String name, Locale locale, String text) {
        List<Target> targets = new ArrayList<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            // a target holds no space: what follows one on its line can only be a comment
            String[] words = line.split("\\s+", 2);
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (words.length > 1 && !words[1].startsWith("#")) {
                throw new UsageException("error.targets-line", name, i + 1, Text.of("error.targets-one-per-line"));
            }
            try {
                targets.add(Target.parse(words[0]));
            } catch (InvalidTargetException e) {
                throw new UsageException("error.targets-line", name, i + 1, e.problem().render(locale));
            }
            if (targets.size() > MAX_TARGETS) {
                throw new UsageException("error.targets-too-many", name, MAX_TARGETS);
            }
        }
        if (targets.isEmpty()) {
            throw new UsageException("error.targets-none", name);
        }
        return targets;
    }

    /** Diagnoses {@code targets} at once with {@code options}, prints them and returns the exit code. */
    int run(List<Target> targets, Options options, ConnDoctor doctor) {
        long start = System.nanoTime();
        List<Diagnosis> diagnoses = diagnoseAll(targets, options, doctor);
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        Locale locale = context.locale(report);
        ReportOptions.Format format = report.format();
        JsonRenderer json = new JsonRenderer(locale);
        Redactor redactor = null;
        ArrayNode documents = COMPACT.createArrayNode();
        if (format == ReportOptions.Format.JSON || report.redact) {
            diagnoses.forEach(d -> documents.add(json.tree(d)));
        }
        if (report.redact) {
            // one redactor learned from every diagnosis: a name gets one placeholder across the whole list
            redactor = new Redactor().knowEnvironment(context.environment()).learn(documents);
        }
        if (format == ReportOptions.Format.JSON) {
            JsonNode printed = redactor == null ? documents : redactor.redact(documents);
            for (JsonNode d : printed) {
                try {
                    context.out().println(COMPACT.writeValueAsString(d));
                } catch (JsonProcessingException e) {
                    throw new UncheckedIOException(e);
                }
            }
        } else {
            String table = table(diagnoses, elapsedMs, locale);
            String printed = format == ReportOptions.Format.MARKDOWN ? MarkdownRenderer.fenced("conndoctor diagnose --targets", table)
                    : table;
            context.out().print(redactor == null ? printed : redactor.redact(printed));
        }
        context.out().flush();
        return diagnoses.stream().allMatch(Diagnosis::ok) ? ExitCode.OK : ExitCode.FAILED;
    }

    private static List<Diagnosis> diagnoseAll(List<Target> targets, Options options, ConnDoctor doctor) {
        int threads = Math.min(targets.size(), MAX_AT_ONCE);
        AtomicInteger count = new AtomicInteger();
        ExecutorService pool = new ThreadPoolExecutor(threads, threads, 1, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "conndoctor-targets-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        try {
            List<Future<Diagnosis>> running = new ArrayList<>();
            for (Target target : targets) {
                running.add(pool.submit(() -> doctor.run(target, options, DiagnosisListener.NONE)));
            }
            List<Diagnosis> done = new ArrayList<>();
            for (Future<Diagnosis> diagnosis : running) {
                done.add(diagnosis.get());
            }
            return done;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new CompletionException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** The summary: a column each for the target, the outcome, the primary cause and the time, then the counts. */
    String table(List<Diagnosis> diagnoses, long elapsedMs, Locale locale) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {say("targets.header.target", locale), say("targets.header.outcome", locale),
            say("targets.header.cause", locale), say("targets.header.time", locale)});
        for (Diagnosis d : diagnoses) {
            rows.add(new String[] {TerminalText.clean(d.target().input()), d.outcome().id(),
                d.primaryCause().map(Cause::id).map(c -> c.id() + " (" + d.primaryCause().get().confidence().id() + ")")
                        .orElse("-"),
                d.elapsedMs() + " ms"});
        }
        int[] widths = new int[4];
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                widths[i] = Math.max(widths[i], row[i].codePointCount(0, row[i].length()));
            }
        }
        StringBuilder text = new StringBuilder();
        for (String[] row : rows) {
            for (int i = 0; i < 4; i++) {
                text.append(row[i]);
                if (i < 3) {
                    text.append(" ".repeat(widths[i] - row[i].codePointCount(0, row[i].length()) + 2));
                }
            }
            text.append('\n');
        }
        long failed = diagnoses.stream().filter(d -> !d.ok()).count();
        text.append('\n').append(say("targets.summary", locale, diagnoses.size(), diagnoses.size() - failed, failed,
                elapsedMs)).append('\n');
        return text.toString();
    }

    private static String say(String key, Locale locale, Object... args) {
        return Text.of(key, args).render(TextRenderer.BUNDLE, locale);
    }
}
