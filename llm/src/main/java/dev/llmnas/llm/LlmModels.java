package dev.llmnas.llm;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.ChatModel;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Builds LangChain4j chat models for the LLM clients, from the environment or explicitly. Every model made here
 * has LangChain4j's own retries switched off (the clients' Resilience4j policy governs), request/response
 * logging off, and an HTTP client that keeps {@code Retry-After}; its key travels inside the {@link Configured}
 * that masks it wherever it might surface, never in a JVM-wide registry.
 *
 * <p>Environment (the first provider configured in this order is used, or the one {@code LLMNAS_LLM_PROVIDER}
 * names: {@code openai}, {@code azure}, {@code anthropic}, {@code gemini}, {@code ollama}):
 * <ul>
 *   <li>OpenAI or any OpenAI-compatible server (vLLM, LM Studio, ...): {@code OPENAI_API_KEY},
 *   {@code OPENAI_BASE_URL} (default the official endpoint), {@code OPENAI_MODEL} (default
 *   {@value #DEFAULT_OPENAI_MODEL}); a base URL without a key is fine for local servers;</li>
 *   <li>Azure OpenAI (its v1 endpoint speaks the OpenAI protocol with an {@code api-key} header):
 *   {@code AZURE_OPENAI_API_KEY}, {@code AZURE_OPENAI_ENDPOINT} ({@code https://NAME.openai.azure.com}),
 *   {@code AZURE_OPENAI_DEPLOYMENT} (the deployment name);</li>
 *   <li>Anthropic (needs {@code dev.langchain4j:langchain4j-anthropic}): {@code ANTHROPIC_API_KEY},
 *   {@code ANTHROPIC_BASE_URL} (default {@value #DEFAULT_ANTHROPIC_URL}), {@code ANTHROPIC_MODEL} (default
 *   {@value #DEFAULT_ANTHROPIC_MODEL});</li>
 *   <li>Google Gemini (needs {@code dev.langchain4j:langchain4j-google-ai-gemini}): {@code GEMINI_API_KEY} (or
 *   {@code GOOGLE_API_KEY}), {@code GEMINI_BASE_URL} (default {@value #DEFAULT_GEMINI_URL}), {@code GEMINI_MODEL}
 *   (default {@value #DEFAULT_GEMINI_MODEL});</li>
 *   <li>Ollama: {@code OLLAMA_BASE_URL} (default {@value #DEFAULT_OLLAMA_URL}) and {@code OLLAMA_MODEL} (default
 *   {@value #DEFAULT_OLLAMA_MODEL}), used when either is set;</li>
 *   <li>for all: {@code LLMNAS_LLM_TEMPERATURE} (default 0), {@code LLMNAS_LLM_MAX_TOKENS} (default: the
 *   provider's), {@code LLMNAS_LLM_TIMEOUT_SECONDS} (default 60), {@code LLMNAS_LLM_RPM} (requests started per
 *   minute, default no limit).</li>
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
    public static final String RPM = "LLMNAS_LLM_RPM";
    public static final String PROVIDER = "LLMNAS_LLM_PROVIDER";
    public static final String AZURE_OPENAI_API_KEY = "AZURE_OPENAI_API_KEY";
    public static final String AZURE_OPENAI_ENDPOINT = "AZURE_OPENAI_ENDPOINT";
    public static final String AZURE_OPENAI_DEPLOYMENT = "AZURE_OPENAI_DEPLOYMENT";
    public static final String ANTHROPIC_API_KEY = "ANTHROPIC_API_KEY";
    public static final String ANTHROPIC_BASE_URL = "ANTHROPIC_BASE_URL";
    public static final String ANTHROPIC_MODEL = "ANTHROPIC_MODEL";
    public static final String GEMINI_API_KEY = "GEMINI_API_KEY";
    public static final String GOOGLE_API_KEY = "GOOGLE_API_KEY";
    public static final String GEMINI_BASE_URL = "GEMINI_BASE_URL";
    public static final String GEMINI_MODEL = "GEMINI_MODEL";
    public static final String DEFAULT_ANTHROPIC_URL = "https://api.anthropic.com/v1/";
    public static final String DEFAULT_ANTHROPIC_MODEL = "claude-3-5-haiku-latest";
    public static final String DEFAULT_GEMINI_URL = "https://generativelanguage.googleapis.com/v1beta";
    public static final String DEFAULT_GEMINI_MODEL = "gemini-2.0-flash";
    /** The variables that may hold a key; a client built from the environment masks their values. */
    public static final java.util.List<String> KEY_VARIABLES = java.util.List.of(OPENAI_API_KEY,
            AZURE_OPENAI_API_KEY, ANTHROPIC_API_KEY, GEMINI_API_KEY, GOOGLE_API_KEY);
    public static final String DEFAULT_OPENAI_URL = "https://api.openai.com/v1";
    public static final String DEFAULT_OPENAI_MODEL = "gpt-4o-mini";
    public static final String DEFAULT_OLLAMA_URL = "http://localhost:11434";
    public static final String DEFAULT_OLLAMA_MODEL = "llama3.1";
    /** Sent as the key to OpenAI-compatible servers that need none (they ignore it). */
    static final String NO_KEY = "no-key";

    private LlmModels() {
    }

    /**
     * A configured model with the identifiers a predictor's cache keys use, and the key it must mask (kept
     * inside: {@link #toString()} and every accessor leave it out). Immutable.
     */
    public static final class Configured {
        private final ChatModel model;
        private final String provider;
        private final String modelName;
        private final Double temperature;
        private final String description;
        private final Secrets secrets;
        private final double requestsPerMinute;

        Configured(ChatModel model, String provider, String modelName, Double temperature, String description,
                   Secrets secrets, double requestsPerMinute) {
            this.model = Objects.requireNonNull(model, "model");
            this.provider = provider;
            this.modelName = modelName;
            this.temperature = temperature;
            this.description = description;
            this.secrets = Objects.requireNonNull(secrets, "secrets");
            CallPath.requireRpm(requestsPerMinute, "requestsPerMinute");
            this.requestsPerMinute = requestsPerMinute;
        }

        /**
         * A configured model without a key to mask and without a rate limit.
         *
         * @param model       the chat model
         * @param provider    the provider's id in cache keys, e.g. {@code openai}, {@code azure-openai},
         *                    {@code anthropic}, {@code gemini} or {@code ollama}
         * @param modelName   the model name
         * @param temperature the sampling temperature, {@code null} for the provider's default
         * @param description where it points, in words; must not contain a key
         * @throws NullPointerException when {@code model} is null
         */
        public Configured(ChatModel model, String provider, String modelName, Double temperature, String description) {
            this(model, provider, modelName, temperature, description, Secrets.none(), 0);
        }

        /** @return the LangChain4j chat model */
        public ChatModel model() {
            return model;
        }

        /** @return the provider's id in cache keys ({@code openai}, {@code azure-openai}, {@code ollama}, ...) */
        public String provider() {
            return provider;
        }

        /** @return the model name */
        public String modelName() {
            return modelName;
        }

        /** @return the sampling temperature, {@code null} for the provider's default */
        public Double temperature() {
            return temperature;
        }

        /** @return where the model points, in words; never contains the key */
        public String description() {
            return description;
        }

        /** @return requests started per minute, 0 for no limit */
        public double requestsPerMinute() {
            return requestsPerMinute;
        }

        /** The keys to mask; package-private so that no caller can read them back. */
        Secrets secrets() {
            return secrets;
        }

        /**
         * This configuration with another rate limit.
         *
         * @param rpm requests started per minute, 0 for no limit
         * @return a new configuration
         * @throws IllegalArgumentException unless 0 or in [0.001, 1,000,000]
         */
        public Configured withRequestsPerMinute(double rpm) {
            return new Configured(model, provider, modelName, temperature, description, secrets, rpm);
        }

        /**
         * Points an existing predictor builder at this model: chat model, provider, model name, temperature, the
         * key to mask and the rate limit.
         *
         * @param builder the builder to set
         * @return the same builder
         */
        public LlmPerformancePredictor.Builder applyTo(LlmPerformancePredictor.Builder builder) {
            return builder.chatModel(model).provider(provider).modelName(modelName)
                    .temperature(temperature).secrets(secrets).requestsPerMinute(requestsPerMinute);
        }

        /** @return a predictor builder preset with this model, its identifiers, key to mask and rate limit */
        public LlmPerformancePredictor.Builder predictorBuilder() {
            return applyTo(LlmPerformancePredictor.builder());
        }

        /** @return an architecture proposer builder preset with this model, its identifiers, key and rate limit */
        public ArchitectureProposer.Builder proposerBuilder() {
            return ArchitectureProposer.builder().chatModel(model).provider(provider).modelName(modelName)
                    .temperature(temperature).secrets(secrets).requestsPerMinute(requestsPerMinute);
        }

        @Override
        public String toString() {
            return "Configured[" + provider + "/" + modelName + ", temperature " + temperature + ", "
                    + description + ", " + secrets + ", rpm " + requestsPerMinute + "]";
        }
    }

    /** Masks the values of every key variable ({@link #KEY_VARIABLES}) that is set. */
    static Secrets secretsFromVariables(Map<String, String> env) {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (String name : KEY_VARIABLES) {
            keys.add(value(env, name));
        }
        return Secrets.of(keys);
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
        String chosen = value(env, PROVIDER);
        java.util.List<String> order = java.util.List.of("openai", "azure", "anthropic", "gemini", "ollama");
        if (chosen != null && !order.contains(chosen.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException(PROVIDER + ": '" + chosen + "' is not one of " + order);
        }
        for (String p : order) {
            if (chosen != null && !chosen.equalsIgnoreCase(p)) {
                continue;
            }
            Settings<?> b = switch (p) {
                case "openai" -> openAiFrom(env, chosen != null);
                case "azure" -> azureFrom(env, chosen != null);
                case "anthropic" -> anthropicFrom(env, chosen != null);
                case "gemini" -> geminiFrom(env, chosen != null);
                default -> ollamaFrom(env, chosen != null);
            };
            if (b != null) {
                settings(env, b);
                Configured c = b.configure();
                String rpm = value(env, RPM);
                if (rpm != null) {
                    double v = parseDouble(RPM, rpm);
                    CallPath.requireRpm(v, RPM);
                    c = c.withRequestsPerMinute(v);
                }
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    private static OpenAi openAiFrom(Map<String, String> env, boolean required) {
        String key = value(env, OPENAI_API_KEY);
        String base = value(env, OPENAI_BASE_URL);
        if (key == null && base == null && !required) {
            return null;
        }
        OpenAi b = openAi().apiKey(key).modelName(Optional.ofNullable(value(env, OPENAI_MODEL)).orElse(DEFAULT_OPENAI_MODEL));
        if (base != null) {
            requireHttpUrl(OPENAI_BASE_URL, base);
            b.baseUrl(base);
        }
        return b;
    }

    private static AzureOpenAi azureFrom(Map<String, String> env, boolean required) {
        String key = value(env, AZURE_OPENAI_API_KEY);
        String endpoint = value(env, AZURE_OPENAI_ENDPOINT);
        String deployment = value(env, AZURE_OPENAI_DEPLOYMENT);
        if (key == null && endpoint == null && deployment == null && !required) {
            return null;
        }
        for (String[] v : new String[][] {{AZURE_OPENAI_API_KEY, key}, {AZURE_OPENAI_ENDPOINT, endpoint},
                {AZURE_OPENAI_DEPLOYMENT, deployment}}) {
            if (v[1] == null) {
                throw new IllegalArgumentException(v[0] + ": not set; Azure OpenAI needs " + AZURE_OPENAI_API_KEY
                        + ", " + AZURE_OPENAI_ENDPOINT + " and " + AZURE_OPENAI_DEPLOYMENT);
            }
        }
        requireHttpUrl(AZURE_OPENAI_ENDPOINT, endpoint);
        return azureOpenAi().endpoint(endpoint).apiKey(key).modelName(deployment);
    }

    private static Anthropic anthropicFrom(Map<String, String> env, boolean required) {
        return keyedFrom(anthropic(), value(env, ANTHROPIC_API_KEY), env, ANTHROPIC_BASE_URL, ANTHROPIC_MODEL,
                DEFAULT_ANTHROPIC_MODEL, required);
    }

    private static Gemini geminiFrom(Map<String, String> env, boolean required) {
        String key = Optional.ofNullable(value(env, GEMINI_API_KEY)).orElse(value(env, GOOGLE_API_KEY));
        return keyedFrom(gemini(), key, env, GEMINI_BASE_URL, GEMINI_MODEL, DEFAULT_GEMINI_MODEL, required);
    }

    /** A keyed provider from its variables; null when none is set and the provider was not asked for. */
    private static <B extends KeyedSettings<B>> B keyedFrom(B settings, String key, Map<String, String> env,
                                                          String baseVariable, String modelVariable,
                                                          String defaultModel, boolean required) {
        String base = value(env, baseVariable);
        if (key == null && base == null && !required) {
            return null;
        }
        B b = settings.apiKey(key).modelName(Optional.ofNullable(value(env, modelVariable)).orElse(defaultModel));
        if (base != null) {
            requireHttpUrl(baseVariable, base);
            b.baseUrl(base);
        }
        return b;
    }

    private static Ollama ollamaFrom(Map<String, String> env, boolean required) {
        String ollamaUrl = value(env, OLLAMA_BASE_URL);
        String ollamaModel = value(env, OLLAMA_MODEL);
        if (ollamaUrl == null && ollamaModel == null && !required) {
            return null;
        }
        if (ollamaUrl != null) {
            requireHttpUrl(OLLAMA_BASE_URL, ollamaUrl);
        }
        return ollama().baseUrl(ollamaUrl == null ? DEFAULT_OLLAMA_URL : ollamaUrl)
                .modelName(ollamaModel == null ? DEFAULT_OLLAMA_MODEL : ollamaModel);
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
            + ", " + OPENAI_MODEL + ") for OpenAI or an OpenAI-compatible server, " + AZURE_OPENAI_API_KEY + "/"
            + AZURE_OPENAI_ENDPOINT + "/" + AZURE_OPENAI_DEPLOYMENT + " for Azure OpenAI, " + ANTHROPIC_API_KEY
            + " for Anthropic, " + GEMINI_API_KEY + " for Google Gemini, or " + OLLAMA_BASE_URL + "/" + OLLAMA_MODEL
            + " for Ollama";

    /** The provider identifier used in cache keys for a LangChain4j provider ({@code openai}, {@code ollama}). */
    public static String providerId(ModelProvider provider) {
        if (provider == null) {
            return "other";
        }
        return switch (provider) {
            case OPEN_AI -> "openai";
            case OLLAMA -> "ollama";
            case ANTHROPIC -> "anthropic";
            case GOOGLE_AI_GEMINI -> "gemini";
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

    /** Starts an explicit Azure OpenAI model (through its OpenAI-compatible v1 endpoint). */
    public static AzureOpenAi azureOpenAi() {
        return new AzureOpenAi();
    }

    /** Starts an explicit Anthropic model (needs {@code langchain4j-anthropic} on the class path). */
    public static Anthropic anthropic() {
        return new Anthropic();
    }

    /** Starts an explicit Google Gemini model (needs {@code langchain4j-google-ai-gemini} on the class path). */
    public static Gemini gemini() {
        return new Gemini();
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
            ChatModel model = OptionalProviders.build("OpenAI", "langchain4j-open-ai",
                    () -> OptionalProviders.OpenAi.build(baseUrl, apiKey == null ? NO_KEY : apiKey, Map.of(),
                            modelName, temperature, maxTokens, timeout));
            String description = "OpenAI-compatible model '" + modelName + "' at " + safeUrl(baseUrl)
                    + (apiKey == null ? " (no key)" : " (key from configuration)") + settingsDescription();
            return new Configured(model, "openai", modelName, temperature, description, Secrets.of(apiKey), 0);
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
            ChatModel model = OptionalProviders.build("Ollama", "langchain4j-ollama",
                    () -> OptionalProviders.Ollama.build(baseUrl, modelName, temperature, maxTokens, timeout));
            String description = "Ollama model '" + modelName + "' at " + safeUrl(baseUrl) + settingsDescription();
            return new Configured(model, "ollama", modelName, temperature, description);
        }
    }

    /**
     * Azure OpenAI through its v1 endpoint, which speaks the OpenAI protocol: LangChain4j's OpenAI client with the
     * base URL {@code ENDPOINT/openai/v1} and the key in an {@code api-key} header.
     */
    public static final class AzureOpenAi extends Settings<AzureOpenAi> {
        private String apiKey;

        private AzureOpenAi() {
        }

        @Override
        AzureOpenAi self() {
            return this;
        }

        /** The resource endpoint, {@code https://NAME.openai.azure.com} (a path ending in /openai/v1 is kept). */
        public AzureOpenAi endpoint(String endpoint) {
            baseUrl(endpoint);
            String b = baseUrl.replaceAll("/+$", "");
            this.baseUrl = b.endsWith("/openai/v1") ? b : b + "/openai/v1";
            return this;
        }

        /** The key (required). */
        public AzureOpenAi apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            return this;
        }

        @Override
        public Configured configure() {
            if (apiKey == null) {
                throw new IllegalArgumentException(AZURE_OPENAI_API_KEY + ": not set; Azure OpenAI needs a key");
            }
            if (baseUrl == null || modelName == null) {
                throw new IllegalArgumentException(AZURE_OPENAI_ENDPOINT + " and " + AZURE_OPENAI_DEPLOYMENT
                        + ": both are needed for Azure OpenAI");
            }
            String key = apiKey;
            ChatModel model = OptionalProviders.build("Azure OpenAI", "langchain4j-open-ai",
                    () -> OptionalProviders.OpenAi.build(baseUrl, key, Map.of("api-key", key), modelName, temperature,
                            maxTokens, timeout));
            String description = "Azure OpenAI deployment '" + modelName + "' at " + safeUrl(baseUrl)
                    + " (key from configuration)" + settingsDescription();
            return new Configured(model, "azure-openai", modelName, temperature, description, Secrets.of(key), 0);
        }
    }

    /**
     * Settings of a provider that LangChain4j serves through an optional module and that needs a key: the key, and
     * one way to build the model, shared by {@link Anthropic} and {@link Gemini}.
     */
    public abstract static class KeyedSettings<B extends KeyedSettings<B>> extends Settings<B> {
        private String apiKey;

        KeyedSettings(String defaultModel, String defaultUrl) {
            modelName = defaultModel;
            baseUrl = defaultUrl;
        }

        /**
         * The key (required).
         *
         * @param apiKey the provider's key; blank counts as unset
         * @return this
         */
        public B apiKey(String apiKey) {
            this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey.strip();
            return self();
        }

        /** The provider's id in caches and reports, e.g. {@code anthropic}. */
        abstract String provider();

        /** The provider's name for people, e.g. {@code Anthropic}. */
        abstract String displayName();

        /** The environment variable that holds the key. */
        abstract String keyVariable();

        /** The LangChain4j artifact that must be on the class path. */
        abstract String artifact();

        /** Builds the LangChain4j model; throws {@link LinkageError} when the optional module is missing. */
        abstract ChatModel build(String key);

        /**
         * @throws IllegalArgumentException when no key is set
         * @throws IllegalStateException    when the provider's optional LangChain4j module is not on the class path
         */
        @Override
        public Configured configure() {
            if (apiKey == null) {
                throw new IllegalArgumentException(keyVariable() + ": not set; " + displayName() + " needs a key");
            }
            ChatModel model = OptionalProviders.build(displayName(), artifact(), () -> build(apiKey));
            String description = displayName() + " model '" + modelName + "' at " + safeUrl(baseUrl)
                    + " (key from configuration)" + settingsDescription();
            return new Configured(model, provider(), modelName, temperature, description, Secrets.of(apiKey), 0);
        }
    }

    /** An Anthropic model through LangChain4j's Anthropic module (an optional dependency). */
    public static final class Anthropic extends KeyedSettings<Anthropic> {
        private Anthropic() {
            super(DEFAULT_ANTHROPIC_MODEL, DEFAULT_ANTHROPIC_URL);
        }

        @Override
        Anthropic self() {
            return this;
        }

        @Override
        String provider() {
            return "anthropic";
        }

        @Override
        String displayName() {
            return "Anthropic";
        }

        @Override
        String keyVariable() {
            return ANTHROPIC_API_KEY;
        }

        @Override
        String artifact() {
            return "langchain4j-anthropic";
        }

        @Override
        ChatModel build(String key) {
            return OptionalProviders.Anthropic.build(baseUrl, key, modelName, temperature, maxTokens, timeout);
        }
    }

    /** A Google Gemini model through LangChain4j's Google AI Gemini module (an optional dependency). */
    public static final class Gemini extends KeyedSettings<Gemini> {
        private Gemini() {
            super(DEFAULT_GEMINI_MODEL, DEFAULT_GEMINI_URL);
        }

        @Override
        Gemini self() {
            return this;
        }

        @Override
        String provider() {
            return "gemini";
        }

        @Override
        String displayName() {
            return "Gemini";
        }

        @Override
        String keyVariable() {
            return GEMINI_API_KEY;
        }

        @Override
        String artifact() {
            return "langchain4j-google-ai-gemini";
        }

        @Override
        ChatModel build(String key) {
            return OptionalProviders.Gemini.build(baseUrl, key, modelName, temperature, maxTokens, timeout);
        }
    }
}
