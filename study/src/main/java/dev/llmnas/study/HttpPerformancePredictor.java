package dev.llmnas.study;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scores architectures by calling a user's scoring service over HTTP — the usual home of a supernet,
 * which lives in Python. Protocol: {@code POST <endpoint>} with body {@code {"architecture": {...}}}
 * (the architecture's JSON object form); the reply is {@code {"score": 25.31}}.
 *
 * <p>Timeouts, connection failures and 5xx/429 replies are retried with exponential backoff, up to
 * {@code maxAttempts}; other 4xx replies fail at once. Every failure is a {@link PredictionException} that
 * names the architecture and the endpoint. Given a {@linkplain Builder#space space}, the service receives only
 * canonical architectures of it, and one outside it fails before any request. Thread-safe.
 */
public final class HttpPerformancePredictor extends AbstractPerformancePredictor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String name;
    private final URI endpoint;
    private final Direction direction;
    private final Duration timeout;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final HttpClient client;
    private final AtomicLong calls = new AtomicLong();

    private HttpPerformancePredictor(Builder b) {
        super(b.space);
        this.name = b.name;
        this.endpoint = b.endpoint;
        this.direction = b.direction;
        this.timeout = b.timeout;
        this.maxAttempts = b.maxAttempts;
        this.initialBackoff = b.initialBackoff;
        this.client = HttpClient.newBuilder().connectTimeout(b.timeout).build();
    }

    /**
     * Starts a builder. Defaults: name {@code http}, {@link Direction#HIGHER_IS_BETTER}, no space, 30 s timeout,
     * 3 attempts, 200 ms initial backoff.
     *
     * @param endpoint the service's URL; each architecture is POSTed to it
     * @throws NullPointerException     when {@code endpoint} is null
     * @throws IllegalArgumentException when its scheme is neither {@code http} nor {@code https}
     */
    public static Builder builder(URI endpoint) {
        return new Builder(endpoint);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return direction;
    }

    /** HTTP requests sent so far, retries included. */
    public long requests() {
        return calls.get();
    }

    @Override
    protected double doPredict(Architecture architecture) {
        ObjectNode body = JSON.createObjectNode();
        body.set("architecture", JSON.valueToTree(architecture.values()));
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        String lastProblem = "no attempt made";
        long backoff = initialBackoff.toMillis();
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            try {
                calls.incrementAndGet();
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status == 200) {
                    return parseScore(architecture, response.body());
                }
                lastProblem = "HTTP " + status + " from " + endpoint;
                if (status != 429 && status < 500) {
                    throw new PredictionException(name, architecture, lastProblem + " (not retried): " + abbreviate(response.body()));
                }
            } catch (HttpTimeoutException e) {
                lastProblem = "no reply within " + timeout.toMillis() + " ms from " + endpoint;
            } catch (IOException e) {
                lastProblem = "cannot reach " + endpoint + ": " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PredictionException(name, architecture, "interrupted while calling " + endpoint, e);
            }
            if (attempt < maxAttempts) {
                sleep(backoff, architecture);
                backoff *= 2;
            }
        }
        throw new PredictionException(name, architecture, lastProblem + " after " + maxAttempts + " attempts");
    }

    private double parseScore(Architecture architecture, String body) {
        JsonNode node;
        try {
            node = JSON.readTree(body);
        } catch (IOException e) {
            throw new PredictionException(name, architecture, "reply is not JSON: " + abbreviate(body), e);
        }
        JsonNode score = node.path("score");
        if (!score.isNumber() || !Double.isFinite(score.asDouble())) {
            throw new PredictionException(name, architecture, "reply has no finite numeric 'score': " + abbreviate(body));
        }
        return score.asDouble();
    }

    private void sleep(long millis, Architecture architecture) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PredictionException(name, architecture, "interrupted while waiting to retry " + endpoint, e);
        }
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    /** Configures an {@link HttpPerformancePredictor}. */
    public static final class Builder {
        private final URI endpoint;
        private SearchSpace space;
        private String name = "http";
        private Direction direction = Direction.HIGHER_IS_BETTER;
        private Duration timeout = Duration.ofSeconds(30);
        private int maxAttempts = 3;
        private Duration initialBackoff = Duration.ofMillis(200);

        private Builder(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            String scheme = endpoint.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("endpoint: '" + endpoint + "' must be an http or https URI");
            }
        }

        /** Name in logs and results. Default {@code http}. */
        public Builder name(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("name: '" + name + "' must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * The space of the architectures the service scores: each is validated and canonicalized in it before it
         * is sent (dimensions in canonical order, surplus layers dropped), and one outside it fails with a
         * {@link PredictionException} without a request. Default: none, architectures are sent as given.
         *
         * @param space the space; not null
         * @return this builder
         */
        public Builder space(SearchSpace space) {
            this.space = Objects.requireNonNull(space, "space");
            return this;
        }

        /** Direction of the service's score. Default {@link Direction#HIGHER_IS_BETTER}. */
        public Builder direction(Direction direction) {
            this.direction = Objects.requireNonNull(direction, "direction");
            return this;
        }

        /** Per-request timeout (also the connect timeout). Default 30 s. */
        public Builder timeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Attempts per architecture, the first included. Default 3; allowed 1 to 20. */
        public Builder maxAttempts(int maxAttempts) {
            if (maxAttempts < 1 || maxAttempts > 20) {
                throw new IllegalArgumentException("maxAttempts: " + maxAttempts + " is not in [1, 20]");
            }
            this.maxAttempts = maxAttempts;
            return this;
        }

        /** Wait before the first retry; doubles on each further one. Default 200 ms. */
        public Builder initialBackoff(Duration initialBackoff) {
            if (initialBackoff == null || initialBackoff.isNegative()) {
                throw new IllegalArgumentException("initialBackoff: " + initialBackoff + " must not be negative");
            }
            this.initialBackoff = initialBackoff;
            return this;
        }

        /**
         * Builds the predictor with its own {@link java.net.http.HttpClient} (connect timeout = the request
         * timeout). Every setter has already checked its value, so this does not throw.
         */
        public HttpPerformancePredictor build() {
            return new HttpPerformancePredictor(this);
        }
    }
}
