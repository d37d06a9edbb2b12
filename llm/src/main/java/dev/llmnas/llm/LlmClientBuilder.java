package dev.llmnas.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * The settings {@link LlmPerformancePredictor.Builder} and {@link ArchitectureProposer.Builder} share: the
 * model, the space and task its prompts are about, the demonstrations, the reply cache and the transport
 * policy (backoff, budget, jitter seed). Kept in one place so that both clients take these settings, and
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
    Sleeper sleeper = Sleeper.REAL;

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

    /** Test hook: how backoff and rate-limit waits are spent. */
    B sleeper(Sleeper sleeper) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
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

    /** The transport to the chat model with this builder's policy. */
    ChatCaller caller(String who, double requestsPerMinute, LongSupplier clock) {
        return new ChatCaller(who, chatModel, backoff, budget, requestsPerMinute, sleeper, clock, seed);
    }
}
