package dev.llmnas.examples.remote;

import dev.llmnas.study.HttpPerformancePredictor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.Nb201Space;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HttpPerformancePredictorTest {
    private final SearchSpace space = Nb201Space.space();

    private static double convScore(Architecture a) {
        return Nb201Space.space().metric(a, Nb201Space.CONVS) * 10 + 1;
    }

    @Test
    void scores_come_from_the_service_for_each_architecture_in_order() throws Exception {
        try (LocalScoringService service = LocalScoringService.start(HttpPerformancePredictorTest::convScore)) {
            HttpPerformancePredictor p = HttpPerformancePredictor.builder(service.endpoint()).name("supernet").build();
            SplittableRandom rng = new SplittableRandom(3);
            List<Architecture> archs = List.of(space.sample(rng), space.sample(rng), space.sample(rng));
            double[] scores = p.predictAll(archs);
            for (int i = 0; i < archs.size(); i++) {
                assertThat(scores[i]).isEqualTo(convScore(archs.get(i)));
            }
            assertThat(service.requests()).isEqualTo(3);
        }
    }

    @Test
    void with_a_space_the_service_receives_canonical_architectures_and_one_outside_the_space_costs_no_request()
            throws Exception {
        List<Architecture> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (LocalScoringService service = LocalScoringService.start(a -> {
            received.add(a);
            return convScore(a);
        })) {
            HttpPerformancePredictor p = HttpPerformancePredictor.builder(service.endpoint()).name("supernet")
                    .space(space).build();
            Architecture a = space.sample(new SplittableRandom(4));
            java.util.List<java.util.Map.Entry<String, Object>> entries = new java.util.ArrayList<>(a.values().entrySet());
            java.util.Collections.reverse(entries);
            java.util.Map<String, Object> reversed = new java.util.LinkedHashMap<>();
            entries.forEach(e -> reversed.put(e.getKey(), e.getValue()));
            assertThat(p.predict(Architecture.of(reversed))).isEqualTo(convScore(a));
            assertThat(received).hasSize(1);
            assertThat(received.get(0).key()).as("sent in canonical order").isEqualTo(a.key());
            String first = a.names().iterator().next();
            assertThatThrownBy(() -> p.predict(a.with(first, "no-such-operation"))).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("predictor 'supernet' failed on").hasMessageContaining("not in space nb201");
            assertThat(service.requests()).as("no request for an architecture outside the space").isEqualTo(1);
        }
    }

    @Test
    void server_errors_are_retried_until_the_service_answers() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/score", ex -> {
            byte[] body = (hits.incrementAndGet() < 3 ? "busy" : "{\"score\": 7.5}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(hits.get() < 3 ? 503 : 200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/score");
            HttpPerformancePredictor p = HttpPerformancePredictor.builder(uri).initialBackoff(Duration.ofMillis(1)).build();
            assertThat(p.predict(space.sample(new SplittableRandom(1)))).isEqualTo(7.5);
            assertThat(hits.get()).isEqualTo(3);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void a_client_error_fails_at_once_naming_the_architecture_and_status() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/score", ex -> {
            hits.incrementAndGet();
            ex.sendResponseHeaders(400, -1);
            ex.close();
        });
        server.start();
        try {
            URI uri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/score");
            HttpPerformancePredictor p = HttpPerformancePredictor.builder(uri).initialBackoff(Duration.ofMillis(1)).build();
            Architecture a = space.sample(new SplittableRandom(2));
            assertThatThrownBy(() -> p.predict(a)).isInstanceOf(PredictionException.class)
                    .hasMessageContaining("HTTP 400").hasMessageContaining(a.key());
            assertThat(hits.get()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void an_unreachable_service_fails_after_the_bounded_attempts() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpPerformancePredictor p = HttpPerformancePredictor.builder(URI.create("http://127.0.0.1:" + port + "/score"))
                .maxAttempts(2).initialBackoff(Duration.ofMillis(1)).timeout(Duration.ofSeconds(2)).build();
        assertThatThrownBy(() -> p.predict(space.sample(new SplittableRandom(4))))
                .isInstanceOf(PredictionException.class).hasMessageContaining("cannot reach")
                .hasMessageContaining("after 2 attempts");
        assertThat(p.requests()).isEqualTo(2);
    }

    @Test
    void builder_rejects_bad_settings_with_the_field_and_value() {
        assertThatThrownBy(() -> HttpPerformancePredictor.builder(URI.create("ftp://x/score")))
                .hasMessageContaining("endpoint").hasMessageContaining("ftp://x/score");
        var b = HttpPerformancePredictor.builder(URI.create("http://localhost/score"));
        assertThatThrownBy(() -> b.maxAttempts(0)).hasMessageContaining("maxAttempts: 0");
        assertThatThrownBy(() -> b.timeout(Duration.ZERO)).hasMessageContaining("timeout");
    }
}
