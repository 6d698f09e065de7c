package dev.conndoctor.host;

import dev.conndoctor.TestResources;
import java.util.ArrayList;
import java.util.List;

/** The container fixtures (fixtures/containers, see its README): real captures from a Docker host. */
final class ContainerFixtures {
    private ContainerFixtures() {
    }

    static String text(String name) {
        return TestResources.text("/fixtures/containers/" + name);
    }

    /** The docker-proxy processes' argv, as captured from their /proc/PID/cmdline. */
    static List<List<String>> dockerProxyArgvs() {
        List<List<String>> all = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : text("docker-proxy-cmdlines-argv.txt").split("\n")) {
            if (line.equals("--")) {
                all.add(current);
                current = new ArrayList<>();
            } else if (!line.isEmpty()) {
                current.add(line);
            }
        }
        if (!current.isEmpty()) {
            all.add(current);
        }
        return all;
    }

    /** The raw /proc/PID/cmdline of {@code argv}: NUL after each argument. */
    static String cmdline(List<String> argv) {
        return String.join("\0", argv) + "\0";
    }

    /** The argv of the process {@code pid} in ps-engine-processes.txt (ps's view: arguments split at spaces). */
    static List<String> psArgv(int pid) {
        for (String line : text("ps-engine-processes.txt").split("\n")) {
            String[] f = line.trim().split("\\s+", 3);
            if (f[0].equals(String.valueOf(pid))) {
                return List.of(f[2].split(" "));
            }
        }
        throw new IllegalStateException("no process " + pid + " in ps-engine-processes.txt");
    }
}
