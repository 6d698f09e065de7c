package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/'s Prometheus configuration, alerting rules and Grafana dashboard, judged by Debian's promtool. */
class DeployFilesIT {

    @BeforeEach
    void promtool() {
        assumeTrue(Promtool.unavailableReason().isEmpty(), Promtool.unavailableReason().orElse(""));
    }

    @Test
    void theScrapeConfigurationAndTheAlertingRulesItNamesAreValid() throws Exception {
        Promtool.Verdict verdict = Promtool.checkConfig(DeployFiles.PROMETHEUS_CONFIG);

        assertThat(verdict.ok()).as(verdict.output()).isTrue();
        assertThat(verdict.output()).contains("SUCCESS: 4 rules found");
    }

    @Test
    void theAlertsFireWithTheCauseAndItsFix() throws Exception {
        Promtool.Verdict verdict = Promtool.testRules(DeployFiles.ALERT_TESTS);

        assertThat(verdict.ok()).as(verdict.output()).isTrue();
    }

    @Test
    void everyQueryOfTheDashboardIsValidPromql(@TempDir Path dir) throws Exception {
        List<String> expressions = DeployFiles.dashboardExpressions();
        Path rules = Files.writeString(dir.resolve("dashboard-rules.yml"), DeployFiles.asRecordingRules(expressions));

        Promtool.Verdict verdict = Promtool.checkRules(rules);

        assertThat(expressions).hasSize(12);
        assertThat(verdict.ok()).as(verdict.output() + "\n" + Files.readString(rules)).isTrue();
        assertThat(verdict.output()).contains("SUCCESS: 12 rules found");
    }
}
