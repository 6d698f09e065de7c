package dev.conndoctor.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Reads a duration as people write it: {@code 2s}, {@code 500ms}, {@code 1.5s}, {@code 1m}. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {

    /** A probe deadline longer than this is a typo, not a wish. */
    static final Duration MAX = Duration.ofMinutes(10);

    private static final Pattern FORM = Pattern.compile("(\\d{1,9}(?:\\.\\d{1,9})?)(ms|s|m)");

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + value + "' is not a duration: write it like 2s, 500ms or 1.5s");
        }
        BigDecimal amount = new BigDecimal(m.group(1));
        BigDecimal millis = switch (m.group(2)) {
            case "ms" -> amount;
            case "s" -> amount.multiply(BigDecimal.valueOf(1000));
            default -> amount.multiply(BigDecimal.valueOf(60_000));
        };
        if (millis.compareTo(BigDecimal.ONE) < 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too short: at least 1ms");
        }
        if (millis.compareTo(BigDecimal.valueOf(MAX.toMillis())) > 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too long: at most 10m");
        }
        return Duration.ofMillis(millis.longValue());
    }
}
