package dev.llmnas.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import java.util.Objects;
import java.time.Duration;

/**
 * The settings {@link LlmPerformancePredictor.Builder} and {@link ArchitectureProposer.Builder} share: the
 * model, the space and task its prompts are about, the demonstrations, the reply cache and the transport
 * policy (backoff, whole wait, budget, concurrency, rate, jitter seed) and the secrets to mask. Kept in one place so that both clients take these settings, and
 * reject bad values, the same way. Setters reject bad values at once; each builder's {@code build()} checks
 * what is required and what conflicts.
 *
 * @param <B> the concrete builder, returned by every setter
 */
abstract class LlmClientBuilder<B extends LlmClientBuilder<B>> {
    ChatModel chatModel;
    SearchSpace space;
    TaskDescription task;
    List<Demonstration> demonstrations = List.of();
    ResponseCache cache;
    BackoffPolicy backoff = BackoffPolicy.defaults();
    Budget budget = Budget.unlimited();
    long seed;
    Duration maxWait = Duration.ofMinutes(10);
    Secrets secrets;
    int concurrency = 8;
    double requestsPerMinute;
    boolean structuredAnswer;
    java.util.function.Consumer<Duration> onWait = d -> { };
    Duration breakerOpenFor = CallPath.OPEN_FOR;

    /** Test hook: told of every wait between attempts (backoff, Retry-After). */
    B onWait(java.util.function.Consumer<Duration> onWait) {
        this.onWait = Objects.requireNonNull(onWait, "onWait");
        return self();
    }

    /** Test hook: how long the circuit breaker stays open; default {@link CallPath#OPEN_FOR}. */
    B breakerOpenFor(Duration openFor) {
        this.breakerOpenFor = Objects.requireNonNull(openFor, "openFor");
        return self();
    }

    LlmClientBuilder() {
    }

    abstract B self();

    /**
     * The LLM: any LangChain4j chat model. Required (a predictor in replay-only mode never calls it and may go
     * without). Models built by {@link LlmModels} have LangChain4j's own retries off, so that this library's
     * {@link #backoff} policy governs; for other models, set their {@code maxRetries(0)}.
     */
    public B chatModel(ChatModel model) {
        this.chatModel = Objects.requireNonNull(model, "chatModel");
        return self();
    }

    /** The search space of the architectures (required). */
    public B space(SearchSpace space) {
        this.space = Objects.requireNonNull(space, "space");
        return self();
    }

    /** The task (required), e.g. {@link TaskDescription#machineTranslation(String)}. */
    public B task(TaskDescription task) {
        this.task = Objects.requireNonNull(task, "task");
        return self();
    }

    /** The examples shown to the LLM in every prompt, in order; default: none (zero-shot). */
    public B demonstrations(List<Demonstration> demonstrations) {
        this.demonstrations = List.copyOf(Objects.requireNonNull(demonstrations, "demonstrations"));
        return self();
    }

    /** An open cache of replies, e.g. shared with another client; default: an in-memory cache. Not closed by this. */
    public B cache(ResponseCache cache) {
        this.cache = Objects.requireNonNull(cache, "cache");
        return self();
    }

    /** Retry policy for transport faults; default {@link BackoffPolicy#defaults()}. */
    public B backoff(BackoffPolicy policy) {
        this.backoff = Objects.requireNonNull(policy, "backoff");
        return self();
    }

    /** Lifetime cap on calls and tokens; default {@link Budget#unlimited()}. */
    public B budget(Budget budget) {
        this.budget = Objects.requireNonNull(budget, "budget");
        return self();
    }

    /** Seed of the backoff jitter; default 0. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /**
     * The longest total wait between attempts for one question (one architecture's score, one proposal round),
     * counting backoff and {@code Retry-After} waits; when the next wait would pass it, the call fails and says how
     * long was waited. Default 10 minutes.
     */
    public B maxWait(Duration maxWait) {
        Objects.requireNonNull(maxWait, "maxWait");
        if (maxWait.isNegative() || maxWait.compareTo(Duration.ofDays(7)) > 0) {
            throw new IllegalArgumentException("maxWait: " + maxWait + " is not in [0, 7 days]");
        }
        this.maxWait = maxWait;
        return self();
    }

