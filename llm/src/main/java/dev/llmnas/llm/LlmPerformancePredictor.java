package dev.llmnas.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
public final class LlmPerformancePredictor implements PerformancePredictor, AutoCloseable,
        dev.llmnas.core.Provenance.Source {
    private static final Logger LOG = LoggerFactory.getLogger(LlmPerformancePredictor.class);
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final CallPath caller;
    private final SearchSpace space;
    private final TaskDescription task;
    private final PromptBuilder prompts;
    private final ScoreParser parser;
    private final ResponseCache cache;
    private final boolean ownsCache;
    private final boolean replayOnly;
    private final int concurrency;
    private final Executor executor;
    private final ExecutorService ownPool;
    private final RequestSignature signature;
    private final dev.langchain4j.model.chat.request.ResponseFormat structured;
    private final int maxRetries;
    private final int samples;
    private final ProgressListener listener;
    private final String provider;
    private final String modelName;
    private final Double temperature;
    private final String name;


    private LlmPerformancePredictor(Builder b, ResponseCache cache, boolean ownsCache, String provider,
                                    String modelName, Double temperature) {
        this.space = b.space;
        this.task = b.task;
        this.prompts = PromptBuilder.create(b.space, b.task, b.demonstrations, b.parts);
        // The task's valid range is the hard limit; the range around the demonstrations only flags a value as
        // unusual (kept and counted): a true 10% accuracy must never be re-asked because the examples were higher.
        PlausibleRange valid = b.range != null ? b.range : b.task.validRange();
        PlausibleRange expected = PlausibleRange.around(b.demonstrations.stream().map(Demonstration::score).toList())
                .intersectOrSelf(valid);
        this.parser = new ScoreParser(b.task.metricName(), valid, expected);
        this.cache = cache;
        this.ownsCache = ownsCache;
        this.replayOnly = b.replayOnly;
        this.concurrency = b.concurrency;
        this.ownPool = b.executor == null && b.concurrency > 1 ? Executors.newFixedThreadPool(b.concurrency,
                threadFactory()) : null;
        this.executor = b.executor != null ? b.executor : ownPool != null ? ownPool : Runnable::run;
        this.maxRetries = b.maxRetries;
        this.samples = b.samples;
        this.listener = b.listener;
        this.provider = provider;
        this.modelName = modelName;
        this.temperature = temperature;
        this.name = b.name != null ? b.name : "llm-pp:" + modelName;
        this.caller = b.callPath(name, cache);
        this.signature = b.signature(provider, modelName, temperature)
                .with("response-format", b.structuredAnswer ? "json-score" : null);
        this.structured = b.structuredAnswer ? scoreFormat(b.task.metricName()) : null;
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
        return prompts.build(architecture).text();
    }

    /** The scores accepted from the LLM: the task's valid range (or the one set on the builder). */
    public PlausibleRange plausibleRange() {
        return parser.range();
    }

    /** The scores expected around the demonstrations; others are accepted and counted as unusual. */
    public PlausibleRange expectedRange() {
        return parser.expected();
    }

    /** Every request parameter in this predictor's cache keys. */
    public RequestSignature signature() {
        return signature;
    }

    /** A JSON schema response format: an object with one required number named after the metric. */
    static dev.langchain4j.model.chat.request.ResponseFormat scoreFormat(String metric) {
        return dev.langchain4j.model.chat.request.ResponseFormat.builder()
                .type(dev.langchain4j.model.chat.request.ResponseFormatType.JSON)
                .jsonSchema(dev.langchain4j.model.chat.request.json.JsonSchema.builder().name("score")
                        .rootElement(dev.langchain4j.model.chat.request.json.JsonObjectSchema.builder()
                                .addNumberProperty(metric).required(metric).build()).build())
                .build();
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

    public ResponseCache cache() {
        return cache;
    }

    public SearchSpace space() {
        return space;
    }

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
        prompts.demonstrations().forEach(d -> shown.add(new LlmProvenance.Shown(d.architecture().key(), d.score())));
        return new LlmProvenance(name, provider, modelName, temperature, task.id(), space.name(), prompts.parts(),
                shown, samples, parser.range(), parser.expected(), signature.extras(),
                dev.llmnas.core.LlmnasVersion.get());
    }

    /** What this predictor has spent so far (lifetime counters; subtract snapshots for one run). */
    public LlmUsage usage() {
        return caller.usage();
    }

    @Override
    public double predict(Architecture architecture) {
        return score(architecture);
    }

    /**
     * Scores all architectures concurrently (at most {@code concurrency} calls in flight), in order. Stops
     * starting new calls at the first failure and throws it; answers received so far stay in the cache.
     */
    @Override
    public double[] predictAll(List<Architecture> architectures) {
        return run(architectures, true).scoresOrNaN();
    }

    /**
     * Scores all architectures concurrently and keeps going past failures, which are reported per index
     * (budget exhaustion and replay-only cache misses included).
     */
    @Override
    public PredictionBatch tryPredictAll(List<Architecture> architectures) {
        return run(architectures, false);
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

    // ---- batches -------------------------------------------------------------------------------------------

    private PredictionBatch run(List<Architecture> architectures, boolean failFast) {
        Objects.requireNonNull(architectures, "architectures");
        int n = architectures.size();
        PredictionBatch.Builder out = PredictionBatch.builder(n);
        // One call per distinct architecture: duplicates in a batch share the answer.
        Map<Architecture, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            Architecture a = architectures.get(i);
            try {
                groups.computeIfAbsent(space.canonicalize(Objects.requireNonNull(a, "architecture " + i)),
                        k -> new ArrayList<>(1)).add(i);
            } catch (InvalidArchitectureException e) {
                PredictionException pe = new PredictionException(name, a, "not in space " + space.name() + ": "
                        + e.getMessage(), e);
                if (failFast) {
                    throw pe;
                }
                out.failure(i, pe);
            }
        }
        int total = groups.size();
        if (total == 0) {
            return out.build();
        }
        // A window of tasks per batch, so that a large batch does not queue thousands; the calls in flight are
        // bounded across all batches and threads by the call path's one bulkhead.
        int threads = Math.min(concurrency, total);
        Semaphore permits = new Semaphore(threads);
        AtomicReference<RuntimeException> abort = new AtomicReference<>();
        Tracker tracker = new Tracker(total, abort);
        try {
            for (Map.Entry<Architecture, List<Integer>> g : groups.entrySet()) {
                if (abort.get() != null) {
                    break;
                }
                permits.acquire();
                if (abort.get() != null) {
                    permits.release();
                    break;
                }
                Runnable task = () -> {
                    try {
                        double s = score(g.getKey());
                        g.getValue().forEach(i -> out.success(i, s));
                        tracker.completed(false);
                    } catch (CacheWriteException e) {
                        // Answers can no longer be kept: stop every batch mode, not only fail-fast.
                        g.getValue().forEach(i -> out.failure(i, e));
                        abort.compareAndSet(null, e);
                        tracker.completed(true);
                    } catch (RuntimeException e) {
                        PredictionException pe = e instanceof PredictionException p ? p
                                : new PredictionException(name, g.getKey(),
                                caller.secrets().mask(String.valueOf(e.getMessage())), caller.secrets().sanitize(e));
                        g.getValue().forEach(i -> out.failure(i, pe));
                        if (failFast) {
                            abort.compareAndSet(null, pe);
                        }
                        tracker.completed(true);
                    } finally {
                        permits.release();
                    }
                };
                if (threads == 1) {
                    task.run();
                } else {
                    try {
                        executor.execute(task);
                    } catch (java.util.concurrent.RejectedExecutionException e) {
                        permits.release();
                        throw new LlmnasException(name + ": the executor refused a task (was the predictor closed?)", e);
                    }
                }
            }
            permits.acquire(threads);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LlmnasException(name + ": interrupted while scoring; answers received so far are cached", e);
        }
        RuntimeException stop = abort.get();
        if (stop instanceof CacheWriteException) {
            // Calls in flight when the append failed may have lost their answers too: report the final count.
            throw cache.failure().map(RuntimeException.class::cast).orElse(stop);
        }
        if (stop != null) {
            throw stop;
        }
        return out.build();
    }

    private ThreadFactory threadFactory() {
        int pool = POOLS.incrementAndGet();
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "llm-pp-" + pool + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Counts finished architectures and tells the listener, one call at a time. */
    private final class Tracker {
        private final int total;
        private final AtomicReference<RuntimeException> abort;
        private int completed;
        private int failed;

        Tracker(int total, AtomicReference<RuntimeException> abort) {
            this.total = total;
            this.abort = abort;
        }

        synchronized void completed(boolean failure) {
            completed++;
            if (failure) {
                failed++;
            }
            if (listener != null && abort.get() == null) {
                try {
                    listener.onProgress(new Progress(completed, failed, total, usage()));
                } catch (RuntimeException e) {
                    abort.compareAndSet(null, new LlmnasException(name + ": progress listener failed after "
                            + completed + " of " + total + " architectures; batch stopped (answers so far are cached): "
                            + e.getMessage(), e));
                }
            }
        }
    }

    // ---- one architecture ----------------------------------------------------------------------------------

    private double score(Architecture architecture) {
        Architecture a;
        try {
            a = space.canonicalize(architecture);
        } catch (InvalidArchitectureException e) {
            throw new PredictionException(name, architecture, "not in space " + space.name() + ": " + e.getMessage(), e);
        }
        PpPrompt prompt = prompts.build(a);
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
        double[] v = values.clone();
        Arrays.sort(v);
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2;
    }

    private double sample(PpPrompt prompt, int sample) {
        Architecture a = prompt.architecture();
        String key = ResponseCache.key(signature, sample, prompt.text());
        CallPath.Question<Double> q = new CallPath.Question<>(key, a.key(), a.key(), signature, sample, prompt.text(),
                structured, maxRetries + 1, this::read);
        Optional<Double> hit = caller.cached(q, s -> s);
        if (hit.isPresent()) {
            return hit.get();
        }
        if (replayOnly) {
            throw new CacheMissException(name, a, "replay-only: no cached answer for this prompt (key "
                    + key.substring(0, 16) + ", " + provider + "/" + modelName + ", temperature "
                    + (temperature == null ? "default" : temperature) + (sample > 0 ? ", sample " + sample : "")
                    + (signature.extras().isEmpty() ? "" : ", " + signature.extras())
                    + ") in " + cache.location()
                    + "; run without replay-only (with a model configured) to ask the LLM");
        }
        try {
            return caller.ask(q);
        } catch (CallPath.BudgetSpent e) {
            throw new BudgetExhaustedException(name, a, e.getMessage());
        } catch (LlmCallException e) {
            throw new PredictionException(name, a, e.getMessage(), e);
        } catch (CallPath.NoAnswer e) {
            throw new PredictionException(name, a, e.getMessage().replace("no usable answer", "no usable "
                    + task.metricName()));
        }
    }

    private CallPath.Reading<Double> read(String text, String reasoning) {
        if ((text == null || text.isBlank()) && reasoning != null && !reasoning.isBlank()) {
            return CallPath.Reading.failed("only reasoning, no answer after it");
        }
        ScoreParser.Result r = parser.parse(text);
        if (!r.ok()) {
            return CallPath.Reading.failed(r.failure());
        }
        if (r.unusual()) {
            caller.unusual.incrementAndGet();
        }
        return CallPath.Reading.of(r.score(), r.score());
    }

    @Override
    public String toString() {
        return "LlmPerformancePredictor[" + name + ", " + provider + "/" + modelName + ", task " + task.id() + ", "
                + prompts.demonstrations().size() + " demonstrations]";
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
         * Runs the calls of {@code predictAll} and {@code tryPredictAll}; never shut down by this predictor.
         * Default: a pool of {@code concurrency} daemon threads owned by the predictor, made once and stopped by
         * {@link #close()}. How many calls are in flight is bounded by {@link #concurrency} whatever the executor.
         */
        public Builder executor(Executor executor) {
            this.executor = Objects.requireNonNull(executor, "executor");
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
