package dev.conndoctor.cli.exporter;

import dev.conndoctor.cli.render.TerminalText;
import dev.conndoctor.cli.render.Style;
import dev.conndoctor.cli.render.TextRenderer;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.Locale;

/**
 * {@code /probe?debug=true}: laid out as blackbox_exporter's ({@code prober/handler.go}
 * {@code DebugOutput}): what the probe found, the metrics that would have been returned, the
 * module's configuration; where blackbox_exporter has its log lines, conndoctor has the diagnosis.
 */
final class DebugOutput {

    private DebugOutput() {
    }

    static String render(ProbeModule module, ProbeExposition.Result result, String problem, MetricSnapshots metrics) {
        StringBuilder text = new StringBuilder("Logs for the probe:\n");
        if (result.diagnosis().isPresent()) {
            text.append(new TextRenderer(Locale.ROOT, new Style(false)).render(result.diagnosis().get()));
        } else if (!problem.isEmpty()) {
            // the target is the scraper's text: shown, never obeyed by a terminal reading this
            text.append("The target cannot be probed: ").append(TerminalText.clean(problem)).append('\n');
        } else {
            text.append("No time left to probe: the scrape's timeout minus the offset is ")
                    .append(result.timeout().toMillis()).append(" ms\n");
        }
        text.append("\n\n\nMetrics that would have been returned:\n").append(ProbeExposition.text(metrics));
        text.append("\n\n\nModule configuration:\n").append(module.yaml());
        return text.toString();
    }
}
