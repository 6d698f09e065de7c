package dev.conndoctor.cli.exporter;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.conndoctor.Cause;
import dev.conndoctor.ConnDoctor;
import dev.conndoctor.Diagnosis;
import dev.conndoctor.InvalidTargetException;
import dev.conndoctor.Target;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * The exporter's HTTP server: blackbox_exporter's endpoints ({@code /probe}, {@code /metrics},
 * {@code /-/healthy}, {@code /-/reload}, {@code /config}, {@code /}) on the JDK's
 * {@code com.sun.net.httpserver}, bounded everywhere a client could make it grow.
 *
 * <p>Bounds: the JDK server's connections, request time and header size ({@link #applyServerLimits});
 * a few request threads that only read the request and hand a probe on; at most
 * {@code maxConcurrent} probes at once and {@code maxQueued} waiting, a {@code 503} beyond that or
 * for a probe whose scrape deadline passed while it waited; a query of at most
 * {@link #MAX_QUERY_CHARS}; a history of {@code historyLimit} probes, each of bounded size.
 */
public final class ExporterServer implements AutoCloseable {

    /** A query longer than this is no scrape's: {@code target=} is a URL of at most 2 KiB. */
    static final int MAX_QUERY_CHARS = 8 * 1024;
    /** Threads that read requests and answer the quick endpoints; probes run on their own. */
    static final int REQUEST_THREADS = 4;

    /**
     * How the exporter is run.
     *
     * @param timeoutOffset subtracted from Prometheus's scrape timeout ({@code --timeout-offset})
     * @param configFile the blackbox_exporter YAML of the modules; empty for the built-in ones
     */
    public record Settings(InetSocketAddress listen, Duration timeoutOffset, int maxConcurrent, int maxQueued,
                           int historyLimit, TargetAllowList allow, Optional<Path> configFile) {
    }

    /** How the server reads the files a configuration names (the command reads them, bounded). */
    public interface ConfigFiles {
        /** The text of the module configuration file. */
        String read(Path file);

        /** The trust of a module's {@code tls_config.ca_file}. */
        X509ExtendedTrustManager trust(Path caFile);
    }

    /** A configuration with the doctor each module probes with (its own trust where it names a CA file). */
    private record Loaded(ExporterConfig config, Map<String, ConnDoctor> doctors) {
    }

    private final Settings settings;
    private final ConnDoctor doctor;
    private final ConfigFiles files;
    private final Clock clock;
    private final ExporterMetrics metrics = new ExporterMetrics();
    private final ProbeHistory history;
    private final AtomicReference<Loaded> loaded = new AtomicReference<>();
    private final HttpServer server;
    private final ThreadPoolExecutor requests;
    private final ThreadPoolExecutor probes;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private ExporterServer(Settings settings, ConnDoctor doctor, ConfigFiles files, Clock clock, HttpServer server) {
        this.settings = settings;
        this.doctor = doctor;
        this.files = files;
        this.clock = clock;
        this.server = server;
        this.history = new ProbeHistory(settings.historyLimit());
        this.requests = new ThreadPoolExecutor(REQUEST_THREADS, REQUEST_THREADS, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), daemons("conndoctor-exporter-http"));
        BlockingQueue<Runnable> waiting = settings.maxQueued() == 0 ? new SynchronousQueue<>()
                : new ArrayBlockingQueue<>(settings.maxQueued());
        this.probes = new ThreadPoolExecutor(settings.maxConcurrent(), settings.maxConcurrent(), 60, TimeUnit.SECONDS,
                waiting, daemons("conndoctor-exporter-probe"));
        probes.allowCoreThreadTimeOut(true);
    }

    /**
     * Loads the configuration and starts serving on {@code settings.listen()}.
     *
     * @throws ModuleConfigReader.ConfigException when the configuration cannot be honoured: nothing is started
     * @throws IOException when the address cannot be bound
     */
    public static ExporterServer start(Settings settings, ConnDoctor doctor, ConfigFiles files, Clock clock)
            throws IOException {
        applyServerLimits();
        Loaded first = load(settings.configFile(), doctor, files);
        HttpServer http = HttpServer.create(settings.listen(), 128);
        ExporterServer exporter = new ExporterServer(settings, doctor, files, clock, http);
        exporter.loaded.set(first);
        exporter.metrics.reloaded(true, clock.instant());
        http.setExecutor(exporter.requests);
        http.createContext("/", exporter::handle);
        http.start();
        return exporter;
    }

    /**
     * The JDK server's own bounds, read once per process from system properties: connections
     * open at once, the time a request may take to arrive (a client dripping its headers), their
     * number and size. Set only where the operator has not set them.
     */
    static void applyServerLimits() {
        Map<String, String> limits = Map.of(
                "jdk.httpserver.maxConnections", "4096",
                "sun.net.httpserver.maxReqTime", "10",
                "sun.net.httpserver.maxReqHeaders", "100",
                "sun.net.httpserver.maxReqHeaderSize", "65536");
        limits.forEach((name, value) -> {
            if (System.getProperty(name) == null) {
                System.setProperty(name, value);
            }
        });
    }

    private static Loaded load(Optional<Path> file, ConnDoctor base, ConfigFiles files) {
        ExporterConfig config = file.map(f -> ModuleConfigReader.read(files.read(f))).orElseGet(ExporterConfig::builtIn);
        Map<String, ConnDoctor> doctors = new HashMap<>();
        Map<Path, ConnDoctor> byCa = new HashMap<>();
        for (ProbeModule module : config.modules().values()) {
            ConnDoctor d = module.tlsSettings().caFile()
                    .map(ca -> byCa.computeIfAbsent(ca, c -> base.toBuilder().trust(files.trust(c)).build()))
                    .orElse(base);
            doctors.put(module.name(), d);
        }
        return new Loaded(config, doctors);
    }

    /**
     * Reads the configuration file again; on failure the modules in use stay as they were.
     *
     * @throws RuntimeException what made the new configuration unusable
     */
    public void reload() {
        try {
            loaded.set(load(settings.configFile(), doctor, files));
            metrics.reloaded(true, clock.instant());
        } catch (RuntimeException e) {
            metrics.reloaded(false, clock.instant());
            throw e;
        }
    }

    public ExporterConfig config() {
        return loaded.get().config();
    }

    /** Where the server listens (the port the system chose for port 0). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Blocks until {@link #close()}. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        server.stop(0);
        probes.shutdownNow();
        requests.shutdownNow();
        stopped.countDown();
    }

    private void handle(HttpExchange exchange) {
        try {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            switch (path) {
                case "/probe" -> probe(exchange, method);
                case "/metrics" -> {
                    if (onlyGet(exchange, method)) {
                        respond(exchange, 200, ProbeExposition.CONTENT_TYPE, ProbeExposition.text(metrics.scrape()));
                    }
                }
                case "/-/healthy" -> {
                    if (onlyGet(exchange, method)) {
                        respond(exchange, 200, "text/plain; charset=utf-8", "Healthy");
                    }
                }
                case "/-/reload" -> reload(exchange, method);
                case "/config" -> {
                    if (onlyGet(exchange, method)) {
                        respond(exchange, 200, "text/plain; charset=utf-8", config().yaml());
                    }
                }
                case "/" -> {
                    if (onlyGet(exchange, method)) {
                        respond(exchange, 200, "text/html; charset=utf-8",
                                IndexPage.render(history.entries(), config(), settings));
                    }
                }
                default -> respond(exchange, 404, "text/plain; charset=utf-8", "404 page not found\n");
            }
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain; charset=utf-8", "conndoctor failed: " + e.getClass().getName() + "\n");
        }
    }

    private static boolean onlyGet(HttpExchange exchange, String method) {
        if (method.equals("GET") || method.equals("HEAD")) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        respond(exchange, 405, "text/plain; charset=utf-8", "Method Not Allowed\n");
        return false;
    }

    private void reload(HttpExchange exchange, String method) {
        if (!method.equals("POST") && !method.equals("PUT")) {
            exchange.getResponseHeaders().set("Allow", "POST, PUT");
            respond(exchange, 405, "text/plain; charset=utf-8", "This endpoint requires a POST request.\n");
            return;
        }
        try {
            reload();
            respond(exchange, 200, "text/plain; charset=utf-8", "Reloaded\n");
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain; charset=utf-8", "failed to reload config: " + e.getMessage() + "\n");
        }
    }

    private void probe(HttpExchange exchange, String method) {
        if (!onlyGet(exchange, method)) {
            return;
        }
        long received = System.nanoTime();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.length() > MAX_QUERY_CHARS) {
            respond(exchange, 414, "text/plain; charset=utf-8", "URI Too Long\n");
            return;
        }
        Map<String, String> params;
        try {
            params = parameters(query);
        } catch (IllegalArgumentException e) {
            respond(exchange, 400, "text/plain; charset=utf-8", "Bad query: " + e.getMessage() + "\n");
            return;
        }
        Loaded config = loaded.get();
        String moduleName = params.getOrDefault("module", "");
        if (moduleName.isEmpty()) {
            moduleName = ExporterConfig.DEFAULT_MODULE;
        }
        Optional<ProbeModule> found = config.config().module(moduleName);
        if (found.isEmpty()) {
            metrics.unknownModule();
            respond(exchange, 400, "text/plain; charset=utf-8", "Unknown module " + quoted(moduleName) + "\n");
            return;
        }
        ProbeModule module = found.get();
        Duration deadline;
        try {
            deadline = ScrapeDeadline.compute(
                    Optional.ofNullable(exchange.getRequestHeaders().getFirst(ScrapeDeadline.HEADER)),
                    settings.timeoutOffset(), module.timeout());
        } catch (IllegalArgumentException e) {
            respond(exchange, 500, "text/plain; charset=utf-8",
                    "Failed to parse timeout from Prometheus header: " + e.getMessage() + "\n");
            return;
        }
        String targetText = params.getOrDefault("target", "");
        if (targetText.isEmpty()) {
            respond(exchange, 400, "text/plain; charset=utf-8", "Target parameter is missing\n");
            return;
        }
        if (params.containsKey("hostname")) {
            respond(exchange, 400, "text/plain; charset=utf-8",
                    "the hostname parameter is not supported by conndoctor: put the name in the target\n");
            return;
        }
        boolean debug = "true".equals(params.get("debug"));
        Optional<Target> target;
        String problem = "";
        try {
            target = Optional.of(ProbeTargets.of(module, targetText));
        } catch (InvalidTargetException e) {
            target = Optional.empty();
            problem = e.problem().render(Locale.ROOT);
        } catch (ProbeTargets.UnsuitableTargetException e) {
            target = Optional.empty();
            problem = e.getMessage();
        }
        if (target.isPresent() && !settings.allow().allows(target.get())) {
            metrics.rejected("not-allowed");
            respond(exchange, 403, "text/plain; charset=utf-8", "this exporter is not allowed to probe that target"
                    + " (--allow " + settings.allow() + ")\n");
            return;
        }
        Optional<Target> probed = target;
        String why = problem;
        ConnDoctor moduleDoctor = config.doctors().get(module.name());
        try {
            metrics.queued(1);
            probes.execute(() -> {
                metrics.queued(-1);
                try {
                    runProbe(exchange, module, moduleDoctor, targetText, probed, why, deadline, received, debug);
                } catch (RuntimeException e) {
                    // whatever failed, the scraper gets an answer and the connection is closed
                    respond(exchange, 500, "text/plain; charset=utf-8", "conndoctor failed: " + e.getClass().getName()
                            + "\n");
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.queued(-1);
            metrics.rejected("queue-full");
            respond(exchange, 503, "text/plain; charset=utf-8", "too many probes at once: " + probes.getActiveCount()
                    + " running and " + probes.getQueue().size() + " waiting; try again\n");
        }
    }

    private void runProbe(HttpExchange exchange, ProbeModule module, ConnDoctor moduleDoctor, String targetText,
                          Optional<Target> target, String problem, Duration deadline, long received, boolean debug) {
        Duration left = deadline.minusNanos(System.nanoTime() - received);
        if (deadline.compareTo(Duration.ZERO) > 0 && left.compareTo(Duration.ZERO) <= 0) {
            metrics.rejected("deadline");
            respond(exchange, 503, "text/plain; charset=utf-8",
                    "the probe waited for a free slot until its scrape deadline had passed\n");
            return;
        }
        ProbeExposition.Result result;
        metrics.started();
        try {
            result = target.isPresent() ? ModuleProber.probe(moduleDoctor, module, target.get(), left)
                    : new ProbeExposition.Result(Optional.empty(), Optional.empty(), false,
                            Duration.ofNanos(System.nanoTime() - received), left);
        } catch (RuntimeException e) {
            respond(exchange, 500, "text/plain; charset=utf-8", "conndoctor failed to probe: "
                    + e.getClass().getName() + "\n");
            return;
        } finally {
            metrics.finished();
        }
        List<String> causes = result.diagnosis().map(d -> d.causes().stream().map(c -> c.id().id()).distinct().toList())
                .orElse(List.of());
        metrics.probed(module.name(), result.success(), result.duration(), causes);
        history.add(new ProbeHistory.Entry(clock.instant(), module.name(), targetText, result.success(),
                result.diagnosis().map(d -> d.symptom().id()),
                result.diagnosis().flatMap(Diagnosis::primaryCause).map(Cause::id).map(c -> c.id()),
                result.duration().toMillis()));
        MetricSnapshots snapshots = ProbeExposition.of(module, result);
        if (debug) {
            respond(exchange, 200, "text/plain; charset=utf-8", DebugOutput.render(module, result, problem, snapshots));
        } else {
            respond(exchange, 200, ProbeExposition.CONTENT_TYPE, ProbeExposition.text(snapshots));
        }
    }

    /**
     * The query's parameters, the first value of each, decoded. The target is decoded once more
     * where that works, as blackbox_exporter does ({@code url.QueryUnescape}), so a target
     * encoded twice by a relabelling reads the same.
     */
    static Map<String, String> parameters(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            params.putIfAbsent(name, value);
        }
        String target = params.get("target");
        if (target != null && target.contains("%")) {
            try {
                params.put("target", decode(target));
            } catch (IllegalArgumentException e) {
                // not an escaped text: keep it as it is, as blackbox_exporter does
            }
        }
        return params;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    /** {@code "name"} as Go's %q writes a plain name; control characters escaped, so a response stays one line. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.codePoints().limit(200).forEach(c -> {
            if (c == '"' || c == '\\') {
                out.append('\\').appendCodePoint(c);
            } else if (c < 0x20 || c == 0x7f) {
                out.append(String.format("\\x%02x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.append('"').toString();
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (exchange) {
            exchange.getResponseHeaders().set("Content-Type", contentType);
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length == 0 ? -1 : bytes.length);
            if (!head && bytes.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        } catch (IOException e) {
            // the scraper went away (its own timeout): nobody is left to tell
        }
    }

    private static ThreadFactory daemons(String name) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
