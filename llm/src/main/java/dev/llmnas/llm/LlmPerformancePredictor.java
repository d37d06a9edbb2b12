package dev.llmnas.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * LLM-PP: an LLM reads a PP prompt (role, instructions, hyperparameter definitions, demonstrations) and writes
 * the score of the test architecture. Works with every LangChain4j {@link ChatModel}.
 *
 * <pre>{@code
 * Path data = DataPaths.check(Path.of("shared/data"));
 * try (LlmPerformancePredictor llm = LlmPerformancePredictor.builder()
 *         .chatModel(LlmModels.fromEnvironment().orElseThrow())
 *         .space(HatSpaces.wmt14ende()).task(TaskDescription.machineTranslation("wmt14ende"))
 *         .demonstrations(Demonstration.seedArchitectures(data, "wmt14ende", 123, "scratch.valid_BLEU"))
 *         .cacheFile(Path.of("llm-cache.jsonl")).build()) {
 *     double[] bleu = llm.predictAll(architectures);
 * }
 * }</pre>
 *
 * <p>What it does for you: replies read by their meaning ({@link ScoreParser}: reasoning, wrappers, JSON, decimal
 * commas; ranges and alternatives asked again) with bounded re-asks (reasons kept); one call path on Resilience4j
 * (a bulkhead bounding the calls in flight across all batches and threads, a circuit breaker, retries of
 * transient faults honouring {@code Retry-After} within a bounded whole wait, an optional rate limit); a JSONL
 * {@link ResponseCache} (every answer on disk before it is used; reruns make no calls for cached prompts);
 * replay-only mode; a {@link Budget}; a {@link ProgressListener}; usage counters ({@link #usage()}). No message,
 * log line, cache line or exception it produces contains an API key or a fragment of one.
 *
 * <p>Immutable configuration, thread-safe. Closing releases the cache file it opened.
 */
public final class LlmPerformancePredictor extends AbstractPerformancePredictor implements AutoCloseable,
        dev.llmnas.core.Provenance.Source {
    /** How long a thread of the predictor's own pool waits idle before it ends. */
    static final Duration OWN_POOL_IDLE = Duration.ofSeconds(Builder.OWN_POOL_IDLE_SECONDS);

    private final CallPath caller;
    private final SearchSpace space;
    private final TaskDescription task;
    private final ScoreQuestions questions;
    private final ResponseCache cache;
    private final boolean ownsCache;
    private final boolean replayOnly;
    private final ThreadPoolExecutor ownPool;
    private final ConcurrentBatch batches;
    private final int samples;
    private final String provider;
    private final String modelName;
    private final Double temperature;
    private final String name;

    private LlmPerformancePredictor(Builder b, ResponseCache cache, boolean ownsCache, String provider,
                                    String modelName, Double temperature) {
        super(b.space);
        this.space = b.space;
        this.task = b.task;
        this.cache = cache;
        this.ownsCache = ownsCache;
        this.replayOnly = b.replayOnly;
        this.samples = b.samples;
        this.provider = provider;
        this.modelName = modelName;
        this.temperature = temperature;
        this.name = b.name != null ? b.name : "llm-pp:" + modelName;
        this.caller = b.callPath(name, cache);
        // The task's valid range is the hard limit; the range around the demonstrations only flags a value as
        // unusual (kept and counted): a true 10% accuracy must never be re-asked because the examples were higher.
        PlausibleRange valid = b.range != null ? b.range : b.task.validRange();
        PlausibleRange expected = PlausibleRange.around(b.demonstrations.stream().map(Demonstration::score).toList())
                .intersectOrSelf(valid);
        this.questions = new ScoreQuestions(PromptBuilder.create(b.space, b.task, b.demonstrations, b.parts),
                new ScoreParser(b.task.metricName(), valid, expected),
                b.signature(provider, modelName, temperature).with("response-format", b.structuredAnswer ? "json-score" : null),
                b.structuredAnswer ? ScoreQuestions.scoreFormat(b.task.metricName()) : null, b.maxRetries + 1,
                caller.unusual);
        this.ownPool = b.executor == null && b.concurrency > 1 ? ownPool(name, b.concurrency, b.ownPoolIdle) : null;
        Executor executor = b.executor != null ? b.executor : ownPool != null ? ownPool : Runnable::run;
        this.batches = new ConcurrentBatch(name, b.concurrency, executor, b.listener, caller::usage, caller.secrets(),
                cache);
    }

    /**
     * The default executor: at most {@code threads} daemon threads, started when a batch needs them and ended
     * after {@code idle} without work, so that a predictor nobody closes holds no thread once idle.
     */
    private static ThreadPoolExecutor ownPool(String name, int threads, Duration idle) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, idle.toNanos(), TimeUnit.NANOSECONDS,
                new LinkedBlockingQueue<>(), r -> {
                    Thread t = new Thread(r, "llm-pp[" + name + "]-" + count.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Starts a builder. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return task.direction();
    }

    /**
     * The prompt this predictor sends for an architecture (for inspection and logs): one user message that ends
     * where the LLM should write the score.
     *
     * @param architecture an architecture of the predictor's space; canonicalised first
     * @return the whole prompt text
     * @throws dev.llmnas.core.InvalidArchitectureException when the architecture is not in the space
     */
    public String prompt(Architecture architecture) {
        return questions.prompt(space.canonicalize(architecture)).text();
    }

    /** The scores accepted from the LLM: the task's valid range (or the one set on the builder). */
    public PlausibleRange plausibleRange() {
        return questions.parser().range();
    }

    /** The scores expected around the demonstrations; others are accepted and counted as unusual. */
    public PlausibleRange expectedRange() {
        return questions.parser().expected();
    }

    /** Every request parameter in this predictor's cache keys. */
    public RequestSignature signature() {
        return questions.signature();
    }

    /** The provider identifier used in cache keys. */
    public String provider() {
        return provider;
    }

    /** The model name used in cache keys and provenance. */
    public String modelName() {
        return modelName;
    }

    /** The temperature used in cache keys ({@code null}: the provider's default). */
    public Optional<Double> temperature() {
        return Optional.ofNullable(temperature);
    }

    /** The reply cache this predictor reads and writes (its own unless one was given to the builder). */
    public ResponseCache cache() {
        return cache;
    }

    /** The space of the architectures this predictor scores. */
    public SearchSpace space() {
        return space;
    }

    /** The task its prompts describe. */
    public TaskDescription task() {
        return task;
    }

    /**
     * Where this predictor's scores come from, for result tables and saved models: provider, model,
     * temperature, task, space, prompt parts, the demonstrations shown, samples, valid and expected ranges,
     * further request parameters and the library version. A student distilled from this predictor nests it.
     *
     * @return the typed provenance
     */
    @Override
    public LlmProvenance provenance() {
        List<LlmProvenance.Shown> shown = new ArrayList<>();
        questions.prompts().demonstrations()
                .forEach(d -> shown.add(new LlmProvenance.Shown(d.architecture().key(), d.score())));
        return new LlmProvenance(name, provider, modelName, temperature, task.id(), space.name(),
                questions.prompts().parts(), shown, samples, questions.parser().range(),
                questions.parser().expected(), questions.signature().extras(), dev.llmnas.core.LlmnasVersion.get());
    }

    /** What this predictor has spent so far (lifetime counters; subtract snapshots for one run). */
    public LlmUsage usage() {
        return caller.usage();
    }

    /** One architecture: its samples asked through the call path (cache first), their median. */
    @Override
    protected double doPredict(Architecture canonical) {
        try {
            return score(canonical);
        } catch (PredictionException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PredictionException(name, canonical, caller.secrets().mask(String.valueOf(e.getMessage())),
                    caller.secrets().sanitize(e));
        }
    }

    /**
     * Scores all architectures concurrently (at most {@code concurrency} calls in flight), in order. Stops
     * starting new calls at the first failure and throws it; answers received so far stay in the cache.
     */
    @Override
    protected double[] doPredictAll(List<Architecture> canonical) {
        return batches.run(canonical, true, this::score).scoresOrNaN();
    }

    /**
     * Scores all architectures concurrently and keeps going past failures, which are reported per index
     * (budget exhaustion and replay-only cache misses included).
     */
    @Override
    protected PredictionBatch doTryPredictAll(List<Architecture> canonical) {
        return batches.run(canonical, false, this::score);
    }

    /** Stops this predictor's own thread pool (an injected executor is left alone) and closes its own cache. */
    @Override
    public void close() {
        if (ownPool != null) {
            ownPool.shutdownNow();
        }
        if (ownsCache) {
            cache.close();
        }
    }

    // ---- one architecture ----------------------------------------------------------------------------------

    private double score(Architecture canonical) {
        PpPrompt prompt = questions.prompt(canonical);
        if (samples == 1) {
            return sample(prompt, 0);
        }
        double[] values = new double[samples];
        for (int s = 0; s < samples; s++) {
            values[s] = sample(prompt, s);
        }
        return median(values);
    }

    static double median(double[] values) {
        return new org.apache.commons.math3.stat.descriptive.rank.Median().evaluate(values);
    }

    private double sample(PpPrompt prompt, int sample) {
        Architecture a = prompt.architecture();
        CallPath.Question<Double> q = questions.question(prompt, sample);
        try {
            return caller.answer(q, s -> s, replayOnly);
        } catch (CallPath.NotCached e) {
            RequestSignature signature = questions.signature();
            throw new CacheMissException(name, a, "replay-only: no cached answer for this prompt (key "
                    + q.key().substring(0, 16) + ", " + provider + "/" + modelName + ", temperature "
                    + (temperature == null ? "default" : temperature) + (sample > 0 ? ", sample " + sample : "")
                    + (signature.extras().isEmpty() ? "" : ", " + signature.extras())
                    + ") in " + cache.location()
                    + "; run without replay-only (with a model configured) to ask the LLM");
        } catch (CallPath.BudgetSpent e) {
            throw new BudgetExhaustedException(name, a, e.getMessage());
        } catch (LlmCallException e) {
            throw new PredictionException(name, a, e.getMessage(), e);
        } catch (CallPath.NoAnswer e) {
            throw new PredictionException(name, a, e.getMessage().replace("no usable answer", "no usable "
                    + task.metricName()));
        }
    }

    @Override
    public String toString() {
        return "LlmPerformancePredictor[" + name + ", " + provider + "/" + modelName + ", task " + task.id() + ", "
                + questions.prompts().demonstrations().size() + " demonstrations]";
    }

    // ---- builder -------------------------------------------------------------------------------------------

    /**
     * Builder of an {@link LlmPerformancePredictor}; setters reject bad values, {@link #build()} conflicts. The
     * chat model is required unless {@link #replayOnly} is set (then it is never called).
     */
    public static final class Builder extends LlmClientBuilder<Builder> {
        private PromptParts parts = PromptParts.full();
        private Path cacheFile;
        private boolean replayOnly;
        private Executor executor;
        private Duration ownPoolIdle = OWN_POOL_IDLE;
        private int maxRetries = 3;
        private int samples = 1;
        private PlausibleRange range;
        private ProgressListener listener;
        private String provider;
        private String modelName;
        private Double temperature;
        private boolean temperatureSet;
        private String name;

        private Builder() {
        }

        @Override
        Builder self() {
            return this;
        }

        /** Which prompt parts to include; default {@link PromptParts#full()}. */
        public Builder promptParts(PromptParts parts) {
            this.parts = Objects.requireNonNull(parts, "promptParts");
            return this;
        }

        /**
         * A JSONL cache file (created when missing, shared if already open; with {@link #replayOnly} it must
         * exist and is opened read-only, see {@link ResponseCache#openForReplay}); default: an in-memory cache.
         */
        public Builder cacheFile(Path file) {
            this.cacheFile = Objects.requireNonNull(file, "cacheFile");
            return this;
        }

        /** Answer only from the cache and fail on a miss ({@link CacheMissException}); default {@code false}. */
        public Builder replayOnly(boolean replayOnly) {
            this.replayOnly = replayOnly;
            return this;
        }

        /**
         * Runs the calls of {@code predictAll} and {@code tryPredictAll} (one task per distinct architecture, at
         * most {@link #concurrency} of a batch submitted at a time); never shut down by this predictor, so one
         * executor may serve many predictors and searches. A single {@code predict} runs on the calling thread.
         * How many calls are in flight is bounded by {@link #concurrency} whatever the executor.
         *
         * <p>Default: a pool owned by the predictor of at most {@code concurrency} daemon threads, started when a
         * batch needs them and ended after {@value #OWN_POOL_IDLE_SECONDS} s without work, so that a predictor that
         * is never closed holds no thread once idle; {@link LlmPerformancePredictor#close()} stops it at once. With
         * {@code concurrency(1)} there is no pool: batches run on the calling thread.
         *
         * @param executor runs the tasks of batches; not null
         * @return this builder
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
            return this;
        }

        /** {@link LlmPerformancePredictor#OWN_POOL_IDLE} in seconds, for the javadoc. */
        static final long OWN_POOL_IDLE_SECONDS = 30;

        /** Test hook: how long an idle thread of the predictor's own pool lives; default 30 s. */
        Builder ownPoolIdle(Duration idle) {
            this.ownPoolIdle = Objects.requireNonNull(idle, "idle");
            return this;
        }

        /** How many times a reply without a usable score is asked again; default 3. */
        public Builder maxRetries(int retries) {
            if (retries < 0 || retries > 100) {
                throw new IllegalArgumentException("maxRetries: " + retries + " is not in [0, 100]");
            }
            this.maxRetries = retries;
            return this;
        }

        /** Replies per architecture, aggregated by their median; default 1. */
        public Builder samples(int samples) {
            if (samples < 1 || samples > 100) {
                throw new IllegalArgumentException("samples: " + samples + " is not in [1, 100]");
            }
            this.samples = samples;
            return this;
        }

        /**
         * Scores accepted from the LLM (replies outside are asked again); default: the task's
         * {@linkplain TaskDescription#validRange() valid range}. Scores outside {@link PlausibleRange#around} the
         * demonstrations are accepted and counted as {@linkplain LlmUsage#unusual() unusual}.
         */
        public Builder plausibleRange(PlausibleRange range) {
            this.range = Objects.requireNonNull(range, "plausibleRange");
            return this;
        }

        /** Told after each architecture of a batch; default: none. */
        public Builder progressListener(ProgressListener listener) {
            this.listener = Objects.requireNonNull(listener, "progressListener");
            return this;
        }

        /** Provider identifier for cache keys; default: {@link LlmModels#providerId} of the chat model's provider ({@code openai}, {@code ollama}). */
        public Builder provider(String provider) {
            this.provider = requireText(provider, "provider");
            return this;
        }

        /** Model name for cache keys and provenance; default: the chat model's configured model name. */
        public Builder modelName(String modelName) {
            this.modelName = requireText(modelName, "modelName");
            return this;
        }

        /** Temperature for cache keys ({@code null}: provider default); default: the chat model's temperature. */
        public Builder temperature(Double temperature) {
            if (temperature != null && (!(temperature >= 0) || !Double.isFinite(temperature))) {
                throw new IllegalArgumentException("temperature: " + temperature + " must be a finite number >= 0");
            }
            this.temperature = temperature;
            this.temperatureSet = true;
            return this;
        }

        /** The predictor's name; default {@code llm-pp:<model name>}. */
        public Builder name(String name) {
            this.name = requireText(name, "name");
            return this;
        }


        private static String requireText(String v, String field) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException(field + ": '" + v + "' must not be blank");
            }
            return v.strip();
        }

        /**
         * Builds the predictor.
         *
         * @throws IllegalStateException when a required setting is missing or settings conflict
         */
        public LlmPerformancePredictor build() {
            requireSpaceAndTask();
            if (cacheFile != null && cache != null) {
                throw new IllegalStateException("cacheFile and cache: set one, not both");
            }
            if (chatModel == null && !replayOnly) {
                throw new IllegalStateException("chatModel: required unless replayOnly(true)");
            }
            if (replayOnly && cacheFile == null && cache == null) {
                throw new IllegalStateException("replayOnly: needs a cacheFile or cache to replay from");
            }
            ChatRequestParameters defaults = modelDefaults();
            String p = provider != null ? provider
                    : chatModel != null ? LlmModels.providerId(chatModel.provider()) : null;
            String m = modelName != null ? modelName : defaults != null ? defaults.modelName() : null;
            Double t = temperatureSet ? temperature : defaults != null ? defaults.temperature() : null;
            if (p == null || p.isBlank()) {
                throw new IllegalStateException("provider: required when no chat model is given (cache keys include it)");
            }
            if (m == null || m.isBlank()) {
                throw new IllegalStateException("modelName: the chat model does not report its model name and none was"
                        + " set; cache keys need it");
            }
            ResponseCache c;
            boolean owns;
            if (cache != null) {
                c = cache;
                owns = false;
            } else if (cacheFile != null) {
                // Replaying reads answers and never writes: a missing file is an error, not a new empty cache.
                c = replayOnly ? ResponseCache.openForReplay(cacheFile) : ResponseCache.open(cacheFile);
                owns = true;
            } else {
                c = ResponseCache.inMemory();
                owns = true;
            }
            try {
                return new LlmPerformancePredictor(this, c, owns, p, m, t);
            } catch (RuntimeException e) {
                if (owns) {
                    c.close();
                }
                throw e;
            }
        }
    }
}
