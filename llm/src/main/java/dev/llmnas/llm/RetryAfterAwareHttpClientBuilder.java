package dev.llmnas.llm;

import dev.langchain4j.exception.TimeoutException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.jdk.JdkHttpClient;
import dev.langchain4j.http.client.jdk.JdkHttpClientBuilder;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A LangChain4j {@link HttpClientBuilder} on the JDK's HTTP client whose error responses keep the
 * {@code Retry-After} header ({@link StatusHttpException}), so that {@link LlmPerformancePredictor} can honour
 * a 429's hint. LangChain4j's {@link JdkHttpClient} throws a plain {@code HttpException} with status and body
 * only. Streaming and multipart requests are delegated to {@link JdkHttpClient} unchanged.
 *
 * <p>{@link LlmModels} plugs it into every model it builds (through each provider builder's
 * {@code httpClientBuilder}); plumbing, not API.
 */
final class RetryAfterAwareHttpClientBuilder implements HttpClientBuilder {
    private Duration connectTimeout = Duration.ofSeconds(15);
    private Duration readTimeout = Duration.ofSeconds(60);

    @Override
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** Connection timeout; default 15 s. */
    @Override
    public RetryAfterAwareHttpClientBuilder connectTimeout(Duration timeout) {
        if (timeout != null) {
            this.connectTimeout = timeout;
        }
        return this;
    }

    @Override
    public Duration readTimeout() {
        return readTimeout;
    }

    /** Time allowed for a whole response; default 60 s. */
    @Override
    public RetryAfterAwareHttpClientBuilder readTimeout(Duration timeout) {
        if (timeout != null) {
            this.readTimeout = timeout;
        }
        return this;
    }

    @Override
    public HttpClient build() {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout);
        java.net.http.HttpClient client = jdk.build();
        JdkHttpClient fallback = new JdkHttpClientBuilder().httpClientBuilder(java.net.http.HttpClient.newBuilder())
                .connectTimeout(connectTimeout).readTimeout(readTimeout).build();
        return new Client(client, fallback, readTimeout);
    }

    /** Parses a Retry-After value: delay seconds or an HTTP date; empty when absent or unreadable. */
    static Optional<Duration> parseRetryAfter(String value, ZonedDateTime now) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String v = value.strip();
        try {
            double seconds = Double.parseDouble(v);
            if (seconds >= 0 && Double.isFinite(seconds)) {
                return Optional.of(Duration.ofMillis(Math.round(seconds * 1000)));
            }
            return Optional.empty();
        } catch (NumberFormatException e) {
            // not a number: maybe an HTTP date
        }
        try {
            ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
            Duration d = Duration.between(now, at);
            return Optional.of(d.isNegative() ? Duration.ZERO : d);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static final class Client implements HttpClient {
        private final java.net.http.HttpClient delegate;
        private final JdkHttpClient fallback;
        private final Duration readTimeout;

        Client(java.net.http.HttpClient delegate, JdkHttpClient fallback, Duration readTimeout) {
            this.delegate = delegate;
            this.fallback = fallback;
            this.readTimeout = readTimeout;
        }

        @Override
        public SuccessfulHttpResponse execute(HttpRequest request) {
            if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
                return fallback.execute(request);
            }
            java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(request.url()));
            for (Map.Entry<String, List<String>> h : request.headers().entrySet()) {
                for (String v : h.getValue()) {
                    b.header(h.getKey(), v);
                }
            }
            b.method(request.method().name(), request.body() == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofString(request.body()));
            if (readTimeout != null) {
                b.timeout(readTimeout);
            }
            try {
                HttpResponse<byte[]> response = delegate.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
                int status = response.statusCode();
                if (status < 200 || status >= 300) {
                    Duration retryAfter = parseRetryAfter(response.headers().firstValue("Retry-After").orElse(null),
                            ZonedDateTime.now()).orElse(null);
                    throw new StatusHttpException(status, new String(response.body(), StandardCharsets.UTF_8), retryAfter);
                }
                return SuccessfulHttpResponse.builder().statusCode(status).headers(response.headers().map())
                        .body(response.body()).build();
            } catch (HttpTimeoutException e) {
                throw new TimeoutException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeException(e);
            } catch (IOException e) {
                throw new RuntimeException(e);
            }
        }

        @Override
        public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
            fallback.execute(request, parser, listener);
        }
    }
}
