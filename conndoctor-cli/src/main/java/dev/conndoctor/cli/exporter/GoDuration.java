package dev.conndoctor.cli.exporter;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration as Go's {@code time.ParseDuration} writes it ({@code 5s}, {@code 1m30s},
 * {@code 1.5s}, {@code 250ms}), the form blackbox_exporter's module YAML uses for {@code timeout}.
 * A config written for blackbox_exporter must read the same here, so the grammar is Go's: a
 * sequence of decimal numbers each with a unit of ns, us (µs), ms, s, m or h; {@code 0} alone.
 */
public final class GoDuration {

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)(ns|us|µs|μs|ms|s|m|h)");

    private GoDuration() {
    }

    /** The duration {@code text} writes, or empty when Go would refuse it (negative durations included). */
    public static Optional<Duration> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        String s = text.startsWith("+") ? text.substring(1) : text;
        if (s.equals("0")) {
            return Optional.of(Duration.ZERO);
        }
        Matcher m = PART.matcher(s);
        BigDecimal nanos = BigDecimal.ZERO;
        int at = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return Optional.empty();
            }
            BigDecimal amount = new BigDecimal(m.group(1).endsWith(".") ? m.group(1) + "0" : m.group(1));
            nanos = nanos.add(amount.multiply(BigDecimal.valueOf(unitNanos(m.group(2)))));
            at = m.end();
        }
        // Go's durations are int64 nanoseconds: about 290 years
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofNanos(nanos.longValue()));
    }

    /** {@code d} as Go prints it for the durations a module holds: {@code 5s}, {@code 1.5s}, {@code 250ms}. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        if (d.toNanos() % 1_000_000 == 0 && d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + "ms";
        }
        return BigDecimal.valueOf(d.toNanos(), 9).stripTrailingZeros().toPlainString() + "s";
    }

    private static long unitNanos(String unit) {
        return switch (unit) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            default -> 3_600_000_000_000L;
        };
    }
}
