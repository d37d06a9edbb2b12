package dev.llmnas.llm;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps API keys out of messages, log lines, cache lines and exceptions. An instance knows the keys one client
 * was configured with (there is no JVM-wide registry); {@link #mask} removes them, any fragment of them that a
 * provider echoes (OpenAI answers a bad key with {@code Incorrect API key provided: sk-abcd***...wxyz}: 4 or more
 * characters at either end around {@code *} are masked), and everything that looks like a key or bearer token.
 * The static {@link #redact} does the last part for text from anywhere.
 *
 * <p>Immutable and thread-safe.
 */
final class Secrets {
    private static final Pattern KEY_LIKE = Pattern.compile("\\b(sk|pk|rk)-[A-Za-z0-9_\\-]{8,}");
    /** A key shown partly masked: a token with {@code *} inside, e.g. {@code sk-abcd***...wxyz}. */
    private static final Pattern MASKED_KEY = Pattern.compile(
            "(?<![A-Za-z0-9_\\-])(?=[A-Za-z0-9_\\-]*[A-Za-z])(?=[A-Za-z0-9_\\-]*[0-9\\-])[A-Za-z0-9_\\-]{4,}"
                    + "(?:\\*{3,}|\\*+[.…]{2,})[.…*]*[A-Za-z0-9_\\-]*"
                    + "|(?<![A-Za-z0-9*])\\*{3,}[.…*]*[A-Za-z0-9_\\-]{4,}");
    private static final Pattern BEARER = Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/\\-]{8,}=*");
    private static final Pattern FIELD = Pattern.compile(
            "(?i)(\"?(?:api[_-]?key|authorization|x-api-key|x-goog-api-key|access[_-]?token)\"?\\s*[:=]\\s*\"?)"
                    + "[^\"\\s,}]{4,}");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_\\-]{8,}");
    private static final String MASK = "[redacted]";
    private static final Secrets NONE = new Secrets(List.of());

    private final List<String> keys;

    private Secrets(List<String> keys) {
        this.keys = keys;
    }

    /** Masks only what looks like a key. */
    public static Secrets none() {
        return NONE;
    }

    /** Also masks these keys and their fragments; {@code null} and values under 4 characters are ignored. */
    public static Secrets of(Collection<String> keys) {
        List<String> k = new ArrayList<>();
        for (String s : Objects.requireNonNull(keys, "keys")) {
            if (s != null && s.strip().length() >= 4) {
                k.add(s.strip());
            }
        }
        return k.isEmpty() ? NONE : new Secrets(List.copyOf(k));
    }

    /** Also masks these keys; see {@link #of(Collection)}. */
    public static Secrets of(String... keys) {
        return of(java.util.Arrays.asList(keys));
    }

    /** The keys of both. */
    public Secrets and(Secrets other) {
        List<String> k = new ArrayList<>(keys);
        k.addAll(other.keys);
        return of(k);
    }

    /** Whether this instance knows any key. */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    /** The text with the configured keys, their fragments and key-like tokens masked; {@code null} stays. */
    public String mask(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String t = text;
        for (String k : keys) {
            t = t.replace(k, MASK);
        }
        if (!keys.isEmpty()) {
            Matcher m = TOKEN.matcher(t);
            StringBuilder sb = new StringBuilder();
            while (m.find()) {
                String token = m.group();
                boolean fragment = false;
                for (String k : keys) {
                    fragment |= k.contains(token);
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(fragment ? MASK : token));
            }
            m.appendTail(sb);
            t = sb.toString();
        }
        return redact(t);
    }

    /** The text with key-like tokens (also partly masked ones) and bearer tokens masked; {@code null} stays. */
    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String t = MASKED_KEY.matcher(text).replaceAll(MASK);
        t = KEY_LIKE.matcher(t).replaceAll(MASK);
        t = BEARER.matcher(t).replaceAll("$1" + MASK);
        t = FIELD.matcher(t).replaceAll("$1" + MASK);
        return t;
    }

    /**
     * A stand-in for {@code error} that is safe to attach as a cause: same class name and stack trace, message
     * masked, causes copied the same way. Provider exceptions often carry the raw error body, which may echo
     * the key, so they are never chained as they are.
     */
    public RuntimeException sanitize(Throwable error) {
        return error == null ? null : copy(error, 0);
    }

    /** {@link #sanitize} with {@link #none()}. */
    public static RuntimeException sanitized(Throwable error) {
        return NONE.sanitize(error);
    }

    private RedactedException copy(Throwable e, int depth) {
        Throwable cause = e.getCause();
        RedactedException c = cause == null || cause == e || depth > 8 ? null : copy(cause, depth + 1);
        RedactedException r = new RedactedException(e.getClass().getName(), mask(e.getMessage()), c);
        r.setStackTrace(e.getStackTrace());
        return r;
    }

    @Override
    public String toString() {
        return "Secrets[" + keys.size() + " keys]";
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
