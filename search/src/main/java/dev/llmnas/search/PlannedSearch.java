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
     * @throws SamplingException when no candidate meeting the constraints is found within {@code maxTries} draws
     *                           nor by repairing draws toward the bounds (for random search: fewer than
     *                           {@code budget} distinct feasible architectures)
     * @throws SearchException   when a constraint's metric is not finite for a candidate (naming the constraint
     *                           and the architecture), a predictor fails, or a checkpoint cannot be written or was
     *                           written by another configuration or in another space (both space fingerprints
     *                           shown)
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
        java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
        settings.put("spaceName", plan.space().name());
        settings.putAll(plan.fingerprint());
        return getClass().getSimpleName() + settings;
    }
}
