package dev.llmnas.llm;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.NonRetriableException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.exception.UnsupportedFeatureException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;

/**
 * What went wrong in a call, and whether trying again can help. LangChain4j maps HTTP statuses to its own
 * exception classes with the {@link HttpException} as the root cause; timeouts and refused connections arrive
 * as JDK exceptions in the cause chain.
 */
record Fault(boolean retriable, int status, Duration retryAfter, String description, boolean unreachable) {

    Fault(boolean retriable, int status, Duration retryAfter, String description) {
        this(retriable, status, retryAfter, description, false);
    }

    /**
     * Whether this fault says something about the endpoint as a whole rather than about one request: it cannot
     * be reached, it fails on the server's side, it times out, or it rejects every request (bad key, no access,
     * wrong URL or model). Such faults repeated across calls mean the endpoint is down or misconfigured.
     */
    boolean endpointWide() {
        return retriable || status == 401 || status == 403 || status == 404;
    }

    static Fault classify(Throwable error) {
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            Duration retryAfter = http instanceof StatusHttpException s ? s.retryAfter().orElse(null) : null;
            boolean retriable = status == 408 || status == 409 || status == 425 || status == 429 || status >= 500;
            String body = Secrets.redact(ScoreParser.shorten(http.getMessage()));
            return new Fault(retriable, status, retryAfter, "HTTP " + status + " " + meaning(status)
                    + (body.isEmpty() ? "" : ": " + body));
        }
        if (find(error, InterruptedException.class) != null || Thread.currentThread().isInterrupted()) {
            return new Fault(false, 0, null, "interrupted");
        }
        if (find(error, HttpConnectTimeoutException.class) != null) {
            return new Fault(true, 0, null, "connection timed out");
        }
        if (find(error, HttpTimeoutException.class) != null || find(error, SocketTimeoutException.class) != null
                || find(error, dev.langchain4j.exception.TimeoutException.class) != null
                || find(error, java.util.concurrent.TimeoutException.class) != null) {
            return new Fault(true, 0, null, "request timed out (no reply within the model's timeout)");
        }
        if (find(error, ConnectException.class) != null) {
            return new Fault(true, 0, null, "connection refused (is the model server running and the base URL right?)",
                    true);
        }
        if (find(error, UnknownHostException.class) != null || find(error, UnresolvedAddressException.class) != null) {
            return new Fault(true, 0, null, "unknown host (check the base URL)", true);
        }
        com.fasterxml.jackson.core.JsonProcessingException json =
                find(error, com.fasterxml.jackson.core.JsonProcessingException.class);
        if (json != null) {
            return new Fault(true, 0, null, "unreadable response (malformed JSON): "
                    + Secrets.redact(ScoreParser.shorten(json.getOriginalMessage())));
        }
        IOException io = find(error, IOException.class);
        if (io != null) {
            return new Fault(true, 0, null, "I/O error: " + io.getClass().getSimpleName() + message(io));
        }
        if (error instanceof NonRetriableException || error instanceof UnsupportedFeatureException
                || error instanceof IllegalArgumentException || error instanceof IllegalStateException
                || error instanceof UnsupportedOperationException) {
            return new Fault(false, 0, null, "request rejected: " + error.getClass().getSimpleName() + message(error));
        }
        if (error instanceof RetriableException) {
            return new Fault(true, 0, null, error.getClass().getSimpleName() + message(error));
        }
        // Anything else is the client failing to read the response (malformed JSON, missing fields): the
        // server's fault, often transient behind proxies.
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return new Fault(true, 0, null, "unreadable response: " + root.getClass().getSimpleName() + message(root));
    }

    private static String message(Throwable t) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "" : ": " + Secrets.redact(ScoreParser.shorten(m));
    }

    private static String meaning(int status) {
        return switch (status) {
            case 400 -> "(bad request)";
            case 401 -> "(authentication failed: check the API key)";
            case 403 -> "(forbidden: the key may lack access to this model)";
            case 404 -> "(not found: check the base URL and model name)";
            case 408 -> "(request timeout)";
            case 429 -> "(rate limited)";
            default -> status >= 500 ? "(server error)" : "";
        };
    }

    private static <T extends Throwable> T find(Throwable error, Class<T> type) {
        int depth = 0;
        for (Throwable t = error; t != null && depth < 16; t = t.getCause(), depth++) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
