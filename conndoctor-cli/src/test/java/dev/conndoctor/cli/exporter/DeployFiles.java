package dev.conndoctor.cli.exporter;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The files of {@code deploy/}, as the tests read them: the repository's, beside the module. */
final class DeployFiles {

    static final Path DEPLOY = Path.of("..", "deploy").toAbsolutePath().normalize();
    static final Path PROMETHEUS_CONFIG = DEPLOY.resolve("prometheus/prometheus.yml");
    static final Path ALERTS = DEPLOY.resolve("prometheus/conndoctor-alerts.yml");
    static final Path ALERT_TESTS = DEPLOY.resolve("prometheus/conndoctor-alerts.test.yml");
    static final Path DASHBOARD = DEPLOY.resolve("grafana/conndoctor-causes.json");

    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.*),\\s*[a-zA-Z_]+\\)");

    private DeployFiles() {
    }

    /**
     * Every PromQL expression of the dashboard: its panels' queries and its variables' selectors,
     * with Grafana's variables replaced by what they stand for ({@code $vantage} by a regular
     * expression, {@code $__rate_interval} by a range), so that promtool can judge them.
     */
    static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                expressions.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            Matcher m = LABEL_VALUES.matcher(variable.path("query").path("query").asText());
            if (m.matches()) {
                expressions.add(m.group(1));
            }
        }
        return expressions.stream().map(e -> e.replace("$__rate_interval", "5m").replaceAll("\\$[a-z_]+", ".*"))
                .toList();
    }

    /** A rules file recording every expression of {@code expressions}, for promtool check rules. */
    static String asRecordingRules(List<String> expressions) {
        StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (int i = 0; i < expressions.size(); i++) {
            rules.append("      - record: conndoctor_dashboard:expr_").append(i).append('\n')
                    .append("        expr: '").append(expressions.get(i).replace("'", "''")).append("'\n");
        }
        return rules.toString();
    }
}
