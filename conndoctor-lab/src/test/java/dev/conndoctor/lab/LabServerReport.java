package dev.conndoctor.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * One run of {@code conndoctor server PORT... --json} inside a lab namespace: the exit code, the
 * parsed {@code conndoctor.server/1} document and the raw output for failure messages.
 */
public record LabServerReport(String namespace, List<String> command, int exitCode, String stdout, String stderr,
                              JsonNode json) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Runs the real launcher in {@code host}'s namespace, from the repository root as a user would. */
    static LabServerReport run(Lab lab, Lab.Host host, String... args) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", host.namespace(),
                lab.launcher().toString(), "server"));
        command.addAll(List.of(args));
        command.addAll(List.of("--json", "--timeout", "2s", "--lang", "en"));
        ExecResult result = Commands.run(command, Duration.ofSeconds(120), Lab.locateRepoRoot().toFile());
        JsonNode json;
        try {
            json = MAPPER.readTree(result.stdout());
        } catch (JsonProcessingException e) {
            throw new AssertionError("conndoctor server did not print one JSON document (exit " + result.exitCode()
                    + ")\nstdout: " + result.stdout() + "\nstderr: " + result.stderr(), e);
        }
        if (json == null || !json.isObject()) {
            throw new AssertionError("conndoctor server printed no JSON object (exit " + result.exitCode()
                    + ")\nstdout: " + result.stdout() + "\nstderr: " + result.stderr());
        }
        return new LabServerReport(host.namespace(), result.command(), result.exitCode(), result.stdout(),
                result.stderr(), json);
    }

    public String schema() {
        return json.path("schema").asText(null);
    }

    /** The report of one port. */
    public JsonNode port(int port) {
        return list(json.path("ports")).stream().filter(p -> p.path("port").asInt() == port).findFirst()
                .orElseThrow(() -> new AssertionError("no port " + port + " in\n" + describe()));
    }

    public List<Integer> ports() {
        return list(json.path("ports")).stream().map(p -> p.path("port").asInt()).toList();
    }

    public List<JsonNode> listeners(int port) {
        return list(port(port).path("listeners"));
    }

    public List<JsonNode> firewall(int port) {
        return list(port(port).path("firewall"));
    }

    public List<JsonNode> causes(int port) {
        return list(port(port).path("causes"));
    }

    public List<String> causeIds(int port) {
        return causes(port).stream().map(c -> c.path("id").asText()).toList();
    }

    /** The cause with that id on that port. */
    public JsonNode cause(int port, String id) {
        return causes(port).stream().filter(c -> id.equals(c.path("id").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no cause " + id + " on port " + port + "\n" + describe()));
    }

    public String evidenceOf(int port, String id) {
        return String.join("\n", list(cause(port, id).path("evidence")).stream().map(JsonNode::asText).toList());
    }

    /** Writes the report where a client namespace can read it (the file system is shared) and returns the file. */
    public Path save(Path dir, String name) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".json");
            Files.writeString(file, stdout, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String describe() {
        return "$ ip netns exec " + namespace + " " + String.join(" ", command.subList(4, command.size()))
                + "\nexit " + exitCode + "\n" + json.toPrettyString()
                + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip());
    }

    private static List<JsonNode> list(JsonNode array) {
        return array.isArray() ? StreamSupport.stream(array.spliterator(), false).toList() : List.of();
    }

    /** Asserts the port's first cause: its id and confidence, with evidence and fixes to show for it. */
    public void assertPrimary(int port, String id, String confidence) {
        List<JsonNode> causes = causes(port);
        org.assertj.core.api.Assertions.assertThat(causes).as("causes of %d\n%s", port, describe()).isNotEmpty();
        org.assertj.core.api.SoftAssertions soft = new org.assertj.core.api.SoftAssertions();
        soft.assertThat(causes.get(0).path("id").asText()).as("causes[0].id\n%s", describe()).isEqualTo(id);
        soft.assertThat(causes.get(0).path("confidence").asText()).as("causes[0].confidence").isEqualTo(confidence);
        soft.assertThat(causes.get(0).path("evidence").size()).as("causes[0].evidence").isPositive();
        soft.assertThat(causes.get(0).path("fixes").size()).as("causes[0].fixes").isPositive();
        soft.assertAll();
    }
}
