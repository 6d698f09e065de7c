package dev.conndoctor.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import picocli.CommandLine;

/** Reads {@code --scan-ports}: one port or a range {@code LOW-HIGH}, bounded so a scan stays one short round. */
final class PortRangeConverter implements CommandLine.ITypeConverter<List<Integer>> {
    static final int MAX_PORTS = 400;
    private static final Pattern FORM = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    @Override
    public List<Integer> convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException("'" + value + "' is not a port or a range like 8000-8100");
        }
        int low = Integer.parseInt(m.group(1));
        int high = m.group(2) == null ? low : Integer.parseInt(m.group(2));
        if (low < 1 || high > 65535 || low > high) {
            throw new CommandLine.TypeConversionException("'" + value + "': ports go from 1 to 65535, low to high");
        }
        if (high - low + 1 > MAX_PORTS) {
            throw new CommandLine.TypeConversionException("'" + value + "' is " + (high - low + 1)
                    + " ports; at most " + MAX_PORTS + " are scanned");
        }
        return IntStream.rangeClosed(low, high).boxed().toList();
    }
}
