package dev.conndoctor.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Where dockerd keeps its state and what a container's state file says, without the Docker API:
 * dockerd's {@code --data-root} (or {@code data-root} in its {@code daemon.json}, or
 * {@value #DEFAULT_DATA_ROOT}) and {@code DATA_ROOT/containers/ID/config.v2.json}, which holds
 * the container's name ({@code "Name": "/web"}), its process and its addresses. The files are
 * root's (mode 0600): without them a container is known by its id only. Pure.
 */
public final class DockerState {
    public static final String DEFAULT_DATA_ROOT = "/var/lib/docker";
    public static final String DEFAULT_CONFIG_FILE = "/etc/docker/daemon.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A container as its state file describes it.
     *
     * @param name without the leading slash Docker stores
     * @param pid its first process while it runs
     * @param addresses its addresses on each network it is attached to
     */
    public record Container(String id, String name, Optional<Integer> pid, boolean running, List<InetAddress> addresses) {
        public Container {
            addresses = List.copyOf(addresses);
        }
    }

    private DockerState() {
    }

    /** Whether {@code argv} runs the Docker daemon. */
    public static boolean isDockerd(List<String> argv) {
        return Argv.program(argv).equals("dockerd");
    }

    /** The data root dockerd's {@code argv} names ({@code --data-root}, or the older {@code --graph}/{@code -g}). */
    public static Optional<String> dataRoot(List<String> argv) {
        return Argv.option(argv, "data-root", "graph", "g");
    }

    /** The daemon configuration file dockerd reads. */
    public static String configFile(List<String> argv) {
        return Argv.option(argv, "config-file").orElse(DEFAULT_CONFIG_FILE);
    }

    /** The data root a {@code daemon.json} sets; empty when it sets none or is not JSON. */
    public static Optional<String> dataRootOfConfig(String daemonJson) {
        try {
            JsonNode root = JSON.readTree(daemonJson);
            for (String key : List.of("data-root", "graph")) {
                if (root != null && root.path(key).isTextual() && !root.path(key).asText().isBlank()) {
                    return Optional.of(root.path(key).asText());
                }
            }
        } catch (IOException e) {
            // not JSON: dockerd would refuse to start with it, so it is not what a running one read
        }
        return Optional.empty();
    }

    /** A container's {@code config.v2.json}; empty when it is not one. */
    public static Optional<Container> container(String configV2Json) {
        JsonNode root;
        try {
            root = JSON.readTree(configV2Json);
        } catch (IOException e) {
            return Optional.empty();
        }
        if (root == null || !root.path("ID").isTextual()) {
            return Optional.empty();
        }
        String name = root.path("Name").asText("").replaceFirst("^/", "");
        JsonNode state = root.path("State");
        int pid = state.path("Pid").asInt(0);
        List<InetAddress> addresses = new ArrayList<>();
        for (JsonNode network : root.path("NetworkSettings").path("Networks")) {
            for (String key : List.of("IPAddress", "GlobalIPv6Address")) {
                DockerProxyCommand.address(network.path(key).asText("")).filter(a -> !addresses.contains(a))
                        .ifPresent(addresses::add);
            }
        }
        return Optional.of(new Container(root.path("ID").asText(), name, pid > 0 ? Optional.of(pid) : Optional.empty(),
                state.path("Running").asBoolean(false), addresses));
    }
}
