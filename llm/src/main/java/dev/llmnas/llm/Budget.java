package dev.llmnas.llm;

/**
 * A cap on what a predictor may spend over its lifetime: LLM calls (each HTTP attempt counts) and tokens
 * (input plus output, as reported by the provider). When it runs out, architectures that need a call fail
 * with {@link BudgetExhaustedException}; cached answers are still served and nothing done is lost. With
 * concurrent calls the token cap can be overshot by the calls already in flight.
 *
 * @param maxCalls  most calls, or {@code Long.MAX_VALUE}
 * @param maxTokens most tokens, or {@code Long.MAX_VALUE}
 */
public record Budget(long maxCalls, long maxTokens) {
    /** @throws IllegalArgumentException when a cap is negative */
    public Budget {
        if (maxCalls < 0) {
            throw new IllegalArgumentException("maxCalls: " + maxCalls + " must be >= 0");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens: " + maxTokens + " must be >= 0");
        }
    }

    /** @return no cap on calls or tokens (the default) */
    public static Budget unlimited() {
        return new Budget(Long.MAX_VALUE, Long.MAX_VALUE);
    }

    /**
     * @param maxCalls most calls over the predictor's lifetime, every HTTP attempt counted
     * @return a cap on calls only
     * @throws IllegalArgumentException when {@code maxCalls} is negative
     */
    public static Budget calls(long maxCalls) {
        return new Budget(maxCalls, Long.MAX_VALUE);
    }

    /**
     * @param maxTokens most tokens (input plus output) over the predictor's lifetime
     * @return a cap on tokens only
     * @throws IllegalArgumentException when {@code maxTokens} is negative
     */
    public static Budget tokens(long maxTokens) {
        return new Budget(Long.MAX_VALUE, maxTokens);
    }

    /** @return whether neither calls nor tokens are capped */
    public boolean isUnlimited() {
        return maxCalls == Long.MAX_VALUE && maxTokens == Long.MAX_VALUE;
    }
}
