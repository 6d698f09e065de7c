package dev.conndoctor.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.conndoctor.Cause;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Options;
import dev.conndoctor.Target;
import dev.conndoctor.Text;
import dev.conndoctor.cli.render.JsonRenderer;
import dev.conndoctor.cli.render.Style;
import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.TextRenderer;
import dev.conndoctor.evidence.LifetimeOutcome;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code conndoctor watch TARGET}: the diagnosis again and again, one line per round (one JSON
 * document per line with {@code --json}), each change marked, and a summary at the end or on
 * Ctrl-C: how long each state lasted, how often it flipped, the causes seen, and the pattern
 * named (intermittent refusals, intermittent timeouts). Rounds start {@code --every} apart and
 * never overlap; memory stays bounded ({@link WatchHistory}); the exit code is the last round's.
 */
@Command(name = "watch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = {"Diagnose TARGET again and again: one line per round, changes marked, and a summary at the end "
                + "or on Ctrl-C (how long each outcome lasted, how often it flipped, the causes seen, the pattern).",
            "The exit code is the last round's: 0 it works, 1 it fails."})
final class WatchCommand implements java.util.concurrent.Callable<Integer> {

    /** The shortest interval between rounds: a watch is a monitor, not a load test. */
    static final Duration MIN_EVERY = Duration.ofMillis(100);

    private static final java.time.format.DateTimeFormatter TIME = java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss");

    private final CliContext context;

    @Parameters(paramLabel = "TARGET", descriptionKey = "target", description = "What the client dials.")
    String target;

    @Option(names = "--every", paramLabel = "DURATION", defaultValue = "1s", converter = DurationConverter.class,
            description = "Start a round this often, at least 100ms (default: ${DEFAULT-VALUE}); a round that takes "
                    + "longer is followed at once.")
    Duration every;

