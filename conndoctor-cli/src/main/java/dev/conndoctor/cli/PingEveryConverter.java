package dev.conndoctor.cli;

import dev.conndoctor.Options;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Reads {@code --ping-every}: a duration as {@link DurationConverter} reads it, at least
 * {@link Options.Hold#MIN_PING_EVERY}, or {@code 0} for a silent hold (what shows idle timeouts).
 */
final class PingEveryConverter implements CommandLine.ITypeConverter<Duration> {

    @Override
    public Duration convert(String value) {
        String v = value.trim();
        if (v.matches("0+(?:\\.0+)?(?:ms|s|m)?")) {
            return Duration.ZERO;
        }
        Duration every = new DurationConverter().convert(v);
        if (every.compareTo(Options.Hold.MIN_PING_EVERY) < 0) {
            throw new CommandLine.TypeConversionException("'" + value + "' is too often: pings come at least "
                    + Options.Hold.MIN_PING_EVERY.toMillis() + "ms apart (0 for none)");
        }
        return every;
    }
}
