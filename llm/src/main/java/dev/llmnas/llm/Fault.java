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
     * wrong URL or model, exhausted quota). Such faults repeated across calls mean the endpoint is down or misconfigured.
     */
    boolean endpointWide() {
        // a 429 for an exhausted quota is not retried, but every later call would meet it too
        return retriable || status == 401 || status == 403 || status == 404 || status == 429;
    }

    static Fault classify(Throwable error) {
        return classify(error, Secrets.none());
    }

    /**
     * What went wrong. Retriable: refused or reset connections, timeouts, 408, 429 rate limits, 5xx and unreadable
     * responses. Not retriable: other statuses (400, 401, 403, 404, ...), a 429 whose body says the quota or the
     * billing is exhausted, and exceptions that are bugs (a {@code NullPointerException} from a chat model is not
     * a server's hiccup). The description holds the provider's error message (masked, shortened), never its
     * raw body.
     */
    static Fault classify(Throwable error, Secrets secrets) {
        HttpException http = find(error, HttpException.class);
        if (http != null) {
            int status = http.statusCode();
            Duration retryAfter = http instanceof StatusHttpException s ? s.retryAfter().orElse(null) : null;
            String body = http.getMessage() == null ? "" : http.getMessage();
            boolean quota = status == 429 && QUOTA.matcher(body).find();
            boolean retriable = !quota && (status == 408 || status == 429 || status >= 500);
            String said = secrets.mask(ScoreParser.shorten(providerMessage(body)));
            return new Fault(retriable, status, retryAfter, "HTTP " + status + " "
                    + (quota ? "(quota or billing exhausted: check the account's plan and billing; not retried)"
                    : meaning(status)) + (said.isEmpty() ? "" : ": " + said));
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
                    + secrets.mask(ScoreParser.shorten(json.getOriginalMessage())));
        }
        IOException io = find(error, IOException.class);
        if (io != null) {
            return new Fault(true, 0, null, "I/O error: " + io.getClass().getSimpleName() + message(io, secrets));
        }
        if (error instanceof RetriableException) {
            return new Fault(true, 0, null, error.getClass().getSimpleName() + message(error, secrets));
        }
        if (error instanceof NonRetriableException || error instanceof UnsupportedFeatureException) {
            return new Fault(false, 0, null, "request rejected: " + error.getClass().getSimpleName()
                    + message(error, secrets));
        }
        // Anything else is a bug in the client or in this library (NullPointerException, ClassCastException,
        // IllegalStateException, ...): trying again cannot help and only hides it.
        return new Fault(false, 0, null, "client error (a bug, not retried): " + error.getClass().getName()
                + message(error, secrets));
    }

    private static final java.util.regex.Pattern QUOTA = java.util.regex.Pattern.compile(
            "(?i)insufficient_quota|exceeded your current quota|billing|quota exceeded|credit balance");

    /** The {@code error.message} of a provider's JSON error body, or the body when it is not JSON. */
    static String providerMessage(String body) {
        String b = body.strip();
        if (b.startsWith("{") || b.startsWith("[")) {
            try {
                com.fasterxml.jackson.databind.JsonNode n = new com.fasterxml.jackson.databind.ObjectMapper().readTree(b);
                if (n.isArray() && n.size() > 0) {
                    n = n.get(0);
                }
                com.fasterxml.jackson.databind.JsonNode m = n.path("error").path("message");
                if (m.isTextual()) {
                    return m.asText();
                }
                if (n.path("error").isTextual()) {
                    return n.path("error").asText();
                }
                if (n.path("message").isTextual()) {
                    return n.path("message").asText();
                }
                return "";
            } catch (Exception e) {
                return "";
            }
        }
        return b.startsWith("<") ? "" : b;
    }

    private static String message(Throwable t, Secrets secrets) {
        String m = t.getMessage();
        return m == null || m.isBlank() ? "" : ": " + secrets.mask(ScoreParser.shorten(m));
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
