package dev.llmnas.study;

import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.search.SearchListener;
import java.nio.file.Path;

/** What a {@link SearchFactory} wires into the search it builds. */
public interface StudyContext {
    /**
     * Wraps a predictor so that its calls become the study's trials. The returned predictor has the same name and
     * direction; it answers from completed trials and, for an architecture without one, asks the study to create
     * a pending trial.
     *
     * @param predictor the predictor workers will run (the local copy is used by workers in this process)
     * @return the predictor to give the search builder
     */
    PerformancePredictor distributed(PerformancePredictor predictor);

    /** @return the checkpoint file the search must be built with ({@code builder.checkpoint(..)}) */
    Path checkpoint();

    /** @return the listener the search must be built with ({@code builder.listener(..)}) */
    SearchListener listener();
}
