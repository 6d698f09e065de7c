package dev.conndoctor.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

/**
 * One run of {@code conndoctor diagnose ... --json} inside a lab namespace: the exit code, the
 * parsed JSON document (design §5) and the raw output for the failure messages.
 */
public record LabDiagnosis(String namespace, List<String> command, int exitCode, String stdout, String stderr,
        JsonNode json, long wallMs) {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static LabDiagnosis of(String namespace, ExecResult result) {
        JsonNode json;
        try {
            json = MAPPER.readTree(result.stdout());
        } catch (JsonProcessingException e) {
            throw new AssertionError("conndoctor did not print one JSON document on stdout (exit " + result.exitCode()
                    + ")\nstdout: " + result.stdout() + "\nstderr: " + result.stderr(), e);
        }
        if (json == null || !json.isObject()) {
            throw new AssertionError("conndoctor printed no JSON object (exit " + result.exitCode() + ")\nstdout: "
                    + result.stdout() + "\nstderr: " + result.stderr());
        }
        return new LabDiagnosis(namespace, result.command(), result.exitCode(), result.stdout(), result.stderr(), json,
                result.elapsedMs());
    }

    public String schema() {
        return json.path("schema").asText(null);
    }

    public String outcome() {
        return json.path("outcome").asText(null);
    }

    public String symptom() {
        return json.path("symptom").asText(null);
    }

    public long elapsedMs() {
        return json.path("elapsedMs").asLong(-1);
    }

    public List<JsonNode> causes() {
        return list(json.path("causes"));
    }

    public List<String> causeIds() {
        return causes().stream().map(c -> c.path("id").asText()).toList();
    }

    /** The cause with that id, if the diagnosis lists it. */
    public JsonNode cause(String id) {
        return causes().stream().filter(c -> id.equals(c.path("id").asText())).findFirst()
                .orElseThrow(() -> new AssertionError("no cause " + id + " in " + causeIds() + "\n" + pretty()));
    }

    public String primaryId() {
        return causes().isEmpty() ? null : causes().get(0).path("id").asText(null);
    }

    public String primaryConfidence() {
        return causes().isEmpty() ? null : causes().get(0).path("confidence").asText(null);
    }

    public List<JsonNode> probes() {
        return list(json.path("probes"));
    }

    /** Every evidence line of every cause. */
    public List<String> evidence() {
        List<String> lines = new ArrayList<>();
        causes().forEach(c -> list(c.path("evidence")).forEach(e -> lines.add(text(e))));
        return lines;
    }

    public List<String> evidenceOf(String causeId) {
        return list(cause(causeId).path("evidence")).stream().map(LabDiagnosis::text).toList();
    }

    /** The warnings, as text (a warning may be a string or an object with a text field). */
    public List<String> warnings() {
        return list(json.path("warnings")).stream().map(LabDiagnosis::text).toList();
    }

    public List<String> ruledOutIds() {
        return list(json.path("ruledOut")).stream().map(r -> r.path("id").asText()).toList();
    }

    public String pretty() {
        return json.toPrettyString();
    }

    /** The command and the document, for assertion messages and the lab's record of runs. */
    public String describe() {
        return "$ ip netns exec " + namespace + " " + String.join(" ", command.subList(4, command.size()))
                + "\nexit " + exitCode + ", wall " + wallMs + " ms\n" + pretty()
                + (stderr.isBlank() ? "" : "\nstderr: " + stderr.strip());
    }

    private static String text(JsonNode node) {
        if (node.isTextual()) {
            return node.asText();
        }
        for (String field : List.of("text", "message", "summary")) {
            if (node.hasNonNull(field)) {
                return node.get(field).asText();
            }
        }
        return node.toString();
    }

    private static List<JsonNode> list(JsonNode array) {
        return array.isArray() ? StreamSupport.stream(array.spliterator(), false).toList() : List.of();
    }
}
