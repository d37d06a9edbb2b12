package dev.llmnas.search;

import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchStrategy;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Map;

/** What the three strategies share: an immutable plan, run and resumed by the one engine. */
abstract class PlannedSearch implements SearchStrategy, CheckpointedSearch {
    final Plan plan;

    PlannedSearch(Plan plan) {
        this.plan = plan;
    }

    @Override
    public String name() {
        return plan.strategy();
    }

    /**
     * Runs the search; with a checkpoint configured that already exists, continues it (see
     * {@link AbstractSearchBuilder#checkpoint}).
     *
     * @throws SearchException when the constraints cannot be met within {@code maxTries} (for random search:
     *                         fewer than {@code budget} distinct feasible architectures), a predictor fails, or
     *                         a checkpoint cannot be written or was written by another configuration
     */
    @Override
    public SearchResult run() {
        return new Engine(plan).run();
    }

    /**
     * Continues the run saved in {@code checkpoint} by this same configuration and returns exactly the result an
     * uninterrupted run would have (wall time aside), without repeating any predictor call already made.
     * Checkpoints keep being written to the configured path, or to {@code checkpoint} when none is configured.
     *
     * @throws SearchException when the file cannot be read or was written by a different configuration
     */
    @Override
    public SearchResult resume(Path checkpoint) {
        return new Engine(plan).resume(AbstractSearchBuilder.requireArg("checkpoint", checkpoint, "a file path"));
    }

    @Override
    public Map<String, String> fingerprint() {
        return Collections.unmodifiableMap(plan.fingerprint());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + plan.fingerprint();
    }
}
