package dev.llmnas.llm;

/**
 * Told after each architecture of a batch finishes. Calls are serialised (never concurrent), so a listener
 * need not be thread-safe; it should return quickly. A listener that throws stops the batch: calls in flight
 * finish and are cached, nothing new starts, and the batch fails with that exception as the cause.
 */
@FunctionalInterface
public interface ProgressListener {
    /**
     * Called after each architecture of the batch finishes, scored or failed, on whichever thread finished it
     * but never concurrently with another call; no longer called once the batch is stopping.
     *
     * @param progress counts so far: finished and failed architectures out of the batch's distinct total, and
     *                 the predictor's lifetime usage
     */
    void onProgress(Progress progress);
}
