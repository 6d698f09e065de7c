package dev.conndoctor.host;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The container a process runs in, read from its {@code /proc/PID/cgroup}: engines name the
 * cgroup after the container's 64-hex id. Pure.
 *
 * <ul>
 *   <li>Docker, systemd driver: {@code 0::/system.slice/docker-ID.scope}; cgroupfs driver:
 *       {@code /docker/ID}, or {@code /PARENT/ID} with {@code --cgroup-parent}</li>
 *   <li>Podman: {@code libpod-ID.scope} (under {@code machine.slice} or a user's slice, with a
 *       {@code /container} child since Podman 4), {@code /libpod_parent/libpod-ID}</li>
 *   <li>Kubernetes: {@code cri-containerd-ID.scope}, {@code crio-ID.scope}, {@code docker-ID.scope}
 *       under {@code kubepods}</li>
 * </ul>
 *
 * The cgroup2 line ({@code 0::}) is read first; on a cgroup v1 host any hierarchy names it.
 */
public final class ProcCgroup {
    /** A container's id: 64 hex digits, the whole of a path component or after an engine's prefix. */
    private static final Pattern ID = Pattern.compile(
            "(?:^|/)(docker-|libpod-|cri-containerd-|crio-|containerd-)?([0-9a-f]{64})(?:\\.scope)?(?=/|$)");

    /** An engine and the container's full id. */
    public record ContainerRef(Optional<String> engine, String id) {
    }

    private ProcCgroup() {
    }

    public static Optional<ContainerRef> container(String procCgroup) {
        Optional<ContainerRef> fromV2 = Optional.empty();
        Optional<ContainerRef> fromV1 = Optional.empty();
        for (String line : procCgroup.split("\n")) {
            String[] f = line.split(":", 3);
            if (f.length < 3) {
                continue;
            }
            Optional<ContainerRef> found = fromPath(f[2].trim());
            if (f[0].equals("0") && f[1].isEmpty()) {
                fromV2 = found.isPresent() ? found : fromV2;
            } else if (fromV1.isEmpty()) {
                fromV1 = found;
            }
        }
        return fromV2.isPresent() ? fromV2 : fromV1;
    }

    private static Optional<ContainerRef> fromPath(String path) {
        Matcher m = ID.matcher(path);
        ContainerRef last = null;
        while (m.find()) {
            // "libpod-conmon-ID.scope" is Podman's monitor, not the container: that prefix does not match
            String prefix = m.group(1) == null ? "" : m.group(1);
            Optional<String> engine = switch (prefix) {
                case "docker-" -> Optional.of("docker");
                case "libpod-" -> Optional.of("podman");
                case "cri-containerd-", "containerd-" -> Optional.of("containerd");
                case "crio-" -> Optional.of("cri-o");
                default -> path.startsWith("/docker/") ? Optional.of("docker")
                        : path.contains("/libpod_parent/") ? Optional.of("podman") : Optional.empty();
            };
            last = new ContainerRef(engine, m.group(2));
        }
        return Optional.ofNullable(last);
    }
}
