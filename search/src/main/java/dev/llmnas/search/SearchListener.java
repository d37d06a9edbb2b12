package dev.llmnas.search;

import dev.llmnas.core.SearchResult;

/**
 * Follows a search as it runs: a progress bar, a log, a plot. Every method has an empty default, so implement
 * only what you need. Calls come from the thread that runs the search, in order.
 *
 * <p>An exception thrown by a listener stops the search and propagates out of {@code run()} or
 * {@code resume(..)}; the checkpoint written just before the call (when one is configured) stays valid, so
 * the run can be resumed from it.
 */
public interface SearchListener {

    /**
     * The search starts (or restarts from a checkpoint).
     *
     * @param strategy       the strategy's name ({@code hybrid}, {@code evolution}, {@code random})
     * @param iterations     the total number of iterations
     * @param firstIteration 0 for a fresh run, the next iteration to run when resuming
     */
    default void searchStarted(String strategy, int iterations, int firstIteration) {
    }

    /** An iteration has been scored and the next population bred (and checkpointed, when configured). */
    default void iterationFinished(SearchProgress progress) {
    }

    /** The search has finished; called once with the result {@code run()} is about to return. */
    default void searchFinished(SearchResult result) {
    }
}
