package dev.conndoctor.cli.exporter;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conndoctor.CauseId;
import java.nio.file.Files;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** deploy/ against the catalogue: a cause added to conndoctor needs its fix in the alerts. */
class DeployFilesTest {

    @Test
    void theAlertsCarryAFixForEveryCauseOfTheCatalogue() throws Exception {
        String alerts = Files.readString(DeployFiles.ALERTS);

        assertThat(Arrays.stream(CauseId.values()).map(CauseId::id)
                .filter(id -> !alerts.contains("eq $labels.cause \"" + id + "\" }}Fix: ")))
                .as("causes without a fix in %s", DeployFiles.ALERTS).isEmpty();
    }

    @Test
    void theDashboardShowsCausesPerTargetAndPerVantagePoint() throws Exception {
        assertThat(DeployFiles.dashboardExpressions())
                .contains("max by (instance, cause) (conndoctor_cause{vantage=~\".*\", instance=~\".*\"})")
                .contains("count by (vantage, cause) (conndoctor_cause{vantage=~\".*\", instance=~\".*\"})");
    }
}
