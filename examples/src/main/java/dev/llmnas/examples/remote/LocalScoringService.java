package dev.llmnas.examples.remote;

import dev.llmnas.study.HttpPerformancePredictor;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.llmnas.core.Architecture;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToDoubleFunction;

/**
 * A tiny scoring service on loopback speaking {@link HttpPerformancePredictor}'s protocol, so the examples
 * run offline. In real use this is the user's Python process wrapping a supernet.
 *
 * <p>The JDK server writes a reply's headers and body separately, so without TCP_NODELAY each small reply can
 * wait on a delayed ACK (about 40 ms on loopback). The switch is JVM-wide ({@code sun.net.httpserver.nodelay},
 * read once by the JDK), so this class does not set it: start the JVM with
 * {@code -Dsun.net.httpserver.nodelay=true} (the examples' tests do) when request latency matters.
 */
public final class LocalScoringService implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();

    private LocalScoringService(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** Starts serving {@code POST /score} on a free loopback port. */
    public static LocalScoringService start(ToDoubleFunction<Architecture> scorer) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "scoring-service");
            t.setDaemon(true);
            return t;
        });
        LocalScoringService service = new LocalScoringService(server, executor);
        server.createContext("/score", exchange -> service.handle(exchange, scorer));
        server.setExecutor(executor);
        server.start();
        return service;
    }

    private void handle(HttpExchange exchange, ToDoubleFunction<Architecture> scorer) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 405, "{\"error\":\"use POST\"}");
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody());
                Architecture a = JSON.treeToValue(body.path("architecture"), Architecture.class);
                reply(exchange, 200, "{\"score\":" + scorer.applyAsDouble(a) + "}");
            } catch (RuntimeException | IOException e) {
                reply(exchange, 400, JSON.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
            }
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The scoring endpoint, e.g. {@code http://127.0.0.1:43121/score}. */
    public URI endpoint() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":"
                + server.getAddress().getPort() + "/score");
    }

    /** Requests served so far. */
    public long requests() {
        return requests.get();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
