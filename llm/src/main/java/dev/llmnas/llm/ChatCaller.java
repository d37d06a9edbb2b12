package dev.llmnas.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one prompt to a chat model with the transport policy: budget check, rate limit, exponential backoff
 * with jitter on retriable faults, {@code Retry-After} honoured, permanent faults at once. Keeps the usage
 * counters. Thread-safe.
 *
 * <p>A circuit breaker guards against an endpoint that is down or misconfigured: a call that gives up on a
 * refused connection or an unknown host ({@value #UNREACHABLE_RETRIES} retries at most for those), or
 * {@value #TRIP_AFTER_FAILED_CALLS} calls in a row that give up on endpoint-wide faults (5xx, timeouts, 401,
 * 403, 404) with no success in between, open it; while it is open (for {@link #OPEN_FOR}), every call fails at
 * once with that same reason instead of spending minutes on retries. The next success closes it.
 */
final class ChatCaller {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCaller.class);

    private final String who;
    private final ChatModel model;
    private final BackoffPolicy backoff;
    private final Budget budget;
    private final RateLimiter limiter;
    private final Sleeper sleeper;
    private final RandomGenerator jitter;
    private final LongSupplier clock;

    /** Retries of a refused connection or unknown host: a server that is not there rarely appears in seconds. */
    static final int UNREACHABLE_RETRIES = 2;
    /** Calls in a row giving up on endpoint-wide faults, with no success between, that open the breaker. */
    static final int TRIP_AFTER_FAILED_CALLS = 3;
    /** How long an open breaker refuses calls before letting them try again. */
    static final Duration OPEN_FOR = Duration.ofSeconds(60);

    /** Why the breaker is open and since when (clock nanos); {@code null} when closed. */
    private record Open(String reason, int status, long since) {
    }

    private final AtomicReference<Open> open = new AtomicReference<>();
    private final AtomicInteger failedInARow = new AtomicInteger();

    final AtomicLong calls = new AtomicLong();
    final AtomicLong failedCalls = new AtomicLong();
    final AtomicLong cacheHits = new AtomicLong();
    final AtomicLong parseFailures = new AtomicLong();
    final AtomicLong inputTokens = new AtomicLong();
    final AtomicLong outputTokens = new AtomicLong();

    ChatCaller(String who, ChatModel model, BackoffPolicy backoff, Budget budget, double requestsPerMinute,
               Sleeper sleeper, LongSupplier clock, long seed) {
        this.who = who;
        this.model = model;
        this.backoff = backoff;
        this.budget = budget;
        this.sleeper = sleeper;
        this.limiter = requestsPerMinute > 0 ? new RateLimiter(requestsPerMinute, clock, sleeper) : null;
        this.jitter = new SplittableRandom(seed);
        this.clock = clock;
    }

    /** A reply and the tokens its call used. */
    record Reply(String text, long inputTokens, long outputTokens) {
    }

    /** The budget ran out before a call could be made. */
    static final class BudgetSpent extends RuntimeException {
        BudgetSpent(String message) {
            super(message, null, false, false);
        }
    }

    LlmUsage usage() {
        return new LlmUsage(calls.get(), failedCalls.get(), cacheHits.get(), parseFailures.get(), inputTokens.get(),
                outputTokens.get());
    }

    /**
     * Sends {@code text} as one user message.
     *
     * @throws LlmCallException on a permanent fault, or when retries run out, or when interrupted
     * @throws BudgetSpent      when the budget allows no further call
     */
    Reply call(String text, String subject) {
        ChatRequest request = ChatRequest.builder().messages(UserMessage.from(text)).build();
        for (int retry = 0; ; retry++) {
            refuseWhileOpen();
            reserveCall();
            try {
                if (limiter != null) {
                    limiter.acquire();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LlmCallException("interrupted while waiting for the rate limit", 0, false, null);
            }
            try {
                ChatResponse response = model.chat(request);
                failedInARow.set(0);
                open.set(null);
                TokenUsage u = response.tokenUsage();
                long in = u == null || u.inputTokenCount() == null ? 0 : u.inputTokenCount();
                long out = u == null || u.outputTokenCount() == null ? 0 : u.outputTokenCount();
                inputTokens.addAndGet(in);
                outputTokens.addAndGet(out);
                AiMessage message = response.aiMessage();
                return new Reply(message == null ? null : message.text(), in, out);
            } catch (RuntimeException e) {
                failedCalls.incrementAndGet();
                Fault f = Fault.classify(e);
                int retries = f.unreachable() ? Math.min(UNREACHABLE_RETRIES, backoff.maxRetries()) : backoff.maxRetries();
                if (!f.retriable() || retry >= retries) {
                    String what = f.retriable() && retries > 0
                            ? f.description() + " (gave up after " + (retry + 1) + " attempts)" : f.description();
                    if (f.endpointWide()) {
                        int inARow = failedInARow.incrementAndGet();
                        if (f.unreachable() || inARow >= TRIP_AFTER_FAILED_CALLS) {
                            trip(f, inARow);
                        }
                        // Once the breaker is open, every architecture reports the same reason, so that a
                        // summary can say it once.
                        Open o = open.get();
                        if (o != null) {
                            throw new LlmCallException(o.reason(), o.status(), true, Secrets.sanitized(e));
                        }
                    }
                    throw new LlmCallException(what, f.status(), f.retriable(), Secrets.sanitized(e));
                }
                Duration delay;
                synchronized (jitter) {
                    delay = backoff.delay(retry, f.retryAfter(), jitter);
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: {} for {}; retry {} of {} in {} ms", who, f.description(), subject, retry + 1,
                            retries, delay.toMillis());
                }
                try {
                    sleeper.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new LlmCallException("interrupted while backing off after " + f.description(), f.status(),
                            f.retriable(), null);
                }
            }
        }
    }

    private void trip(Fault f, int inARow) {
        String why = f.unreachable() ? "the endpoint cannot be reached"
                : "the endpoint failed " + inARow + " calls in a row with no success";
        Open o = new Open(f.description() + " [" + why + "; calls stopped for " + OPEN_FOR.toSeconds() + " s]",
                f.status(), clock.getAsLong());
        if (open.compareAndSet(null, o)) {
            LOG.warn("{}: {}", who, o.reason());
        }
    }

    /** Fails at once, with the reason the breaker opened, while it is open. */
    private void refuseWhileOpen() {
        Open o = open.get();
        if (o != null && clock.getAsLong() - o.since() < OPEN_FOR.toNanos()) {
            throw new LlmCallException(o.reason(), o.status(), true, null);
        }
        if (o != null) {
            // Cool-down over: let calls try again; the next give-up reopens it (the failure count is kept).
            open.compareAndSet(o, null);
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
                throw new BudgetSpent("call budget of " + budget.maxCalls() + " spent (" + usage()
                        + "); rerun with a larger budget to continue: answers so far are cached");
            }
            if (calls.compareAndSet(c, c + 1)) {
                return;
            }
        }
    }
}
