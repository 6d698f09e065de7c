package dev.conndoctor.cli.exporter;

import dev.conndoctor.ConnDoctor;
import dev.conndoctor.probe.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.X509ExtendedTrustManager;

/** An exporter on a loopback port of its own, and a client to ask it, for the exporter's socket tests. */
final class ExporterHarness implements AutoCloseable {

    /** Files read as they are, with no limit: the tests write them. */
    static final ExporterServer.ConfigFiles PLAIN_FILES = new ExporterServer.ConfigFiles() {
        @Override
        public String read(Path file) {
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public X509ExtendedTrustManager trust(Path caFile) {
            throw new UnsupportedOperationException("no test here trusts a file");
        }
    };

    final ExporterServer server;
    private final Client client;

    private ExporterHarness(ExporterServer server) {
        this.server = server;
        this.client = new Client("http://127.0.0.1:" + server.address().getPort());
    }

    /** Asks an exporter at {@code base} (this JVM's or a process's). */
    static final class Client implements AutoCloseable {
        private final String base;
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();

        Client(String base) {
            this.base = base;
        }

        HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
            return http.send(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        CompletableFuture<HttpResponse<String>> getAsync(String path, String... headers) {
            return http.sendAsync(request(path, headers).GET().build(), HttpResponse.BodyHandlers.ofString());
        }

        HttpResponse<String> post(String path) throws IOException, InterruptedException {
            return http.send(request(path).POST(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        private HttpRequest.Builder request(String path, String... headers) {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
            for (int i = 0; i + 1 < headers.length; i += 2) {
                request.header(headers[i], headers[i + 1]);
            }
            return request;
        }

        @Override
        public void close() {
            // the JDK 17 client has no close: its connections end with it
        }
    }

    static ExporterHarness start() throws IOException {
        return start(settings(Optional.empty()));
    }

    static ExporterServer.Settings settings(Optional<Path> config) {
        return new ExporterServer.Settings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                ScrapeDeadline.DEFAULT_OFFSET, 64, 1024, 100, TargetAllowList.everything(), config);
    }

    static ExporterHarness start(ExporterServer.Settings settings) throws IOException {
        return new ExporterHarness(ExporterServer.start(settings, doctor(), PLAIN_FILES, Clock.systemUTC()));
    }

    /** This machine's doctor, its firewall read once for a burst of probes, as the exporter command builds it. */
    static ConnDoctor doctor() {
        return ConnDoctor.builder().environment(Map.of())
                .commands(new SharedCommandRunner(CommandRunner.SYSTEM, Duration.ofSeconds(2))).build();
    }

    static String probePath(String module, String target) {
        return "/probe?module=" + URLEncoder.encode(module, StandardCharsets.UTF_8) + "&target="
                + URLEncoder.encode(target, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
        return client.get(path, headers);
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path, String... headers) {
        return client.getAsync(path, headers);
    }

    HttpResponse<String> post(String path) throws IOException, InterruptedException {
        return client.post(path);
    }

    /** A loopback port nothing listens on: bound a moment ago, then closed, so the kernel refuses it. */
    static int refusedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value of the sample {@code series} (a name, with its labels if it has any) in an exposition. */
    static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError(series + " is not in\n" + exposition));
    }

    /** {@code count} distinct loopback ports nothing listens on: all bound at once, so none repeats, then closed. */
    static java.util.List<Integer> refusedPorts(int count) {
        java.util.List<ServerSocket> sockets = new java.util.ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getLoopbackAddress()));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket socket : sockets) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // closing a listener that accepted nothing does not fail in a way that matters here
                }
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
