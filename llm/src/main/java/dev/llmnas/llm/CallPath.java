package dev.llmnas.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.UnsupportedFeatureException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way every LLM client of this module asks a question: look the request up in the cache; otherwise
 * call the model through Resilience4j (bulkhead, circuit breaker, retry, rate limiter), read the reply, store
 * a usable answer in the cache before using it, and ask again (up to a limit) when the reply holds none.
 * {@link LlmPerformancePredictor} and {@link ArchitectureProposer} both go through it. Thread-safe.
 *
 * <p>Decoration, outermost first: the <b>bulkhead</b> (at most {@code concurrency} calls in flight across every
 * thread and batch of the client), the <b>circuit breaker</b> (opens when calls keep giving up on faults of the
 * whole endpoint, or at once when it cannot be reached, and then fails calls at once for
 * {@link #OPEN_FOR}), the <b>retry</b> (retriable faults only, exponential backoff with seeded jitter, a
 * server's {@code Retry-After} honoured up to {@link BackoffPolicy#maxRetryAfter()}, and the whole wait per
 * question bounded by {@code maxWait}) and the <b>rate limiter</b> (requests started per minute), which spaces
 * every attempt.
 */
final class CallPath {
    private static final Logger LOG = LoggerFactory.getLogger(CallPath.class);

    /** Retries of a refused connection or unknown host: a server that is not there rarely appears in seconds. */
    static final int UNREACHABLE_RETRIES = 2;
    /** Calls in a row giving up on endpoint-wide faults that open the breaker. */
    static final int TRIP_AFTER_FAILED_CALLS = 3;
    /** How long an open breaker refuses calls. */
    static final Duration OPEN_FOR = Duration.ofSeconds(60);
    /** Lowest and highest accepted requests per minute (0 means no limit). */
    static final double MIN_RPM = 1e-3;
    static final double MAX_RPM = 1e6;

    private final String who;
    private final ChatModel model;
    private final BackoffPolicy backoff;
    private final Duration maxWait;
    private final Budget budget;
    private final ResponseCache cache;
    private final Secrets secrets;
    private final Bulkhead bulkhead;
    private final CircuitBreaker breaker;
    private final RateLimiter limiter;
    private final SplittableRandom jitter;
    private final AtomicReference<String> lastEndpointFault = new AtomicReference<>();
    private final AtomicBoolean structuredUnsupported = new AtomicBoolean();
    private final Duration openFor;
    private final java.util.function.Consumer<Duration> onWait;

    final AtomicLong calls = new AtomicLong();
    final AtomicLong failedCalls = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();
    final AtomicLong parseFailures = new AtomicLong();
    final AtomicLong inputTokens = new AtomicLong();
    final AtomicLong outputTokens = new AtomicLong();
    final AtomicLong unusual = new AtomicLong();

    CallPath(String who, ChatModel model, BackoffPolicy backoff, Duration maxWait, Budget budget, int concurrency,
             double requestsPerMinute, ResponseCache cache, Secrets secrets, long seed, Duration openFor,
             java.util.function.Consumer<Duration> onWait) {
        this.openFor = openFor;
        this.onWait = onWait;
        this.who = who;
        this.model = model;
        this.backoff = backoff;
        this.maxWait = maxWait;
        this.budget = budget;
        this.cache = cache;
        this.secrets = secrets;
        this.jitter = new SplittableRandom(seed);
        this.bulkhead = Bulkhead.of(who, BulkheadConfig.custom().maxConcurrentCalls(concurrency)
                .maxWaitDuration(Duration.ofDays(1)).build());
        this.breaker = CircuitBreaker.of(who, CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(TRIP_AFTER_FAILED_CALLS).minimumNumberOfCalls(TRIP_AFTER_FAILED_CALLS)
                .failureRateThreshold(100).waitDurationInOpenState(openFor).permittedNumberOfCallsInHalfOpenState(1)
                .automaticTransitionFromOpenToHalfOpenEnabled(false)
                .recordException(e -> e instanceof LlmCallException l && l.endpointWide())
                .ignoreException(e -> !(e instanceof LlmCallException l && l.endpointWide()))
                .build());
        this.limiter = requestsPerMinute > 0 ? rateLimiter(who, requestsPerMinute, concurrency) : null;
    }

    /** Resilience4j's limiter for a rate: one request per {@code 60 s / rpm}. */
    static RateLimiter rateLimiter(String who, double rpm, int concurrency) {
        requireRpm(rpm, "requestsPerMinute");
        Duration period = Duration.ofNanos(Math.round(60e9 / rpm));
        return RateLimiter.of(who, RateLimiterConfig.custom().limitForPeriod(1).limitRefreshPeriod(period)
                .timeoutDuration(period.multipliedBy(concurrency + 1L)).build());
    }

    /** Refuses a rate that would overflow or make no sense, naming {@code what}. */
    static void requireRpm(double rpm, String what) {
        if (!(rpm == 0 || rpm >= MIN_RPM && rpm <= MAX_RPM)) {
            throw new IllegalArgumentException(what + ": " + rpm + " is not 0 (no limit) or in [" + MIN_RPM + ", "
                    + (long) MAX_RPM + "] requests per minute");
        }
    }

    Secrets secrets() {
        return secrets;
    }

    ResponseCache cache() {
        return cache;
    }

    LlmUsage usage() {
        return new LlmUsage(calls.get(), failedCalls.get(), cacheHits.get(), parseFailures.get(), inputTokens.get(),
                outputTokens.get(), unusual.get());
    }

    /** A reply, its reasoning (when the provider returns it separately) and the tokens its call used. */
    record Reply(String text, String reasoning, long inputTokens, long outputTokens) {
    }

    /** What a reader made of a reply: a value (with the score to store), or why there is none. */
    record Reading<T>(T value, Double score, String failure) {
        static <T> Reading<T> of(T value, Double score) {
            return new Reading<>(value, score, null);
        }

        static <T> Reading<T> failed(String why) {
            return new Reading<>(null, null, why);
        }
    }

    /** Reads a reply. */
    interface Reader<T> {
        Reading<T> read(String text, String reasoning);
    }

    /** The budget ran out before a call could be made. */
    static final class BudgetSpent extends RuntimeException {
        BudgetSpent(String message) {
            super(message, null, false, false);
        }
    }

    /** No reply of {@code asks} gave a usable answer. */
    static final class NoAnswer extends RuntimeException {
        final String lastReply;

        NoAnswer(String message, String lastReply) {
            super(message, null, false, false);
            this.lastReply = lastReply;
        }
    }

    /** Replay-only: the cache holds no answer to the question and no call may be made. */
    static final class NotCached extends RuntimeException {
        NotCached(String key) {
            super("no cached answer for key " + key.substring(0, Math.min(16, key.length())), null, false, false);
        }
    }

    /** One question: where its answer is cached, what to send, how to read the reply. */
    record Question<T>(String key, String subject, String architecture, RequestSignature signature, int sample,
                       String prompt, ResponseFormat structured, int maxAsks, Reader<T> reader) {
    }

    /**
     * The answer to a question, the one loop of every client: the cached answer when there is one that still
     * reads ({@link #cached}), otherwise, unless {@code replayOnly}, the model is asked ({@link #ask}).
     *
     * @param fromScore  makes an answer of a stored score when a truncated stored reply cannot be read again; null
     *                   when answers are not scores
     * @param replayOnly answer from the cache only
     * @throws NotCached           in replay-only mode, when the cache holds no usable answer
     * @throws NoAnswer            when no reply read (the message lists each reply's reason)
     * @throws LlmCallException    when a call fails for good
     * @throws BudgetSpent         when the budget allows no further call
     * @throws CacheWriteException when the answer cannot be stored
     */
    <T> T answer(Question<T> q, java.util.function.Function<Double, T> fromScore, boolean replayOnly) {
        Optional<T> hit = cached(q, fromScore);
        if (hit.isPresent()) {
            return hit.get();
        }
        if (replayOnly) {
            throw new NotCached(q.key());
        }
        return ask(q);
    }

    /**
     * The cached answer to a question, if its stored reply still reads (a complete stored reply is read again,
     * so that a reading rule fixed since is applied; a truncated one keeps its stored score).
     */
    private <T> Optional<T> cached(Question<T> q, java.util.function.Function<Double, T> fromScore) {
        Optional<ResponseCache.Entry> hit = cache.get(q.key());
        if (hit.isEmpty()) {
            return Optional.empty();
        }
        ResponseCache.Entry e = hit.get();
        if (ResponseCache.truncated(e.reply()) && e.score() != null && fromScore != null) {
            cacheHits.incrementAndGet();
            return Optional.of(fromScore.apply(e.score()));
        }
        Reading<T> r = q.reader().read(e.reply(), null);
        if (r.failure() == null) {
            cacheHits.incrementAndGet();
            return Optional.of(r.value());
        }
        LOG.warn("{}: cached reply for {} no longer reads ({}); asking again", who, q.subject(), r.failure());
        return Optional.empty();
    }

    /**
     * Asks until a reply reads, at most {@code maxAsks} times, and stores the answer before returning it.
     *
     * @throws NoAnswer            when no reply read (the message lists each reply's reason)
     * @throws LlmCallException    when a call fails for good
     * @throws BudgetSpent         when the budget allows no further call
     * @throws CacheWriteException when the answer cannot be stored (or the cache failed before: no call starts)
     */
    private <T> T ask(Question<T> q) {
        Waited waited = new Waited();
        List<String> reasons = new ArrayList<>();
        String last = null;
        for (int attempt = 0; attempt < q.maxAsks(); attempt++) {
            Reply reply = call(q, waited);
            Reading<T> r = q.reader().read(reply.text(), reply.reasoning());
            if (r.failure() == null) {
                String text = reply.text() == null ? "" : secrets.mask(reply.text());
                cache.put(new ResponseCache.Entry(q.key(), q.signature().provider(), q.signature().model(),
                        q.signature().temperature(), q.sample(), q.architecture(), text, r.score(),
                        reply.inputTokens(), reply.outputTokens()));
                return r.value();
            }
            parseFailures.incrementAndGet();
            reasons.add("reply " + (attempt + 1) + ": " + r.failure());
            last = reply.text();
        }
        throw new NoAnswer(secrets.mask("no usable answer in " + q.maxAsks() + (q.maxAsks() == 1 ? " reply (" : " replies (")
                + String.join("; ", reasons) + "); last reply: '" + ScoreParser.shorten(last) + "'"),
                secrets.mask(last));
    }

    /** Time spent waiting between attempts for one question. */
    private static final class Waited {
        long nanos;
    }

    /** One call with the whole policy. */
    private Reply call(Question<?> q, Waited waited) {
        try {
            return bulkhead.executeSupplier(() -> breaker.executeSupplier(() -> retried(q, waited)));
        } catch (CallNotPermittedException e) {
            String why = lastEndpointFault.get();
            if (why != null && why.contains("calls stopped for")) {
                throw new LlmCallException(why, 0, true, null);
            }
            throw new LlmCallException((why == null ? "the endpoint failed" : why) + " [the endpoint failed "
                    + TRIP_AFTER_FAILED_CALLS + " calls in a row with no success; calls stopped for "
                    + openFor.toSeconds() + " s]", 0, true, null);
        } catch (BulkheadFullException e) {
            throw new LlmCallException("interrupted while waiting for a free call slot", 0, false, null);
        }
    }

    /** Per question: which attempt, what the last fault was, and the delay chosen for the next retry. */
    private final class RetryState {
        int attempt;
        Fault fault;
        long nextDelayNanos;
        String gaveUp;
    }

    private Reply retried(Question<?> q, Waited waited) {
        RetryState state = new RetryState();
        Retry retry = Retry.of(who, RetryConfig.<Reply>custom()
                .maxAttempts(backoff.maxRetries() + 1)
                .retryOnException(e -> mayRetry(e, state, waited))
                .intervalBiFunction((IntervalBiFunction<Reply>) (n, either) -> {
                    waited.nanos += state.nextDelayNanos;
                    onWait.accept(Duration.ofNanos(state.nextDelayNanos));
                    return Math.max(0, state.nextDelayNanos / 1_000_000);
                })
                .failAfterMaxAttempts(false)
                .build());
        try {
            return Retry.decorateSupplier(retry, () -> attempt(q, state)).get();
        } catch (Attempt e) {
            Fault f = e.fault;
            String what = f.description();
            if (f.retriable()) {
                what += " (gave up after " + state.attempt + (state.attempt == 1 ? " attempt" : " attempts")
                        + ", " + seconds(waited.nanos) + " of waiting" + (state.gaveUp == null ? "" : "; " + state.gaveUp)
                        + ")";
            }
            LlmCallException ex = new LlmCallException(secrets.mask(what), f.status(), f.retriable(),
                    secrets.sanitize(e.getCause()), f.endpointWide());
            if (f.unreachable()) {
                ex = new LlmCallException(secrets.mask(what + " [the endpoint cannot be reached; calls stopped for "
                        + openFor.toSeconds() + " s]"), f.status(), true, secrets.sanitize(e.getCause()), true);
            }
            if (f.endpointWide()) {
                lastEndpointFault.set(ex.getMessage());
                if (f.unreachable() && breaker.getState() != CircuitBreaker.State.OPEN) {
                    try {
                        breaker.transitionToOpenState();
                    } catch (RuntimeException raced) {
                        // another thread opened it first
                    }
                }
            }
            throw ex;
        }
    }

    private static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    /** Whether to try again after {@code e}, and if so after how long (stored in the state). */
    private boolean mayRetry(Throwable e, RetryState state, Waited waited) {
        if (!(e instanceof Attempt a) || !a.fault.retriable()) {
            return false;
        }
        Fault f = a.fault;
        int retriesSoFar = state.attempt - 1;
        if (f.unreachable() && retriesSoFar >= UNREACHABLE_RETRIES) {
            return false;
        }
        long delay;
        if (f.retryAfter() != null) {
            Duration cap = backoff.maxRetryAfter();
            Duration d = f.retryAfter().compareTo(cap) > 0 ? cap : f.retryAfter();
            delay = d.toNanos();
        } else {
            long base = IntervalFunction.ofExponentialBackoff(backoff.initialDelay().toMillis(), backoff.multiplier(),
                    backoff.maxDelay().toMillis()).apply(state.attempt) * 1_000_000L;
            double factor;
            synchronized (jitter) {
                factor = backoff.jitter() == 0 ? 1 : 1 + backoff.jitter() * (2 * jitter.nextDouble() - 1);
            }
            delay = Math.min((long) (base * factor), backoff.maxDelay().toNanos());
        }
        if (waited.nanos + delay > maxWait.toNanos()) {
            state.gaveUp = "the next wait of " + seconds(delay) + (f.retryAfter() != null ? " (Retry-After "
                    + seconds(f.retryAfter().toNanos()) + ")" : "") + " would pass the " + seconds(maxWait.toNanos())
                    + " allowed per question";
            return false;
        }
        state.nextDelayNanos = delay;
        LOG.debug("{}: {}; retry {} in {} ms", who, f.description(), state.attempt, delay / 1_000_000);
        return true;
    }

    /** A failed attempt with its classified fault, for the retry's predicate. */
    private static final class Attempt extends RuntimeException {
        final transient Fault fault;

        Attempt(Fault fault, Throwable cause) {
            super(fault.description(), cause, false, false);
            this.fault = fault;
        }
    }

    private Reply attempt(Question<?> q, RetryState state) {
        Optional<CacheWriteException> broken = cache.failure();
        if (broken.isPresent()) {
            throw broken.get();
        }
        reserveCall();
        state.attempt++;
        if (limiter != null) {
            long wait = limiter.reservePermission();
            if (wait < 0) {
                throw new LlmCallException("rate limit: no request slot within " + limiter.getRateLimiterConfig()
                        .getTimeoutDuration().toSeconds() + " s", 0, false, null);
            }
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LlmCallException("interrupted while waiting for the rate limit", 0, false, null);
                }
            }
        }
        ChatRequest.Builder request = ChatRequest.builder().messages(UserMessage.from(q.prompt()));
        boolean structured = q.structured() != null && !structuredUnsupported.get();
        if (structured) {
            request.responseFormat(q.structured());
        }
        try {
            ChatResponse response = model.chat(request.build());
            TokenUsage u = response.tokenUsage();
            long in = u == null || u.inputTokenCount() == null ? 0 : u.inputTokenCount();
            long out = u == null || u.outputTokenCount() == null ? 0 : u.outputTokenCount();
            inputTokens.addAndGet(in);
            outputTokens.addAndGet(out);
            AiMessage message = response.aiMessage();
            return new Reply(message == null ? null : message.text(), message == null ? null : message.thinking(),
                    in, out);
        } catch (UnsupportedFeatureException e) {
            failedCalls.incrementAndGet();
            if (structured && structuredUnsupported.compareAndSet(false, true)) {
                // The model cannot give a structured answer: read text from now on (the cache key keeps the
                // requested format, so the answer stays with the request that asked for it). Retried at once.
                LOG.warn("{}: the model does not support a structured answer; reading text replies instead", who);
                throw new Attempt(new Fault(true, 0, Duration.ZERO, "structured answer not supported"), e);
            }
            throw new Attempt(Fault.classify(e, secrets), e);
        } catch (RuntimeException e) {
            failedCalls.incrementAndGet();
            throw new Attempt(Fault.classify(e, secrets), e);
        }
    }

    private void reserveCall() {
        if (inputTokens.get() + outputTokens.get() >= budget.maxTokens()) {
            throw new BudgetSpent("token budget of " + budget.maxTokens() + " spent (" + usage()
                    + "); rerun with a larger budget to continue: answers so far are cached");
        }
        while (true) {
            long c = calls.get();
            if (c >= budget.maxCalls()) {
                // no usage snapshot here: calls already started may still be adding their tokens
                throw new BudgetSpent("call budget of " + budget.maxCalls() + " spent (" + c + " calls started);"
                        + " rerun with a larger budget to continue: answers so far are cached");
            }
            if (calls.compareAndSet(c, c + 1)) {
                return;
            }
        }
    }
}
