package dev.conndoctor.cli.exporter;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * How long one {@code /probe} may take, computed as blackbox_exporter's {@code getTimeout}
 * ({@code prober/handler.go}) computes it: the scrape timeout Prometheus sends in
 * {@code X-Prometheus-Scrape-Timeout-Seconds} (120 s without one) minus an offset (default
 * 0.5 s, {@code --timeout-offset}), so the answer arrives before Prometheus gives up; the
 * module's {@code timeout} instead when it is shorter, or when the offset leaves nothing.
 */
public final class ScrapeDeadline {

    /** Prometheus's header naming its scrape timeout in seconds, e.g. {@code 10} or {@code 0.5}. */
    public static final String HEADER = "X-Prometheus-Scrape-Timeout-Seconds";
    /** blackbox_exporter's {@code --timeout-offset} default. */
    public static final Duration DEFAULT_OFFSET = Duration.ofMillis(500);

    private static final BigDecimal NO_HEADER_SECONDS = BigDecimal.valueOf(120);
    private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

    private ScrapeDeadline() {
    }

    /**
     * The probe's time from the header's value (absent, or as sent), the offset and the module's timeout;
     * zero or less means no time at all, as in blackbox_exporter.
     *
     * @throws IllegalArgumentException when the header is not a number (blackbox_exporter answers 500)
     */
    public static Duration compute(Optional<String> header, Duration offset, Optional<Duration> moduleTimeout) {
        BigDecimal scrape = header.map(String::trim).filter(h -> !h.isEmpty()).map(ScrapeDeadline::seconds)
                .orElse(BigDecimal.ZERO);
        if (scrape.signum() == 0) {
            scrape = NO_HEADER_SECONDS;
        }
        Duration max = Duration.ofNanos(scrape.multiply(NANOS_PER_SECOND).longValue()).minus(offset);
        Duration module = moduleTimeout.orElse(Duration.ZERO);
        boolean moduleShorter = module.compareTo(max) < 0 && !module.isZero() && !module.isNegative();
        return moduleShorter || max.isNegative() ? module : max;
    }

    private static BigDecimal seconds(String text) {
        try {
            BigDecimal value = new BigDecimal(text);
            // a scrape timeout of days is nobody's: keep the arithmetic in range
            return value.min(BigDecimal.valueOf(86_400)).max(BigDecimal.valueOf(-86_400));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds", e);
        }
    }
}
