package dev.conndoctor.lab;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * What every class of lab scenarios shares: one lab per class, built (or the class skipped with
 * the reason) before its first scenario and torn down after its last, and the directory that
 * keeps each diagnosis. Subclasses reset the lab before each scenario themselves.
 */
abstract class LabScenarios {

    protected static Lab lab;
    protected static Path records;

    @BeforeAll
    static void buildTheLab() throws IOException {
        Optional<String> unavailable = Lab.unavailableReason();
        assumeTrue(unavailable.isEmpty(), () -> "lab skipped: " + unavailable.orElse(""));
        lab = Lab.create();
        lab.prepareLauncher();
        records = Files.createDirectories(Lab.locateRepoRoot().resolve("conndoctor-lab/target/lab-diagnoses"));
    }

    @AfterAll
    static void tearTheLabDown() {
        if (lab != null) {
            lab.close();
            lab = null;
        }
    }

    /** A file-name-safe name for the running scenario: its method and display name. */
    protected static String scenarioName(TestInfo info) {
        String display = info.getDisplayName().replaceAll("[^A-Za-z0-9]+", "-");
        return info.getTestMethod().map(m -> m.getName()).orElse("scenario") + "--"
                + display.substring(0, Math.min(60, display.length()));
    }

    protected static void requireIptables() {
        assumeTrue(Lab.hasCommand("iptables") && Lab.hasCommand("ip6tables"),
                "iptables / ip6tables are not installed, so the firewall scenarios cannot run");
    }
}
