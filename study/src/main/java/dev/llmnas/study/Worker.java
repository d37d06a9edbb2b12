package dev.llmnas.study;

import dev.llmnas.core.PerformancePredictor;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates a study's trials until the search has finished: claims a pending trial, scores it with the local
 * predictor of that name, heartbeats every third of the study's grace while it works, and tells the score (or
 * fails the trial with the predictor's error). When no trial is open it advances the search itself. Run as many
 * workers as you like, in any processes on any machines; each runs on the calling thread.
 */
public final class Worker implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

    private final Study study;
    private final String name;
    private final Map<String, PerformancePredictor> predictors;
    private final Duration poll;
    private final AtomicLong evaluated = new AtomicLong();

    /**
     * @param study      the study
     * @param name       this worker's name, stored on the trials it evaluates
     * @param predictors the predictors to evaluate with, by the name the study's trials carry (usually
     *                   {@link Study#predictors()})
     * @param poll       how long to wait when every open trial is running elsewhere, positive
     */
    public Worker(Study study, String name, Map<String, PerformancePredictor> predictors, Duration poll) {
        this.study = Objects.requireNonNull(study, "study");
        if (name == null || name.isBlank() || name.length() > 200) {
            throw new IllegalArgumentException("worker name must be 1 to 200 characters, got '" + name + "'");
        }
        this.name = name;
        this.predictors = Map.copyOf(predictors);
        if (poll == null || poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException("poll must be positive, got " + poll);
        }
        this.poll = poll;
    }

    /** @return how many trials this worker evaluated (its expensive calls) */
    public long evaluated() {
        return evaluated.get();
    }

    /**
     * Works until the study has finished.
     *
     * @throws StudyException when the database fails, or a trial names a predictor this worker does not have
     */
    @Override
    public void run() {
        long beat = Math.max(100, study.options().heartbeatGrace().toMillis() / 3);
        ScheduledExecutorService heart = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "llmnas-heartbeat-" + name);
            t.setDaemon(true);
            return t;
        });
        try {
            while (true) {
                Optional<Trial> next = study.ask(name);
                if (next.isEmpty()) {
                    if (study.isFinished()) {
                        return;
                    }
                    sleep(poll);
                    continue;
                }
                Trial trial = next.get();
                PerformancePredictor p = predictors.get(trial.predictor());
                if (p == null) {
                    study.fail(trial.id(), "worker " + name + " has no predictor '" + trial.predictor() + "'");
                    throw new StudyException("worker " + name + ": trial " + trial.id() + " needs predictor '"
                            + trial.predictor() + "' but this worker has " + predictors.keySet());
                }
                var beating = heart.scheduleAtFixedRate(() -> {
                    try {
                        study.heartbeat(trial.id(), name);
                    } catch (RuntimeException e) {
                        LOG.warn("worker {}: heartbeat of trial {} failed: {}", name, trial.id(), e.getMessage());
                    }
                }, beat, beat, TimeUnit.MILLISECONDS);
                try {
                    double score;
                    try {
                        evaluated.incrementAndGet();
                        score = p.predict(trial.architecture());
                    } catch (RuntimeException e) {
                        beating.cancel(false);
                        TrialState s = study.fail(trial.id(), "attempt " + trial.attempt() + " by " + name + ": "
                                + e.getMessage());
                        LOG.warn("worker {}: trial {} failed ({}): {}", name, trial.id(), s, e.getMessage());
                        continue;
                    }
                    beating.cancel(false);
                    if (!Double.isFinite(score)) {
                        study.fail(trial.id(), "attempt " + trial.attempt() + " by " + name + ": predictor '"
                                + p.name() + "' returned " + score);
                    } else {
                        study.tell(trial.id(), score);
                    }
                } finally {
                    beating.cancel(false);
                }
            }
        } finally {
            heart.shutdownNow();
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StudyException("worker interrupted", e);
        }
    }
}
