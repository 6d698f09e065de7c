package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The root filesystem of the one image {@link DockerEngine} runs: Debian's statically linked
 * busybox (package {@code busybox-static}) as {@code /bin/busybox}, a symlink per applet the
 * tests use, and a small page in {@code /www} for {@code httpd -h /www}. Written as a tarball
 * for {@code docker import}, so no registry is ever asked for an image.
 *
 * <p>Only a static busybox works in an image with nothing else in it: a dynamically linked one
 * (Debian's plain {@code busybox} package installs the same path) would find no C library, so
 * {@link #unavailableReason()} reads the ELF program headers and refuses one with an
 * interpreter.
 */
public final class BusyboxImage {

    /** Where Debian's busybox-static package puts the binary. */
    public static final Path BUSYBOX = Path.of("/bin/busybox");
    /** The tag the image is imported under. */
    public static final String TAG = "cddock/busybox:local";
    /** The applets linked in {@code /bin}: a shell, the servers and clients the tests run, and a few tools for a look around. */
    public static final List<String> APPLETS = List.of("sh", "httpd", "nc", "sleep", "wget", "cat", "ls", "ps",
            "netstat", "ip", "true", "false", "echo", "env", "id", "kill");
    /** The document root {@code httpd -h} serves. */
    public static final String DOCUMENT_ROOT = "/www";
    /** The body of {@code /www/index.html}, what a healthy container answers to {@code GET /}. */
    public static final String INDEX_HTML = "conndoctor testkit: busybox httpd in a container\n";

    private static final int PT_INTERP = 3;

    private BusyboxImage() {
    }

    /** Why the image cannot be made here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!Files.isRegularFile(BUSYBOX)) {
            return Optional.of(BUSYBOX + " is missing (apt-get install busybox-static)");
        }
        try {
            if (!isStaticElf(BUSYBOX)) {
                return Optional.of(BUSYBOX + " is dynamically linked, so it cannot run alone in an image "
                        + "(apt-get install busybox-static, which replaces the plain busybox package)");
            }
        } catch (IOException e) {
            return Optional.of("cannot read " + BUSYBOX + ": " + e.getMessage());
        }
        if (Commands.find("tar").isEmpty()) {
            return Optional.of("the `tar` command is missing, and the image is a tarball");
        }
        return Optional.empty();
    }

    /**
     * Lays out the root filesystem under {@code dir/rootfs} and packs it into
     * {@code dir/busybox-rootfs.tar} (owner root, numeric ids), which it returns.
     */
    public static Path writeTarball(Path dir) throws IOException {
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        Path bin = Files.createDirectories(rootfs.resolve("bin"));
        Files.copy(BUSYBOX, bin.resolve("busybox"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
        for (String applet : APPLETS) {
            Files.deleteIfExists(bin.resolve(applet));
            Files.createSymbolicLink(bin.resolve(applet), Path.of("busybox"));
        }
        Path www = Files.createDirectories(rootfs.resolve(DOCUMENT_ROOT.substring(1)));
        Files.writeString(www.resolve("index.html"), INDEX_HTML, StandardCharsets.UTF_8);
        // the mount points runc expects, and a /tmp; /etc stays empty (Docker writes hosts,
        // hostname and resolv.conf there itself)
        for (String empty : List.of("etc", "tmp", "proc", "sys", "dev")) {
            Files.createDirectories(rootfs.resolve(empty));
        }
        Path tarball = dir.resolve("busybox-rootfs.tar");
        Commands.run(List.of("tar", "--numeric-owner", "--owner=0", "--group=0", "-C", rootfs.toString(), "-cf",
                tarball.toString(), "."), Commands.DEFAULT_TIMEOUT).orThrow();
        return tarball;
    }

    /** Whether an ELF file has no program interpreter, that is, runs without a dynamic loader. */
    static boolean isStaticElf(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] header = in.readNBytes(64);
            if (header.length < 64 || header[0] != 0x7f || header[1] != 'E' || header[2] != 'L' || header[3] != 'F') {
                throw new IOException("not an ELF file");
            }
            boolean is64 = header[4] == 2;
            ByteOrder order = header[5] == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            ByteBuffer h = ByteBuffer.wrap(header).order(order);
            long phoff = is64 ? h.getLong(0x20) : Integer.toUnsignedLong(h.getInt(0x1c));
            int phentsize = Short.toUnsignedInt(h.getShort(is64 ? 0x36 : 0x2a));
            int phnum = Short.toUnsignedInt(h.getShort(is64 ? 0x38 : 0x2c));
            long skip = phoff - header.length;
            if (skip < 0 || in.skip(skip) != skip) {
                throw new IOException("program headers out of place");
            }
            ByteBuffer table = ByteBuffer.wrap(in.readNBytes(phentsize * phnum)).order(order);
            for (int i = 0; i < phnum && (i + 1) * phentsize <= table.capacity(); i++) {
                if (table.getInt(i * phentsize) == PT_INTERP) {
                    return false;
                }
            }
            return true;
        }
    }
}
