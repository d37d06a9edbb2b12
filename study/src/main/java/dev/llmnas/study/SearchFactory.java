package dev.llmnas.study;

import dev.llmnas.search.CheckpointedSearch;

/**
 * Builds a study's search. Every process that advances the study builds it again, so the factory must build
 * the same configuration everywhere: pass each expensive predictor through {@link StudyContext#distributed} (its
 * calls become trials evaluated by workers), and give the builder {@link StudyContext#checkpoint()} and
 * {@link StudyContext#listener()}. A predictor not passed through {@code distributed} is called in whichever
 * process advances the search; it must then be deterministic and available there (a cheap initial predictor, for
 * example). Example:
 *
 * <pre>{@code
 * SearchFactory factory = ctx -> HybridSearch.builder().space(space)
 *         .initialPredictor(cheap).finalPredictor(ctx.distributed(expensive))
 *         .iterations(10).populationSize(20).seed(7)
 *         .checkpoint(ctx.checkpoint()).listener(ctx.listener()).build();
 * }</pre>
 */
@FunctionalInterface
public interface SearchFactory {
    /**
     * @param context the study's hooks for this build
     * @return a search using the context's checkpoint and listener
     */
    CheckpointedSearch create(StudyContext context);
}
