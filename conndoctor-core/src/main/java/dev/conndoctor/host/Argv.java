package dev.conndoctor.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A process's arguments as the kernel gives them ({@code /proc/PID/cmdline}: NUL between
 * arguments) and the options in them, for the parsers of forwarders' and engines' command lines.
 * Pure. Never put raw arguments in a report: {@link CommandLines#shape} is what a report carries.
 */
public final class Argv {
    private Argv() {
    }

    /** The arguments of a raw {@code /proc/PID/cmdline}; empty for a kernel thread or a zombie. */
    public static List<String> of(String procCmdline) {
        List<String> argv = new ArrayList<>(List.of(procCmdline.split("\0", -1)));
        // the kernel ends the list with a NUL: no empty last argument
        while (!argv.isEmpty() && argv.get(argv.size() - 1).isEmpty()) {
            argv.remove(argv.size() - 1);
        }
        return argv;
    }

    /** The program's file name ({@code docker-proxy} for {@code /usr/sbin/docker-proxy}); empty without arguments. */
    public static String program(List<String> argv) {
        if (argv.isEmpty()) {
            return "";
        }
        String first = argv.get(0).strip();
        return first.substring(first.lastIndexOf('/') + 1);
    }

    /**
     * The value of the last option named {@code names} ({@code -host-port 80}, {@code --host-port=80}
     * and their single- and double-dash forms, as Go's flag package and getopt accept them), or empty.
     */
    public static Optional<String> option(List<String> argv, String... names) {
        List<String> all = options(argv, names);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    /** The values of every occurrence of an option named {@code names}, in order ({@code -t 80 -t 443}). */
    public static List<String> options(List<String> argv, String... names) {
        List<String> values = new ArrayList<>();
        for (int i = 1; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg.equals("--")) {
                break; // what follows is the program's operands, not options
            }
            for (String name : names) {
                String bare = name.replaceFirst("^-+", "");
                for (String dashes : bare.length() == 1 ? List.of("-") : List.of("-", "--")) {
                    String flag = dashes + bare;
                    if (arg.equals(flag) && i + 1 < argv.size()) {
                        values.add(argv.get(i + 1));
                    } else if (arg.startsWith(flag + "=")) {
                        values.add(arg.substring(flag.length() + 1));
                    }
                }
            }
        }
        return values;
    }
}
