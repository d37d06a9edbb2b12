package dev.llmnas.llm;

/**
 * What a predictor has spent: a snapshot of counters. Subtract two snapshots ({@link #minus}) for one run.
 *
 * @param calls         requests sent to the model (every attempt, including failed and retried ones)
 * @param failedCalls   requests that ended in a transport fault (HTTP error, timeout, refused connection)
 * @param cacheHits     answers served from the cache without a call
 * @param parseFailures replies that held no usable score and were asked again
 * @param inputTokens   prompt tokens reported by the provider
 * @param outputTokens  completion tokens reported by the provider
 * @param unusual       scores accepted although far outside the demonstrations' range (within the task's)
 */
public record LlmUsage(long calls, long failedCalls, long cacheHits, long parseFailures, long inputTokens,
                       long outputTokens, long unusual) {

    /** Counters without the unusual-score count (0). */
    public LlmUsage(long calls, long failedCalls, long cacheHits, long parseFailures, long inputTokens,
                    long outputTokens) {
        this(calls, failedCalls, cacheHits, parseFailures, inputTokens, outputTokens, 0);
    }

    /** @return all counters 0 */
    public static LlmUsage zero() {
        return new LlmUsage(0, 0, 0, 0, 0, 0, 0);
    }

    /** @return input plus output tokens */
    public long totalTokens() {
        return inputTokens + outputTokens;
    }

    /** The difference of two snapshots: what was spent between them. */
    public LlmUsage minus(LlmUsage earlier) {
        return new LlmUsage(calls - earlier.calls, failedCalls - earlier.failedCalls, cacheHits - earlier.cacheHits,
                parseFailures - earlier.parseFailures, inputTokens - earlier.inputTokens,
                outputTokens - earlier.outputTokens, unusual - earlier.unusual);
    }

    @Override
    public String toString() {
        return calls + " calls (" + failedCalls + " failed), " + cacheHits + " cache hits, " + parseFailures
                + " unusable replies, tokens in/out " + inputTokens + "/" + outputTokens
                + (unusual == 0 ? "" : ", " + unusual + " scores far outside the demonstrations' range (kept)");
    }
}
