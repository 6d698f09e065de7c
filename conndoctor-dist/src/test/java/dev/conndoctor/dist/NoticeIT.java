package dev.conndoctor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * NOTICE against what the jar really bundles: every library whose Maven coordinates the shaded jar
 * carries, every top-level package its classes come from, and every dependency the build resolved, with
 * its version. A new dependency fails here until NOTICE names it and its license.
 */
class NoticeIT {
    private static final Path NOTICE = Path.of("../NOTICE");

    /** Top-level packages of the jar's classes, and the artifact NOTICE names for them. */
    private static final Map<String, String> PACKAGES = Map.ofEntries(
            Map.entry("dev/conndoctor/", "conndoctor"),
            Map.entry("picocli/", "info.picocli:picocli"),
            Map.entry("com/fasterxml/jackson/databind/", "com.fasterxml.jackson.core:jackson-databind"),
            Map.entry("com/fasterxml/jackson/core/", "com.fasterxml.jackson.core:jackson-core"),
            Map.entry("com/fasterxml/jackson/annotation/", "com.fasterxml.jackson.core:jackson-annotations"),
            Map.entry("com/fasterxml/jackson/dataformat/yaml/", "com.fasterxml.jackson.dataformat:jackson-dataformat-yaml"),
            Map.entry("org/yaml/snakeyaml/", "org.yaml:snakeyaml"),
            Map.entry("io/prometheus/metrics/config/", "io.prometheus:prometheus-metrics-config"),
            Map.entry("io/prometheus/metrics/core/", "io.prometheus:prometheus-metrics-core"),
            Map.entry("io/prometheus/metrics/model/", "io.prometheus:prometheus-metrics-model"),
            Map.entry("io/prometheus/metrics/expositionformats/", "io.prometheus:prometheus-metrics-exposition-textformats"),
            Map.entry("io/prometheus/metrics/tracer/common/", "io.prometheus:prometheus-metrics-tracer-common"),
            Map.entry("io/prometheus/metrics/tracer/initializer/", "io.prometheus:prometheus-metrics-tracer-initializer"),
            Map.entry("io/prometheus/metrics/tracer/otel/", "io.prometheus:prometheus-metrics-tracer-otel"),
            Map.entry("io/prometheus/metrics/tracer/agent/", "io.prometheus:prometheus-metrics-tracer-otel-agent"),
            Map.entry("org/xbill/DNS/", "dnsjava:dnsjava"),
            Map.entry("org/sqlite/", "org.xerial:sqlite-jdbc"),
            Map.entry("org/slf4j/nop/", "org.slf4j:slf4j-nop"),
            Map.entry("org/slf4j/", "org.slf4j:slf4j-api"));

    @Test
    void noticeNamesEveryLibraryWhoseCoordinatesTheJarCarriesWithItsVersion() throws IOException {
        String notice = Files.readString(NOTICE, StandardCharsets.UTF_8);
        Map<String, String> bundled = new TreeMap<>();
        try (JarFile jar = new JarFile(Release.SHADED_JAR.toFile())) {
            for (JarEntry e : jar.stream().toList()) {
                if (e.getName().startsWith("META-INF/maven/") && e.getName().endsWith("/pom.properties")) {
                    Properties p = new Properties();
                    try (InputStream in = jar.getInputStream(e)) {
                        p.load(in);
                    }
                    if (!p.getProperty("groupId").equals("dev.conndoctor")) {
                        bundled.put(p.getProperty("groupId") + ":" + p.getProperty("artifactId"), p.getProperty("version"));
                    }
                }
            }
        }
        assertThat(bundled).isNotEmpty();
        bundled.forEach((coordinates, version) -> assertThat(notice).as(coordinates)
                .contains(coordinates).contains(" " + version + " "));
    }

    @Test
    void everyClassOfTheJarComesFromALibraryNoticeNames() throws IOException {
        String notice = Files.readString(NOTICE, StandardCharsets.UTF_8);
        Set<String> unknown = new TreeSet<>();
        try (JarFile jar = new JarFile(Release.SHADED_JAR.toFile())) {
            for (JarEntry e : jar.stream().toList()) {
                String name = e.getName().replaceFirst("^META-INF/versions/\\d+/", "");
                if (!name.endsWith(".class") || name.endsWith("module-info.class")) {
                    continue;
                }
                String artifact = PACKAGES.entrySet().stream().filter(p -> name.startsWith(p.getKey()))
                        .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length())))
                        .map(Map.Entry::getValue).orElse(null);
                if (artifact == null) {
                    unknown.add(name.substring(0, name.lastIndexOf('/') + 1));
                } else {
                    assertThat(notice).as(name).contains(artifact);
                }
            }
        }
        assertThat(unknown).as("packages of no library NOTICE names").isEmpty();
    }

    @Test
    void noticeNamesEveryDependencyTheBuildResolvedWithItsVersion() throws IOException {
        String notice = Files.readString(NOTICE, StandardCharsets.UTF_8);
        // the dependency plugin's list: "   group:artifact:jar:version" (conndoctor's own modules left out)
        Set<String> missing = new TreeSet<>();
        for (String line : Files.readAllLines(Release.TARGET.resolve("dependencies.txt"))) {
            // the plugin colours the module name even in its output file: its escapes are not part of a version
            String[] parts = line.replaceAll("\u001B\\[[0-9;]*m", "").strip().split(":");
            if (parts.length >= 4) {
                String coordinates = parts[0] + ":" + parts[1];
                String version = parts[parts.length - 1].replaceAll("\\s.*", "");
                if (!notice.contains(coordinates) || !notice.contains(" " + version + " ")) {
                    missing.add(coordinates + ":" + version);
                }
            }
        }
        assertThat(missing).isEmpty();
    }
}