    /**
     * The API keys to mask in every message, log line and cache line, and any fragment of them a provider
     * echoes (besides anything that looks like a key or bearer token, which is always masked). Set this when
     * the chat model was built outside {@link LlmModels}; models built there carry their key already.
     * Default: the keys of the {@link LlmModels.Configured} the builder came from, else none.
     *
     * @param keys the keys; {@code null} entries and values shorter than 4 characters are ignored
     * @return this builder
     * @throws NullPointerException when {@code keys} is null
     */
    public B maskKeys(java.util.Collection<String> keys) {
        this.secrets = Secrets.of(keys);
        return self();
    }

    /** The keys to mask, as {@link LlmModels.Configured} carries them. */
    B secrets(Secrets secrets) {
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        return self();
    }

    /**
     * Most calls in flight at once across every thread and batch of this client (one shared bulkhead); 1 is the
     * paper's one-at-a-time mode. Default 8.
     */
    public B concurrency(int concurrency) {
        if (concurrency < 1 || concurrency > 1024) {
            throw new IllegalArgumentException("concurrency: " + concurrency + " is not in [1, 1024]");
        }
        this.concurrency = concurrency;
        return self();
    }

    /**
     * Most requests started per minute, every attempt counted; 0 for no limit. Default 0.
     *
     * @throws IllegalArgumentException unless 0 or in [0.001, 1,000,000]
     */
    public B requestsPerMinute(double rpm) {
        CallPath.requireRpm(rpm, "requestsPerMinute");
        this.requestsPerMinute = rpm;
        return self();
    }

    /**
     * Ask for a structured answer (a JSON object with one numeric field, through the provider's response format)
     * where the model supports it; replies are still read as text when it does not. Part of the cache key.
     * Default {@code false}.
     */
    public B structuredAnswer(boolean structured) {
        this.structuredAnswer = structured;
        return self();
    }

    /** @throws IllegalStateException when the space or the task is missing */
    void requireSpaceAndTask() {
        if (space == null) {
            throw new IllegalStateException("space: required");
        }
        if (task == null) {
            throw new IllegalStateException("task: required");
        }
    }

    /**
     * The chat model's own default request parameters (model name, temperature), from which cache keys are
     * filled when not set; {@code null} without a model or when the model cannot tell.
     */
    ChatRequestParameters modelDefaults() {
        if (chatModel == null) {
            return null;
        }
        try {
            return chatModel.defaultRequestParameters();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The call path to the chat model with this builder's policy. */
    CallPath callPath(String who, ResponseCache cache) {
        return new CallPath(who, chatModel, backoff, maxWait, budget, concurrency, requestsPerMinute, cache,
                secrets == null ? Secrets.none() : secrets, seed, breakerOpenFor, onWait);
    }

    /**
     * The request parameters of the chat model that can change an answer, besides provider, model and
     * temperature, for cache keys: max tokens, top-p, top-k, penalties, stop sequences, a response format.
     */
    RequestSignature signature(String provider, String model, Double temperature) {
        RequestSignature s = RequestSignature.of(provider, model, temperature);
        ChatRequestParameters d = modelDefaults();
        if (d != null) {
            s = s.with("max-tokens", d.maxOutputTokens()).with("top-p", d.topP()).with("top-k", d.topK())
                    .with("frequency-penalty", d.frequencyPenalty()).with("presence-penalty", d.presencePenalty())
                    .with("stop", d.stopSequences() == null || d.stopSequences().isEmpty() ? null : d.stopSequences())
                    .with("response-format", d.responseFormat() == null ? null : d.responseFormat().toString());
        }
        return s;
    }
}
