package dev.llmnas.search;

import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchStrategy;
import java.nio.file.Path;
import java.util.Map;

/**
 * A search that checkpoints its whole state and can be continued from a checkpoint: what a study (module
 * {@code llmnas-study}) needs to keep a search in a database. Implemented by {@link HybridSearch},
 * {@link EvolutionarySearch} and {@link RandomSearch}.
 */
public interface CheckpointedSearch extends SearchStrategy {

    /**
     * Continues the run saved in {@code checkpoint} by this same configuration.
     *
     * @param checkpoint a checkpoint file written by this configuration
     * @return the result an uninterrupted run would have returned (wall time aside)
     * @throws SearchException when the file cannot be read or was written by a different configuration
     */
    SearchResult resume(Path checkpoint);

    /**
     * Everything that decides this run's outcome, as text by setting name (strategy, space, sizes, seed,
     * predictors' names by phase, constraints, ...), in a fixed order. A checkpoint stores it; resuming under a
     * different fingerprint is refused.
     *
     * @return an unmodifiable, ordered map from setting name to its value
     */
    Map<String, String> fingerprint();
}
