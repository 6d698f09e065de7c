package dev.conndoctor.cli.render;

import dev.conndoctor.DiagnosisListener;
import dev.conndoctor.Text;
import dev.conndoctor.evidence.ConnectAttempt;
import dev.conndoctor.evidence.ResolvedAddress;
import dev.conndoctor.evidence.Resolution;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Shows a diagnosis's progress on stderr: one self-erasing line while a person watches, and
 * one line per event with {@code -v}. Never writes to stdout, so {@code --json} stays clean.
 * Its lines carry DNS errors and connect details, so each is built through {@link #cli}, which
 * passes them through {@link TerminalText}; the only escapes written are its own line erasers.
 */
public final class ProgressReporter implements DiagnosisListener {
    private final PrintWriter err;
    private final boolean liveLine;
    private final boolean verbose;
    private final Locale locale;
    private boolean lineShown;

    public ProgressReporter(PrintWriter err, boolean liveLine, boolean verbose, Locale locale) {
        this.err = err;
        this.liveLine = liveLine;
        this.verbose = verbose;
        this.locale = locale;
    }

    @Override
    public void resolving(String host) {
        show(cli("progress.resolving", host));
    }

    @Override
    public void resolved(Resolution r) {
        if (verbose) {
            String answer = r.succeeded()
                    ? r.addresses().stream().map(ResolvedAddress::text).collect(Collectors.joining(", "))
                    : r.failure().get().id() + " (" + r.detail() + ")";
            say(cli("verbose.resolved", r.host(), answer, r.elapsedMs()));
        }
    }

    @Override
    public void connecting(List<String> endpoints, int followUps, Duration timeout) {
        show(cli("progress.connecting", String.join(", ", endpoints), followUps, timeout.toMillis()));
    }

    @Override
    public void attemptFinished(ConnectAttempt a) {
        if (verbose) {
            say(cli("verbose.attempt", a.endpoint(), a.outcome().id(), a.elapsedMs(), a.detail()));
        }
    }

    @Override
    public void speaking(String protocol, String endpoint) {
        show(cli("progress.speaking", protocol, endpoint));
    }

    @Override
    public void holding(String endpoint, Duration hold) {
        show(cli("progress.holding", endpoint, hold.toMillis()));
    }

    @Override
    public void scanning(String address, int ports) {
        show(cli("progress.scanning", address, ports));
    }

    @Override
    public void inspecting(String what) {
        show(cli("progress.inspecting", what));
    }

    /** Erases the live line, before the report is printed. */
    public void clear() {
        if (lineShown) {
            err.print("\r\u001b[K");
            err.flush();
            lineShown = false;
        }
    }

    private void show(String line) {
        if (verbose) {
            say(line);
        } else if (liveLine) {
            err.print("\r\u001b[K" + line);
            err.flush();
            lineShown = true;
        }
    }

    private void say(String line) {
        clear();
        err.println(line);
        err.flush();
    }

    /** A sentence of the CLI's bundle, its arguments cleaned. */
    private String cli(String key, Object... args) {
        return TerminalText.render(Text.of(key, args), TextRenderer.BUNDLE, locale);
    }
}
