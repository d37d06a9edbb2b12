package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.PredictionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The batch execution of {@link LlmPerformancePredictor}: scores a list of canonical architectures on an executor,
 * one task per distinct architecture (duplicates share the answer), at most {@code concurrency} tasks of the batch
 * submitted at a time, telling the {@link ProgressListener} after each. The calls in flight across every batch
 * and thread are bounded by the call path's bulkhead, not here. Thread-safe; holds no state between batches.
 */
final class ConcurrentBatch {
    private final String name;
    private final int concurrency;
    private final Executor executor;
    private final ProgressListener listener;
    private final Supplier<LlmUsage> usage;
    private final Secrets secrets;
    private final ResponseCache cache;

    /**
     * @param name        the predictor's name, for failures
     * @param concurrency tasks of one batch submitted at once, at least 1 (1: the batch runs on the calling thread)
     * @param executor    runs the tasks when {@code concurrency > 1}; never shut down here
     * @param listener    told after each architecture, or null
     * @param usage       the predictor's usage counters, for the listener
     * @param secrets     masks keys in failure messages
     * @param cache       the reply cache, whose failure stops every batch
     */
    ConcurrentBatch(String name, int concurrency, Executor executor, ProgressListener listener,
                    Supplier<LlmUsage> usage, Secrets secrets, ResponseCache cache) {
        this.name = name;
        this.concurrency = concurrency;
        this.executor = executor;
        this.listener = listener;
        this.usage = usage;
        this.secrets = secrets;
        this.cache = cache;
    }

    /**
     * Scores {@code canonical} with {@code scorer}.
     *
     * @param failFast stop starting tasks at the first failure and throw it; otherwise report each failure at its
     *                 index and keep going
     * @return every index's score or failure (with {@code failFast}, only when none failed)
     * @throws PredictionException with {@code failFast}, the first failure
     * @throws CacheWriteException in both modes, when the cache cannot be written (answers can no longer be kept)
     * @throws LlmnasException     when the listener fails, the executor refuses a task or the thread is interrupted
     */
    PredictionBatch run(List<Architecture> canonical, boolean failFast, ToDoubleFunction<Architecture> scorer) {
        int n = canonical.size();
        PredictionBatch.Builder out = PredictionBatch.builder(n);
        Map<Architecture, List<Integer>> groups = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            groups.computeIfAbsent(canonical.get(i), k -> new ArrayList<>(1)).add(i);
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
                        double s = scorer.applyAsDouble(g.getKey());
                        g.getValue().forEach(i -> out.success(i, s));
                        tracker.completed(false);
                    } catch (CacheWriteException e) {
                        // Answers can no longer be kept: stop every batch mode, not only fail-fast.
                        g.getValue().forEach(i -> out.failure(i, e));
                        abort.compareAndSet(null, e);
                        tracker.completed(true);
                    } catch (RuntimeException e) {
                        PredictionException pe = e instanceof PredictionException p ? p
                                : new PredictionException(name, g.getKey(), secrets.mask(String.valueOf(e.getMessage())),
                                secrets.sanitize(e));
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
                    } catch (RejectedExecutionException e) {
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
                    listener.onProgress(new Progress(completed, failed, total, usage.get()));
                } catch (RuntimeException e) {
                    abort.compareAndSet(null, new LlmnasException(name + ": progress listener failed after "
                            + completed + " of " + total + " architectures; batch stopped (answers so far are cached): "
                            + e.getMessage(), e));
                }
            }
        }
    }
}
