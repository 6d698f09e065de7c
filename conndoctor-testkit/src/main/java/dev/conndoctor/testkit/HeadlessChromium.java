package dev.conndoctor.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoSuchElementException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A real browser for tests: Debian's {@code chromium} in headless mode, driven through Debian's
 * {@code chromedriver} by Selenium, with a fresh profile in a temporary folder that
 * {@link #close()} deletes. Both programs are named by path, so Selenium never looks for or
 * downloads a driver or a browser of its own. Starting one takes a few seconds: a test class
 * shares one ({@code @BeforeAll}).
 *
 * <pre>{@code
 * Assumptions.assumeTrue(HeadlessChromium.unavailableReason().isEmpty(), ...);
 * try (HeadlessChromium browser = HeadlessChromium.builder().mapHost("check.test", "127.0.0.1").start()) {
 *     browser.open("http://check.test:" + port + "/");
 *     String state = browser.awaitAttribute("verdict", "data-state", s -> !s.equals("running"), Duration.ofSeconds(20));
 * }
 * }</pre>
 *
 * Tests check {@link #unavailableReason()} first and skip with that reason where the packages
 * are not installed ({@code apt-get install chromium chromium-driver}). {@link #commandLine} gives
 * the same browser without a driver, for a page that runs by itself (in a network namespace,
 * where a driver on the test's loopback could not reach it).
 */
public final class HeadlessChromium implements AutoCloseable {

    /** Where Debian's chromium package puts the browser. */
    public static final Path BINARY = Path.of("/usr/bin/chromium");
    /** Where Debian's chromium-driver package puts chromedriver. */
    public static final Path DRIVER = Path.of("/usr/bin/chromedriver");

    private final ChromeDriver driver;
    private final ChromeDriverService service;
    private final Path profile;

    private HeadlessChromium(ChromeDriver driver, ChromeDriverService service, Path profile) {
        this.driver = driver;
        this.service = service;
        this.profile = profile;
    }

    /** Why a browser cannot run here, or empty when it can. */
    public static Optional<String> unavailableReason() {
        if (!Files.isExecutable(BINARY)) {
            return Optional.of(BINARY + " is not installed (apt-get install chromium), so the browser tests cannot run");
        }
        if (!Files.isExecutable(DRIVER)) {
            return Optional.of(DRIVER + " is not installed (apt-get install chromium-driver), so the browser tests "
                    + "cannot drive chromium");
        }
        return Optional.empty();
    }

    /**
     * The flags of a test browser: headless; no sandbox (tests and CI run as root, where chromium
     * refuses to start with one); no GPU; no QUIC; no first-run, sync, component updates or other
     * background traffic, so the only packets it sends are the test's; a profile of its own.
     */
    public static List<String> flags(Path userDataDir) {
        return List.of("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--no-default-browser-check",
                "--user-data-dir=" + userDataDir.toAbsolutePath());
    }

    /** The browser opening {@code url} by itself, with {@link #flags} and {@code extra}: a page that needs no driver. */
    public static List<String> commandLine(String url, Path userDataDir, List<String> extra) {
        List<String> command = new ArrayList<>();
        command.add(BINARY.toString());
        command.addAll(flags(userDataDir));
        command.addAll(extra);
        command.add(url);
        return command;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** What a test browser may differ in: names mapped to addresses, certificate errors ignored. */
    public static final class Builder {
        private final Map<String, String> hosts = new LinkedHashMap<>();
        private boolean ignoreCertificateErrors;

        private Builder() {
        }

        /**
         * Resolves {@code name} to {@code address} in this browser only ({@code --host-resolver-rules}):
         * a page of a name that is not loopback is not a "potentially trustworthy" origin, so the
         * browser applies to it the rules (mixed content) it waives for localhost and 127.0.0.1.
         */
        public Builder mapHost(String name, String address) {
            hosts.put(name, address);
            return this;
        }

        /**
         * Accepts any certificate ({@code --ignore-certificate-errors}): for a test page over TLS
         * with a test certificate. A page so loaded is still https, with every rule of one.
         */
        public Builder ignoreCertificateErrors() {
            ignoreCertificateErrors = true;
            return this;
        }

        /** The extra flags this builder adds to {@link #flags}. */
        public List<String> extraFlags() {
            List<String> extra = new ArrayList<>();
            if (!hosts.isEmpty()) {
                List<String> rules = new ArrayList<>();
                hosts.forEach((name, address) -> rules.add("MAP " + name + " " + address));
                extra.add("--host-resolver-rules=" + String.join(", ", rules));
            }
            if (ignoreCertificateErrors) {
                extra.add("--ignore-certificate-errors");
            }
            return extra;
        }

        /**
         * Starts chromedriver and chromium.
         *
         * @throws IllegalStateException when they are not installed ({@link #unavailableReason()})
         */
        public HeadlessChromium start() throws IOException {
            if (unavailableReason().isPresent()) {
                throw new IllegalStateException(unavailableReason().get());
            }
            Path profile = Files.createTempDirectory("conndoctor-chromium-");
            ChromeOptions options = new ChromeOptions();
            options.setBinary(BINARY.toFile());
            options.addArguments(flags(profile));
            options.addArguments(extraFlags());
            ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                    .usingAnyFreePort().withSilent(true).build();
            try {
                ChromeDriver driver = new ChromeDriver(service, options);
                driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
                return new HeadlessChromium(driver, service, profile);
            } catch (WebDriverException e) {
                service.stop();
                delete(profile);
                throw e;
            }
        }
    }

    /** Navigates to {@code url} and waits for the page's load. */
    public void open(String url) {
        driver.get(url);
    }

    /** The page's current URL. */
    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    /** The visible text of the element with id {@code id}, or empty when there is none. */
    public Optional<String> text(String id) {
        try {
            return Optional.of(driver.findElement(By.id(id)).getText());
        } catch (NoSuchElementException e) {
            return Optional.empty();
        }
    }

    /**
     * Waits until the element {@code id}'s attribute {@code attribute} satisfies {@code done},
     * and returns it.
     *
     * @throws AssertionError when it does not within {@code limit}, with the page's text
     */
    public String awaitAttribute(String id, String attribute, Predicate<String> done, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        String last = null;
        while (System.nanoTime() < deadline) {
            try {
                last = driver.findElement(By.id(id)).getDomAttribute(attribute);
            } catch (NoSuchElementException e) {
                last = null;
            }
            if (last != null && done.test(last)) {
                return last;
            }
            sleep(50);
        }
        throw new AssertionError("#" + id + " [" + attribute + "] stayed " + last + " for " + limit + "; the page: "
                + driver.findElement(By.tagName("body")).getText());
    }

    /** Runs {@code script} in the page and returns its value (WebDriver's executeScript). */
    public Object script(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** The browser's user agent, as pages see it. */
    public String userAgent() {
        return String.valueOf(script("return navigator.userAgent;"));
    }

    /** Quits the browser and its driver, and deletes the profile. */
    @Override
    public void close() {
        try {
            driver.quit();
        } catch (WebDriverException e) {
            // a browser that is already gone: nothing left to quit
        } finally {
            service.stop();
            delete(profile);
        }
    }

    private static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the browser profile " + dir, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the page", e);
        }
    }

    @Override
    public String toString() {
        return "headless chromium (" + profile + ")";
    }
}
