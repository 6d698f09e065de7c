package dev.conndoctor.cli;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import picocli.CommandLine;

/**
 * Reads {@code --scan-ports}: one port or a range {@code LOW-HIGH}, bounded so a scan stays one short round.
 * The option takes one value: given twice, picocli refuses it as a usage error.
 */
final class PortRangeConverter implements CommandLine.ITypeConverter<PortRangeConverter.Ports> {
    static final int MAX_PORTS = 400;
    private static final Pattern FORM = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    /**
     * The ports of one range. A type of its own, not a list: picocli takes an option of a list type
     * as repeatable and would add each range as one element, a list inside the list of ports.
     */
    record Ports(List<Integer> list) {
        static final Ports NONE = new Ports(List.of());

        Ports {
            list = List.copyOf(list);
        }
    }

    @Override
    public Ports convert(String value) {
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
        return new Ports(IntStream.rangeClosed(low, high).boxed().toList());
    }
}
