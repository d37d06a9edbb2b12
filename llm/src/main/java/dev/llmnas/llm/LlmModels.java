package dev.llmnas.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds LangChain4j chat models for the LLM predictor, from the environment or explicitly. Every model made
 * here has LangChain4j's own retries switched off (so that {@link LlmPerformancePredictor}'s policy governs),
 * request/response logging off, and an HTTP client that keeps {@code Retry-After}; its API key is registered
 * with {@link Secrets} so that it is masked wherever it might surface.
 *
 * <p>Environment:
 * <ul>
 *   <li>{@code OPENAI_API_KEY}, {@code OPENAI_BASE_URL} (any OpenAI-compatible server; default the official
 *   endpoint), {@code OPENAI_MODEL} (default {@value #DEFAULT_OPENAI_MODEL}); a base URL without a key is
 *   fine for local servers;</li>
 *   <li>otherwise {@code OLLAMA_BASE_URL} (default {@value #DEFAULT_OLLAMA_URL}) and {@code OLLAMA_MODEL}
 *   (default {@value #DEFAULT_OLLAMA_MODEL}), used when either is set;</li>
 *   <li>for both: {@code LLMNAS_LLM_TEMPERATURE} (default 0), {@code LLMNAS_LLM_MAX_TOKENS} (default: the
 *   provider's), {@code LLMNAS_LLM_TIMEOUT_SECONDS} (default 60).</li>
 * </ul>
 */
public final class LlmModels {
    public static final String OPENAI_API_KEY = "OPENAI_API_KEY";
    public static final String OPENAI_BASE_URL = "OPENAI_BASE_URL";
    public static final String OPENAI_MODEL = "OPENAI_MODEL";
    public static final String OLLAMA_BASE_URL = "OLLAMA_BASE_URL";
    public static final String OLLAMA_MODEL = "OLLAMA_MODEL";
    public static final String TEMPERATURE = "LLMNAS_LLM_TEMPERATURE";
    public static final String MAX_TOKENS = "LLMNAS_LLM_MAX_TOKENS";
    public static final String TIMEOUT_SECONDS = "LLMNAS_LLM_TIMEOUT_SECONDS";
    public static final String DEFAULT_OPENAI_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_OLLAMA_URL = "http://localhost:11434";
    public static final String DEFAULT_OLLAMA_MODEL = "llama3.1";
    /** Sent as the key to OpenAI-compatible servers that need none (they ignore it). */
    static final String NO_KEY = "no-key";

    private LlmModels() {
    }

    /**
     * A configured model with the identifiers a predictor's cache keys use.
     *
     * @param model       the chat model
     * @param provider    {@code openai} or {@code ollama}
     * @param modelName   the model name
     * @param temperature the temperature
     * @param description where it points, in words; never contains the key
     */
    public record Configured(ChatModel model, String provider, String modelName, Double temperature,
                             String description) {
        public Configured {
            Objects.requireNonNull(model, "model");
        }

        /** A predictor builder preset with this model and its identifiers. */
        public LlmPerformancePredictor.Builder predictorBuilder() {
            return LlmPerformancePredictor.builder().chatModel(model).provider(provider).modelName(modelName)
                    .temperature(temperature);
        }
    }

    /** The model the environment describes, if any (see the class comment for the variables). */
    public static Optional<ChatModel> fromEnvironment() {
        return configuredFromEnvironment().map(Configured::model);
    }

    /** The model the environment describes, with its identifiers and description. */
    public static Optional<Configured> configuredFromEnvironment() {
        return fromVariables(System.getenv());
    }

    /**
     * The model that a set of variables describes (same rules as {@link #fromEnvironment()}).
     *
     * @throws IllegalArgumentException naming the variable when a value is malformed
     */
    public static Optional<Configured> fromVariables(Map<String, String> env) {
        String key = value(env, OPENAI_API_KEY);
        String base = value(env, OPENAI_BASE_URL);
        if (key != null || base != null) {
            OpenAi b = openAi().apiKey(key).modelName(Optional.ofNullable(value(env, OPENAI_MODEL)).orElse(DEFAULT_OPENAI_MODEL));
            if (base != null) {
                requireHttpUrl(OPENAI_BASE_URL, base);
                b.baseUrl(base);
            }
            settings(env, b);
            return Optional.of(b.configure());
        }
        String ollamaUrl = value(env, OLLAMA_BASE_URL);
        String ollamaModel = value(env, OLLAMA_MODEL);
        if (ollamaUrl != null || ollamaModel != null) {
            if (ollamaUrl != null) {
                requireHttpUrl(OLLAMA_BASE_URL, ollamaUrl);
            }
            Ollama b = ollama().baseUrl(ollamaUrl == null ? DEFAULT_OLLAMA_URL : ollamaUrl)
                    .modelName(ollamaModel == null ? DEFAULT_OLLAMA_MODEL : ollamaModel);
            settings(env, b);
            return Optional.of(b.configure());
        }
        return Optional.empty();
    }

    /**
     * One line saying which model the environment selects, or, when none, how to configure one (starting with
     * "set ...", so that it reads well after "no LLM is configured; "); never the key.
     */
    public static String describeEnvironment() {
        return configuredFromEnvironment().map(Configured::description).orElse(HOW_TO_CONFIGURE);
    }

    /** How to configure a model, as {@link #describeEnvironment()} says it when none is configured. */
    public static final String HOW_TO_CONFIGURE = "set " + OPENAI_API_KEY + " (and optionally " + OPENAI_BASE_URL
            + ", " + OPENAI_MODEL + ") for OpenAI or an OpenAI-compatible server, or " + OLLAMA_BASE_URL + "/"
            + OLLAMA_MODEL + " for Ollama";

    /** The provider identifier used in cache keys for a LangChain4j provider ({@code openai}, {@code ollama}). */
    public static String providerId(ModelProvider provider) {
        if (provider == null) {
            return "other";
        }
        return switch (provider) {
            case OPEN_AI -> "openai";
            case OLLAMA -> "ollama";
            default -> provider.name().toLowerCase(Locale.ROOT).replace("_", "-");
        };
    }

    /** Starts an explicit OpenAI (or OpenAI-compatible server) model. */
    public static OpenAi openAi() {
        return new OpenAi();
    }

    /** Starts an explicit Ollama model. */
    public static Ollama ollama() {
        return new Ollama();
    }

    private static String value(Map<String, String> env, String name) {
        String v = env.get(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static void settings(Map<String, String> env, Settings<?> b) {
        // The setters' own checks name the builder field; the user set a variable, so name that instead.
        String t = value(env, TEMPERATURE);
        if (t != null) {
            double v = parseDouble(TEMPERATURE, t);
            if (!(v >= 0 && v <= 2)) {
                throw new IllegalArgumentException(TEMPERATURE + ": " + t + " is not in [0, 2]");
            }
            b.temperature(v);
        }
        String m = value(env, MAX_TOKENS);
        if (m != null) {
            long v = parseLong(MAX_TOKENS, m);
            if (v < 1 || v > Integer.MAX_VALUE) {
                throw new IllegalArgumentException(MAX_TOKENS + ": " + m + " must be a whole number of at least 1");
            }
            b.maxTokens((int) v);
        }
        String s = value(env, TIMEOUT_SECONDS);
        if (s != null) {
            double v = parseDouble(TIMEOUT_SECONDS, s);
            if (!(v > 0) || v > 1e9 || Math.round(v * 1000) < 1) {
                throw new IllegalArgumentException(TIMEOUT_SECONDS + ": " + s + " must be a positive number of seconds");
            }
            b.timeout(Duration.ofMillis(Math.round(v * 1000)));
        }
    }

    private static void requireHttpUrl(String name, String url) {
        if (!(url.startsWith("http://") || url.startsWith("https://"))) {
            throw new IllegalArgumentException(name + ": " + notHttp(url));
        }
    }

    /**
     * Why a value is not an http(s) URL. The value is shown only when it parses as a URL (without user info,
     * query or fragment): a misplaced key pasted into a URL variable must not end up in a message.
     */
    static String notHttp(String url) {
        String shown = null;
        try {
            URI u = URI.create(url.strip());
            if (u.getScheme() != null && u.getHost() != null) {
                shown = safeUrl(url.strip());
            }
        } catch (IllegalArgumentException e) {
            // not a URL at all: not shown
        }
        return (shown == null ? "the value (not shown)" : "'" + shown + "'")
                + " is not an http(s) URL: it must start with http:// or https://";
    }

    private static double parseDouble(String name, String v) {
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not a number");
        }
    }

    private static long parseLong(String name, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": '" + v + "' is not an integer");
        }
    }

    /** A URL for messages: without user info, query or fragment (which might hold credentials). */
    static String safeUrl(String url) {
        try {
            URI u = URI.create(url);
            if (u.getScheme() == null || u.getHost() == null) {
                return Secrets.redact(url);
            }
            return u.getScheme() + "://" + u.getHost() + (u.getPort() >= 0 ? ":" + u.getPort() : "")
                    + (u.getPath() == null ? "" : u.getPath());
        } catch (IllegalArgumentException e) {
            return "<unparseable URL>";
        }
    }

    /** Settings shared by the builders. */
    public abstract static class Settings<B extends Settings<B>> {
        String modelName;
        String baseUrl;
        Double temperature = 0.0;
        Integer maxTokens;
        Duration timeout = Duration.ofSeconds(60);

        abstract B self();

        /** The model name; default {@value #DEFAULT_OPENAI_MODEL} (OpenAI) or {@value #DEFAULT_OLLAMA_MODEL}. */
        public B modelName(String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("modelName: '" + name + "' must not be blank");
            }
            this.modelName = name.strip();
            return self();
        }

        /**
         * The server's base URL; default {@value #DEFAULT_OPENAI_URL} (OpenAI: ending in {@code /v1} for most
         * OpenAI-compatible servers) or {@value #DEFAULT_OLLAMA_URL} (Ollama).
         */
        public B baseUrl(String baseUrl) {
            if (baseUrl == null || !(baseUrl.startsWith("http://") || baseUrl.startsWith("https://"))) {
                throw new IllegalArgumentException("baseUrl: " + (baseUrl == null ? "null must start with http:// or"
                        + " https://" : notHttp(baseUrl)));
            }
            this.baseUrl = baseUrl.strip();
            return self();
        }

        /** Sampling temperature in [0, 2]; default 0 (most repeatable). {@code null}: the provider's default. */
        public B temperature(Double temperature) {
            if (temperature != null && !(temperature >= 0 && temperature <= 2)) {
                throw new IllegalArgumentException("temperature: " + temperature + " is not in [0, 2]");
            }
            this.temperature = temperature;
            return self();
        }

        /** Most tokens in a reply; default: the provider's. A score needs fewer than 16. */
        public B maxTokens(Integer maxTokens) {
            if (maxTokens != null && maxTokens < 1) {
                throw new IllegalArgumentException("maxTokens: " + maxTokens + " must be at least 1");
            }
            this.maxTokens = maxTokens;
            return self();
        }

        /** Time allowed for one call; default 60 s. */
        public B timeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout: " + timeout + " must be positive");
            }
            this.timeout = timeout;
            return self();
        }

        /** The settings every description ends with: temperature, max tokens (when set), timeout. */
        String settingsDescription() {
            return ", temperature " + (temperature == null ? "default" : temperature)
                    + (maxTokens == null ? "" : ", max tokens " + maxTokens) + ", timeout " + timeout.toMillis() + " ms";
        }

        /** Builds the chat model. */
        public ChatModel build() {
            return configure().model();
        }

        /** Builds the chat model with its identifiers and description. */
        public abstract Configured configure();
    }

    /** An OpenAI or OpenAI-compatible chat model. */
    public static final class OpenAi extends Settings<OpenAi> {
        private String apiKey;

        private OpenAi() {
            modelName = DEFAULT_OPENAI_MODEL;
            baseUrl = DEFAULT_OPENAI_URL;
        }

        @Override
        OpenAi self() {
            return this;
        }

        /** The API key; may be {@code null} for local servers that need none. Default: none. */
        public OpenAi apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            return this;
        }

        @Override
        public Configured configure() {
            if (apiKey == null && DEFAULT_OPENAI_URL.equals(baseUrl)) {
                throw new IllegalArgumentException(OPENAI_API_KEY + ": not set; the official endpoint needs a key"
                        + " (set " + OPENAI_BASE_URL + " for a local OpenAI-compatible server)");
            }
            Secrets.register(apiKey);
            OpenAiChatModel model = OpenAiChatModel.builder()
                    .httpClientBuilder(new RetryAfterAwareHttpClientBuilder())
                    .baseUrl(baseUrl)
                    .apiKey(apiKey == null ? NO_KEY : apiKey)
                    .modelName(modelName)
                    .temperature(temperature)
                    .maxTokens(maxTokens)
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            String description = "OpenAI-compatible model '" + modelName + "' at " + safeUrl(baseUrl)
                    + (apiKey == null ? " (no key)" : " (key from configuration)") + settingsDescription();
            return new Configured(model, "openai", modelName, temperature, description);
        }
    }

    /** A chat model served by Ollama. */
    public static final class Ollama extends Settings<Ollama> {
        private Ollama() {
            modelName = DEFAULT_OLLAMA_MODEL;
            baseUrl = DEFAULT_OLLAMA_URL;
        }

        @Override
        Ollama self() {
            return this;
        }

        @Override
        public Configured configure() {
            OllamaChatModel model = OllamaChatModel.builder()
                    .httpClientBuilder(new RetryAfterAwareHttpClientBuilder())
                    .baseUrl(baseUrl)
                    .modelName(modelName)
                    .temperature(temperature)
                    .numPredict(maxTokens)
                    .timeout(timeout)
                    .maxRetries(0)
                    .logRequests(false)
                    .logResponses(false)
                    .build();
            String description = "Ollama model '" + modelName + "' at " + safeUrl(baseUrl) + settingsDescription();
            return new Configured(model, "ollama", modelName, temperature, description);
        }
    }
}
