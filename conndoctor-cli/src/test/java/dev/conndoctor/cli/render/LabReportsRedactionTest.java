package dev.conndoctor.cli.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The report of every lab scenario, redacted: no original host name, address, token or personal path
 * survives, and the report keeps its shape. The reports are the lab's own (conndoctor-lab keeps each
 * diagnosis and server report it asked for under target/lab-diagnoses), captured in
 * {@code lab-reports.jsonl} so that this runs in CI before the lab does, and wherever the lab cannot run.
 * When the lab has run in this tree, its fresh reports are redacted too.
 *
 * <p>The original values are found here independently of the redactor: by their place in the JSON
 * document (a target's host, a DNS name, a certificate's names), every address literal, the lab's own
 * names, and the tokens and files the command line gave.
 *
 * <p>After a lab run with new scenarios, refresh the capture:
 * {@code ./mvnw -o -pl conndoctor-cli -am test -Dtest=LabReportsRedactionTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dconndoctor.refreshLabReports=true}.
 */
class LabReportsRedactionTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Path CAPTURE = Path.of("src/test/resources/dev/conndoctor/cli/render/lab-reports.jsonl");
    private static final Path LAB_RECORDS = Path.of("../conndoctor-lab/target/lab-diagnoses");
    private static final Path LAB_SOURCES = Path.of("../conndoctor-lab/src/test/java/dev/conndoctor/lab");

    /** Lab scenarios whose report is a listener's lines or a browser's, not a diagnosis or a server report. */
    private static final Set<String> WITHOUT_A_REPORT = Set.of(
            "aBrowserOnNetBOpensTheCheckPageAndTheListenerPrintsItsWorkingWebSocket",
            "anHttpsPageOnTheLabsNetworkOpeningWsIsMixedContentAndWssIsTheFix",
            "behindTheServersNginxTheCheckWorksWhereItPassesTheUpgradeAndNamesTheProxyWhereItDropsIt");

    /**
     * Lab scenarios whose report names only loopback (localhost, 127.0.0.1, ::1), which identifies nobody:
     * their redaction must leave the report as it is.
     */
    private static final Set<String> LOOPBACK_ONLY = Set.of(
            "localhostAsIpv6FirstWithTheServerOnIpv4LoopbackIsAddressFamilyMismatchWithItsSocketTable");

    /** Fields whose values are ids of the contract: never redacted. */
    private static final Set<String> ID_FIELDS = Set.of("id", "schema", "outcome", "symptom", "confidence", "kind",
            "result", "scheme", "family", "class", "reply", "decision", "direction", "status", "failedField", "rttFrom");

    private static final Pattern IPV4 = Pattern.compile("(?<![\\d.])\\d{1,3}(?:\\.\\d{1,3}){3}(?![\\d]|\\.\\d)");
    private static final Pattern IPV6 = Pattern.compile("(?<![\\w:])[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}(?![\\w:])");
    private static final Pattern LAB_NAME = Pattern.compile("(?<![\\w.-])[a-z0-9-]+(?:\\.[a-z0-9-]+)*\\.(?:lab|lab\\.test)(?![\\w-]|\\.\\w)");
    private static final Pattern PERSONAL_PATH = Pattern.compile("(?<![\\w.])/(?:tmp|home|root|work|srv)/[\\w.@%+,/-]+");
    private static final Pattern GIVEN = Pattern.compile("--(token|server-report|cacert|token-file|host-root)[ =](\\S+)");

    /** One report a lab scenario produced, and the command that produced it. */
    record LabReport(String scenario, String command, JsonNode report) {
        @Override
        public String toString() {
            return scenario;
        }
    }

    static List<LabReport> reports() throws IOException {
        List<LabReport> reports = new ArrayList<>();
        for (String line : Files.readAllLines(CAPTURE, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                JsonNode node = MAPPER.readTree(line);
                reports.add(new LabReport(node.get("scenario").asText(), node.get("command").asText(), node.get("report")));
            }
        }
        // a lab run in this tree adds its fresh reports (names prefixed so they read apart)
        for (LabReport fresh : fromLabRecords()) {
            reports.add(new LabReport("fresh " + fresh.scenario(), fresh.command(), fresh.report()));
        }
        return reports;
    }

    @ParameterizedTest
    @MethodSource("reports")
    void noOriginalValueSurvivesTheRedactedReport(LabReport lab) {
        Set<String> originals = originals(lab);
        JsonNode redacted = new Redactor().learn(lab.report()).redact(lab.report());
        if (LOOPBACK_ONLY.contains(method(lab.scenario().replaceFirst("^fresh ", "")))) {
            assertThat(originals).as("a loopback-only lab report holds nothing to redact").isEmpty();
            assertThat(redacted).as("a loopback-only lab report, redacted").isEqualTo(lab.report());
            return;
        }
        assertThat(originals).as("a lab report holds addresses to redact").isNotEmpty();

        String asText = new Redactor().learn(lab.report()).redact(pretty(lab.report()));

        for (String original : originals) {
            // the check finds each value where it stands before the redaction, so its "not found" after it means gone
            assertThat(survives(original, pretty(lab.report()) + "\n" + lab.command())).as("%s in %s", original, lab)
                    .isTrue();
            assertThat(survives(original, pretty(redacted))).as("%s survives in the JSON of %s", original, lab).isFalse();
            assertThat(survives(original, asText)).as("%s survives in the text of %s", original, lab).isFalse();
        }
        // the command that made it, redacted like a command line in a server report
        String command = new Redactor().learn(lab.report()).redact(lab.command());
        for (String given : given(lab.command())) {
            assertThat(survives(given, command)).as("%s survives in the command of %s", given, lab).isFalse();
        }
    }

    @ParameterizedTest
    @MethodSource("reports")
    void theRedactedReportKeepsItsShapeNumbersIdsAndLoopback(LabReport lab) {
        JsonNode redacted = new Redactor().learn(lab.report()).redact(lab.report());

        assertSameShape(lab.report(), redacted, lab.scenario());
    }

    @Test
    void theCaptureHoldsAReportOfEveryLabScenario() throws IOException {
        assumeTrue(Files.isDirectory(LAB_SOURCES), "the lab's sources are not beside this module");
        Set<String> scenarios = new TreeSet<>();
        try (Stream<Path> files = Files.list(LAB_SOURCES)) {
            for (Path source : files.filter(f -> f.getFileName().toString().endsWith("IT.java")).toList()) {
                Matcher m = Pattern.compile("@(?:Test|ParameterizedTest)[^;{]*?void (\\w+)\\(", Pattern.DOTALL)
                        .matcher(Files.readString(source));
                while (m.find()) {
                    scenarios.add(m.group(1));
                }
            }
        }
        Set<String> captured = new TreeSet<>();
        for (String line : Files.readAllLines(CAPTURE, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                captured.add(method(MAPPER.readTree(line).get("scenario").asText()));
            }
        }
        scenarios.removeAll(WITHOUT_A_REPORT);
        scenarios.removeAll(captured);

        assertThat(scenarios).as("lab scenarios without a captured report: run the lab, then refresh the capture "
                + "(see this class's comment)").isEmpty();
    }

    /** Rewrites the capture from the lab's last run, when asked to (-Dconndoctor.refreshLabReports=true). */
    @Test
    void refreshTheCaptureFromTheLabsLastRunWhenAsked() throws IOException {
        assumeTrue(Boolean.getBoolean("conndoctor.refreshLabReports"), "only with -Dconndoctor.refreshLabReports=true");
        List<LabReport> fresh = fromLabRecords();
        assertThat(fresh).as("reports under " + LAB_RECORDS.toAbsolutePath()).isNotEmpty();
        ObjectMapper compact = new ObjectMapper();
        StringBuilder out = new StringBuilder();
        for (LabReport r : fresh) {
            ObjectNode line = compact.createObjectNode().put("scenario", r.scenario()).put("command", r.command());
            line.set("report", r.report());
            out.append(compact.writeValueAsString(line)).append('\n');
        }
        Files.writeString(CAPTURE, out.toString(), StandardCharsets.UTF_8);
    }

    /** The reports the lab kept in its last run in this tree: a command line, its exit, its JSON document. */
    private static List<LabReport> fromLabRecords() throws IOException {
        List<LabReport> reports = new ArrayList<>();
        if (!Files.isDirectory(LAB_RECORDS)) {
            return reports;
        }
        try (Stream<Path> files = Files.list(LAB_RECORDS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".txt")).sorted().toList()) {
                String text = Files.readString(file, StandardCharsets.UTF_8);
                int json = text.indexOf("\n{");
                if (json < 0) {
                    continue;
                }
                String first = text.substring(0, text.indexOf('\n'));
                // the command after the launcher (or after docker's image): what a person would have typed
                Matcher launched = Pattern.compile("(?:/conndoctor|conndoctor\\.jar) (.*)$").matcher(first);
                String command = launched.find() ? "conndoctor " + launched.group(1) : first;
                String name = file.getFileName().toString();
                reports.add(new LabReport(name.substring(0, name.length() - 4), command,
                        MAPPER.readTree(text.substring(json + 1))));
            }
        }
        return reports;
    }

    /** The method of a lab scenario from its record's name: a role prefix, the method, then its display name. */
    private static String method(String scenario) {
        String name = scenario.replaceFirst("^(server|client|container-server|container-client|container-in-container|listen)-", "");
        int display = name.indexOf("--");
        return display < 0 ? name : name.substring(0, display);
    }

    /** The values of the report a person would not want to share, found by their place and their form. */
    static Set<String> originals(LabReport lab) {
        Set<String> found = new TreeSet<>();
        collect(lab.report(), "", found);
        found.addAll(given(lab.command()));
        return found;
    }

    private static void collect(JsonNode node, String field, Set<String> found) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                collect(f.getValue(), f.getKey(), found);
            }
            return;
        }
        if (node.isArray()) {
            node.forEach(e -> collect(e, field, found));
            return;
        }
        if (!node.isTextual()) {
            return;
        }
        String value = node.asText();
        if (Set.of("host", "sni", "seenAs").contains(field) && value.matches("(?i)[a-z0-9.-]*[a-z][a-z0-9.-]*\\.[a-z]+")
                && !value.equals("localhost")) {
            found.add(value.toLowerCase(java.util.Locale.ROOT));
        }
        Matcher v4 = IPV4.matcher(value);
        while (v4.find()) {
            if (shared(v4.group())) {
                found.add(v4.group());
            }
        }
        Matcher v6 = IPV6.matcher(value);
        while (v6.find()) {
            if (ipv6(v6.group()) && !Set.of("::1", "::").contains(v6.group())) {
                found.add(v6.group());
            }
        }
        Matcher name = LAB_NAME.matcher(value);
        while (name.find()) {
            found.add(name.group());
        }
        Matcher path = PERSONAL_PATH.matcher(value);
        while (path.find()) {
            found.add(path.group());
        }
    }

    /** An address that identifies a machine: not loopback, the unspecified address or a well-known range's name. */
    private static boolean shared(String v4) {
        for (String octet : v4.split("\\.")) {
            if (Integer.parseInt(octet) > 255) {
                return false;
            }
        }
        return !v4.startsWith("127.") && !Set.of("0.0.0.0", "255.255.255.255", "198.18.0.0").contains(v4);
    }

    private static boolean ipv6(String candidate) {
        if (candidate.indexOf("::") < 0 && candidate.chars().filter(c -> c == ':').count() != 7) {
            return false;
        }
        try {
            return InetAddress.getByName("[" + candidate + "]") != null;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The values the command line gave: a token, the files named. */
    private static Set<String> given(String command) {
        Set<String> given = new TreeSet<>();
        Matcher m = GIVEN.matcher(command);
        while (m.find()) {
            given.add(m.group(2));
        }
        return given;
    }

    /** Whether {@code value} stands in {@code text} as itself, not as a part of a longer value. */
    private static boolean survives(String value, String text) {
        return Pattern.compile("(?<![\\w.-])" + Pattern.quote(value) + "(?![\\w-]|\\.\\w)",
                Pattern.CASE_INSENSITIVE).matcher(text).find();
    }

    private static void assertSameShape(JsonNode original, JsonNode redacted, String where) {
        assertThat(redacted.getNodeType()).as(where).isEqualTo(original.getNodeType());
        if (original.isObject()) {
            assertThat(iterable(redacted.fieldNames())).as(where).containsExactlyElementsOf(iterable(original.fieldNames()));
            original.fields().forEachRemaining(f -> {
                String at = where + "/" + f.getKey();
                if (ID_FIELDS.contains(f.getKey()) && f.getValue().isTextual()) {
                    assertThat(redacted.get(f.getKey()).asText()).as(at).isEqualTo(f.getValue().asText());
                }
                assertSameShape(f.getValue(), redacted.get(f.getKey()), at);
            });
        } else if (original.isArray()) {
            assertThat(redacted.size()).as(where).isEqualTo(original.size());
            for (int i = 0; i < original.size(); i++) {
                assertSameShape(original.get(i), redacted.get(i), where + "/" + i);
            }
        } else if (original.isTextual()) {
            if (original.asText().matches("127\\.[\\d.]+(:\\d+)?|::1|\\[::1]:\\d+|0\\.0\\.0\\.0|::")) {
                assertThat(redacted.asText()).as(where + ": loopback and unspecified stay").isEqualTo(original.asText());
            }
        } else {
            assertThat(redacted).as(where + ": numbers, booleans and nulls stay").isEqualTo(original);
        }
    }

    private static List<String> iterable(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static String pretty(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