    @Option(names = "--count", paramLabel = "N",
            description = "Stop after N rounds (default: until Ctrl-C).")
    Integer count;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "3s", converter = DurationConverter.class,
            description = "Deadline of each probe of a round, e.g. 2s, 500ms (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(names = "--hold", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "In each round, keep a connection that works open this long (at most 10m) and watch how "
                    + "it ends.")
    Duration hold;

    @Option(names = "--ping-every", paramLabel = "DURATION", converter = PingEveryConverter.class,
            description = "With --hold: ping this often in each round; 0 for a silent hold.")
    Duration pingEvery;

    @Option(names = "--insecure", description = "Skip certificate verification in this diagnosis's TLS probes only.")
    boolean insecure;

    @Mixin
    ReportOptions report;

    private final AtomicBoolean summarized = new AtomicBoolean();
    private final CountDownLatch stop = new CountDownLatch(1);
    private volatile int lastExit = ExitCode.FAILED;

    WatchCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public Integer call() {
        // --format json is --json's JSON lines; markdown and --redact were refused: a watch prints as it goes
        report.format();
        Target parsed = Target.parse(target);
        if (every.compareTo(MIN_EVERY) < 0) {
            throw new UsageException("error.watch-every", every.toMillis(), MIN_EVERY.toMillis());
        }
        if (count != null && count < 1) {
            throw new UsageException("error.watch-count", count);
        }
        Options.Builder builder = Options.builder().timeout(timeout).insecure(insecure);
        DiagnoseCommand.holdOptions(hold, pingEvery).ifPresent(builder::hold);
        Options options = builder.build();
        ConnDoctor doctor = context.doctor();
        Locale locale = context.locale(report);
        Style style = context.style(report.noColor);
        WatchHistory history = new WatchHistory();
        long start = System.nanoTime();

        // Ctrl-C: the summary of what was seen, then the last round's exit code, whatever round is running
        Thread onInterrupt = new Thread(() -> {
            stop.countDown();
            summarize(parsed, history, start, locale, style);
            Main.haltFromShutdownHook(lastExit);
        }, "conndoctor-watch-summary");
        boolean hooked = hook(onInterrupt);
        try {
            for (int n = 1; count == null || n <= count; n++) {
                long roundStart = System.nanoTime();
                Instant at = Instant.now();
                Diagnosis d = doctor.run(parsed, options, DiagnosisListener.NONE);
                if (stop.getCount() == 0) {
                    break;
                }
                WatchHistory.Round round = round(n, (roundStart - start) / 1_000_000, d);
                Optional<String> changedFrom = history.add(round);
                lastExit = d.ok() ? ExitCode.OK : ExitCode.FAILED;
                print(report.json ? jsonLine(d, n, at) : textLine(round, at, changedFrom, d, locale, style));
                if (count != null && n == count) {
                    break;
                }
                long next = roundStart + every.toNanos() - System.nanoTime();
                if (next > 0 && stop.await(next, TimeUnit.NANOSECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (hooked) {
                unhook(onInterrupt);
            }
        }
        summarize(parsed, history, start, locale, style);
        return lastExit;
    }

    /** One round as the history keeps it: its state is the outcome, or the symptom and the primary cause. */
    static WatchHistory.Round round(int number, long startedAtMs, Diagnosis d) {
        Optional<String> cause = d.primaryCause().map(c -> c.id().id());
        String state = d.ok() ? "ok" : d.symptom().id() + cause.map(c -> " " + c).orElse("");
        return new WatchHistory.Round(number, startedAtMs, state, d.ok(), d.symptom().id(), cause, d.elapsedMs());
    }

    private String textLine(WatchHistory.Round round, Instant at, Optional<String> changedFrom, Diagnosis d,
                            Locale locale, Style style) {
        String time = TIME.format(at.atZone(java.time.ZoneId.systemDefault()));
        String confidence = d.primaryCause().map(Cause::confidence)
                .map(c -> " (" + cli("confidence." + c.id(), locale) + ")").orElse("");
        String held = d.evidence().lifetime().map(l -> "  " + cli("watch.held", locale,
                String.format(Locale.ROOT, "%.1f", l.heldMs() / 1000.0), LifetimeOutcome.of(l).id())).orElse("");
        String what = (d.ok() ? "✓ " : "✗ ") + round.state() + confidence;
        String line = String.format(Locale.ROOT, "#%-4d %s  %-52s %6d ms%s", round.number(), time, what,
                round.elapsedMs(), held);
        line = d.ok() ? line : style.red(line);
        if (changedFrom.isPresent()) {
            line += "  " + style.yellow(cli("watch.changed", locale, changedFrom.get()));
        }
        return line; // ids, numbers and this bundle's words only: nothing from the peer to clean
    }

    private static String jsonLine(Diagnosis d, int n, Instant at) {
        JsonRenderer renderer = new JsonRenderer(Locale.ROOT);
        ObjectNode tree = renderer.tree(d);
        tree.put("round", n).put("at", at.toString());
        return JsonRenderer.compact(tree);
    }

    /** Prints the summary once, whoever asks first: the end of the rounds, or Ctrl-C. */
    private void summarize(Target parsed, WatchHistory history, long start, Locale locale, Style style) {
        if (!summarized.compareAndSet(false, true)) {
            return;
        }
        WatchHistory.Summary summary = history.summary((System.nanoTime() - start) / 1_000_000);
        if (report.json) {
            print(JsonRenderer.compact(summaryJson(parsed, summary)));
            return;
        }
        StringBuilder out = new StringBuilder("\n");
        out.append(style.bold(cli("watch.summary", locale, parsed.input(), summary.rounds(),
                seconds(summary.durationMs()), summary.flips()))).append('\n');
        for (WatchHistory.StateTotals s : summary.states()) {
            String line = "  " + cli("watch.state", locale, (s.ok() ? "✓ " : "✗ ") + s.state(), s.rounds(),
                    seconds(s.durationMs()), s.longestRun());
            out.append(s.ok() ? line : style.red(line)).append('\n');
        }
        if (!summary.causesSeen().isEmpty()) {
            out.append("  ").append(cli("watch.causes", locale, summary.causesSeen().entrySet().stream()
                    .map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", ")))).append('\n');
        }
        if (summary.rounds() > 0) {
            out.append("  ").append(cli("watch.pattern." + summary.pattern().id(), locale, summary.failedRounds(),
                    summary.rounds())).append('\n');
        }
        print(out.toString().stripTrailing());
    }

    private static ObjectNode summaryJson(Target parsed, WatchHistory.Summary summary) {
        ObjectNode node = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
        node.put("schema", "conndoctor.watch/1").put("target", parsed.input()).put("rounds", summary.rounds())
                .put("durationMs", summary.durationMs()).put("flips", summary.flips())
                .put("pattern", summary.pattern().id()).put("failedRounds", summary.failedRounds());
        var states = node.putArray("states");
        for (WatchHistory.StateTotals s : summary.states()) {
            states.addObject().put("state", s.state()).put("ok", s.ok()).put("symptom", s.symptom())
                    .put("rounds", s.rounds()).put("durationMs", s.durationMs()).put("longestRun", s.longestRun());
        }
        ObjectNode causes = node.putObject("causesSeen");
        summary.causesSeen().forEach(causes::put);
        summary.last().ifPresent(r -> node.put("lastState", r.state()));
        return node;
    }

    private void print(String text) {
        PrintWriter out = context.out();
        synchronized (out) {
            out.println(text);
            out.flush();
        }
    }

    private static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f", ms / 1000.0);
    }

    private static String cli(String key, Locale locale, Object... args) {
        return TerminalText.render(Text.of(key, args), TextRenderer.BUNDLE, locale);
    }

    private static boolean hook(Thread thread) {
        try {
            Runtime.getRuntime().addShutdownHook(thread);
            return true;
        } catch (IllegalStateException e) {
            return false; // the JVM is already shutting down: no rounds will run anyway
        }
    }

    private static void unhook(Thread thread) {
        try {
            Runtime.getRuntime().removeShutdownHook(thread);
        } catch (IllegalStateException e) {
            // shutting down: the hook is running or ran
        }
    }
}
