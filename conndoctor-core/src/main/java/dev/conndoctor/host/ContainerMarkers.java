package dev.conndoctor.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Tells from what a process can read about itself whether it runs in a container. No single
 * sign is enough: {@code /.dockerenv} survives in images turned into virtual machines (this
 * project's own CI machines have one, on an ext4 root), and under cgroup v2 with a private
 * cgroup namespace {@code /proc/1/cgroup} says only {@code 0::/}. So a marker file counts
 * with an overlay root file system, and a cgroup named after a container ({@link ProcCgroup}) or
 * under Kubernetes' {@code kubepods} counts alone.
 */
public final class ContainerMarkers {

    /** The file systems a container's root is made of; a machine's root is a block device's. */
    private static final List<String> LAYERED = List.of("overlay", "fuse-overlayfs", "aufs");

    /** What was found, before the gateway is known. */
    public record Finding(String engine, List<String> signs, Optional<String> id) {
    }

    private ContainerMarkers() {
    }

    /**
     * @param dockerenv whether {@code /.dockerenv} exists
     * @param containerenv whether {@code /run/.containerenv} exists (Podman, Buildah)
     * @param kubernetes whether {@code /var/run/secrets/kubernetes.io} exists
     * @param cgroup {@code /proc/1/cgroup}
     * @param mountinfo {@code /proc/self/mountinfo}
     */
    public static Optional<Finding> detect(boolean dockerenv, boolean containerenv, boolean kubernetes,
                                           Optional<String> cgroup, Optional<String> mountinfo) {
        List<String> signs = new ArrayList<>();
        String engine = null;
        Optional<String> id = Optional.empty();
        if (dockerenv) {
            signs.add("/.dockerenv");
            engine = "docker";
        }
        if (containerenv) {
            signs.add("/run/.containerenv");
            engine = "podman";
        }
        Optional<String> layeredRoot = mountinfo.flatMap(ContainerMarkers::rootFileSystem).filter(LAYERED::contains);
        layeredRoot.ifPresent(fs -> signs.add("root file system " + fs));
        // a cgroup named after a container's id (ProcCgroup); the host's own docker.service is no container
        Optional<ProcCgroup.ContainerRef> ref = cgroup.flatMap(ProcCgroup::container);
        boolean engineCgroup = ref.isPresent();
        if (ref.isPresent()) {
            String marked = engine == null ? "container" : engine;
            engine = ref.get().engine().map(e -> e.equals("cri-o") ? "containerd" : e).orElse(marked);
            id = Optional.of(ref.get().id());
            signs.add("cgroup of container " + ref.get().id().substring(0, 12));
        }
        boolean kubepods = cgroup.filter(c -> c.contains("/kubepods")).isPresent();
        if (kubepods) {
            engine = "kubernetes";
            engineCgroup = true;
            signs.add("cgroup under kubepods");
        }
        if (kubernetes) {
            signs.add("/var/run/secrets/kubernetes.io");
            engine = engine == null || engine.equals("docker") ? "kubernetes" : engine;
        }
        boolean marked = dockerenv || containerenv || kubernetes;
        if (engineCgroup || marked && layeredRoot.isPresent()) {
            return Optional.of(new Finding(engine == null ? "container" : engine, signs, id));
        }
        return Optional.empty();
    }

    /** The file system type of the mount at {@code /}, from mountinfo's "... / / ... - TYPE SOURCE ..." line. */
    static Optional<String> rootFileSystem(String mountinfo) {
        String type = null;
        for (String line : mountinfo.split("\n")) {
            String[] f = line.split(" ");
            int dash = java.util.Arrays.asList(f).indexOf("-");
            if (f.length > 4 && f[4].equals("/") && dash > 0 && dash + 1 < f.length) {
                type = f[dash + 1]; // the last mount on / is the one in effect
            }
        }
        return Optional.ofNullable(type);
    }
}
