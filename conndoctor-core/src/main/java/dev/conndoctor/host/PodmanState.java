package dev.conndoctor.host;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Podman's containers' names without its API: from the command line of conmon, the monitor
 * Podman starts beside each container ({@code conmon --api-version 1 -c ID -u ID -r /usr/bin/crun
 * -b BUNDLE -n NAME ...}), and from containers/storage's {@code containers.json}
 * ({@value #ROOTFUL_CONTAINERS_JSON} for root; the database Podman itself keeps is not JSON).
 * Pure.
 */
public final class PodmanState {
    public static final String ROOTFUL_CONTAINERS_JSON = "/var/lib/containers/storage/overlay-containers/containers.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A container's id and name, as conmon was told them. */
    public record Conmon(String id, Optional<String> name) {
    }

    private PodmanState() {
    }

    /** The container a conmon {@code argv} monitors; empty for another program or without {@code -c}. */
    public static Optional<Conmon> conmon(List<String> argv) {
        if (!Argv.program(argv).equals("conmon")) {
            return Optional.empty();
        }
        return Argv.option(argv, "c", "cid").filter(id -> id.matches("[0-9a-f]{12,64}"))
                .map(id -> new Conmon(id, Argv.option(argv, "n", "name").filter(n -> !n.isBlank())));
    }

    /** Container ids to their first name, from a {@code containers.json}; empty when it is not one. */
    public static Map<String, String> names(String containersJson) {
        Map<String, String> names = new LinkedHashMap<>();
        try {
            JsonNode root = JSON.readTree(containersJson);
            if (root == null) {
                return names;
            }
            for (JsonNode container : root) {
                JsonNode first = container.path("names").path(0);
                if (container.path("id").isTextual() && first.isTextual()) {
                    names.put(container.path("id").asText(), first.asText());
                }
            }
        } catch (IOException e) {
            // not JSON (being rewritten, say): no names from it
        }
        return names;
    }
}
