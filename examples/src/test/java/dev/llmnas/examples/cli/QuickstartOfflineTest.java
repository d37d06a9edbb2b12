package dev.llmnas.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main job never calls a paid API because a key happens to be in the environment (issue 9): the default teacher
 * is offline even when an OpenAI-compatible server and a key are configured, and the server sees no request.
 */
class QuickstartOfflineTest {
    @TempDir
    Path tmp;

    @Test
    void a_key_in_the_environment_does_not_make_the_default_quickstart_call_a_model() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            requests.incrementAndGet();
            byte[] body = "{\"error\":{\"message\":\"this test server must not be called\"}}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(500, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Map<String, String> env = Map.of(
                    "OPENAI_API_KEY", "sk-test-offline-0123456789",
                    "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
            Cli.Run r = Cli.run(env, "quickstart", "--pool-size", "200", "--no-progress",
                    "--out", tmp.resolve("qs").toString());
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("OFFLINE DEFAULT");
            assertThat(requests.get()).as("requests that reached the model server").isZero();
        } finally {
            server.stop(0);
        }
    }
}
