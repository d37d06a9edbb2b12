package dev.llmnas.llm;

/**
 * Told after each architecture of a batch finishes. Calls are serialised (never concurrent), so a listener
 * need not be thread-safe; it should return quickly. A listener that throws stops the batch: calls in flight
 * finish and are cached, nothing new starts, and the batch fails with that exception as the cause.
 */
@FunctionalInterface
public interface ProgressListener {
    void onProgress(Progress progress);
}
