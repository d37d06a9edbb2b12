package dev.llmnas.llm;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one prompt to a chat model with the transport policy: budget check, rate limit, exponential backoff
 * with jitter on retriable faults, {@code Retry-After} honoured, permanent faults at once. Keeps the usage
 * counters. Thread-safe.
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
                if (!f.retriable() || retry >= backoff.maxRetries()) {
                    String what = f.retriable() && backoff.maxRetries() > 0
                            ? f.description() + " (gave up after " + (retry + 1) + " attempts)" : f.description();
                    throw new LlmCallException(what, f.status(), f.retriable(), Secrets.sanitized(e));
                }
                Duration delay;
                synchronized (jitter) {
                    delay = backoff.delay(retry, f.retryAfter(), jitter);
                }
                if (LOG.isDebugEnabled()) {
                    LOG.debug("{}: {} for {}; retry {} of {} in {} ms", who, f.description(), subject, retry + 1,
                            backoff.maxRetries(), delay.toMillis());
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
