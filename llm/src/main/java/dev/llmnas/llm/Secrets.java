package dev.llmnas.llm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of every message, log line, cache line and exception this module produces. Keys that
 * {@link LlmModels} configures are registered here; anything that looks like a bearer token or an
 * {@code sk-...} key is masked as well, since providers echo keys in error bodies.
 */
public final class Secrets {
    private static final Set<String> KNOWN = ConcurrentHashMap.newKeySet();
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|pk|rk)-[A-Za-z0-9_\\-]{8,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/\\-]{8,}=*");
    private static final Pattern FIELD = Pattern.compile(
            "(?i)(\"?(?:api[_-]?key|authorization|x-api-key|access[_-]?token)\"?\\s*[:=]\\s*\"?)[^\"\\s,}]{4,}");
    private static final String MASK = "[redacted]";

    private Secrets() {
    }

    /** Registers a secret so that {@link #redact} masks it wherever it appears; blank values are ignored. */
    public static void register(String secret) {
        if (secret != null && secret.strip().length() >= 4) {
            KNOWN.add(secret.strip());
        }
    }

    /** The text with registered secrets and key-like tokens masked; {@code null} stays {@code null}. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String t = text;
        for (String s : KNOWN) {
            if (t.contains(s)) {
                t = t.replace(s, MASK);
            }
        }
        t = KEY_LIKE.matcher(t).replaceAll(MASK);
        t = BEARER.matcher(t).replaceAll("$1" + MASK);
        t = FIELD.matcher(t).replaceAll("$1" + MASK);
        return t;
    }

    /**
     * A stand-in for {@code error} that is safe to attach as a cause: same class name and stack trace, message
     * redacted, causes copied the same way. Provider exceptions often carry the raw error body, which may
     * echo the key, so they are never chained as they are.
     */
    public static RuntimeException sanitized(Throwable error) {
        return error == null ? null : copy(error, 0);
    }

    private static RedactedException copy(Throwable e, int depth) {
        Throwable cause = e.getCause();
        RedactedException c = cause == null || cause == e || depth > 8 ? null : copy(cause, depth + 1);
        RedactedException r = new RedactedException(e.getClass().getName(), redact(e.getMessage()), c);
        r.setStackTrace(e.getStackTrace());
        return r;
    }

    /** A redacted copy of a provider or transport exception; {@link #originalClass()} names the original. */
    public static final class RedactedException extends RuntimeException {
        private final String originalClass;

        RedactedException(String originalClass, String message, Throwable cause) {
            super(message, cause);
            this.originalClass = originalClass;
        }

        /** The class of the exception this stands for. */
        public String originalClass() {
            return originalClass;
        }

        @Override
        public String toString() {
            String m = getMessage();
            return originalClass + (m == null ? "" : ": " + m);
        }
    }
}
