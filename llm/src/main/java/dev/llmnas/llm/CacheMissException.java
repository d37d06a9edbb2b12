package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PredictionException;

/** In replay-only mode, the cache held no answer for an architecture's prompt. */
public class CacheMissException extends PredictionException {
    /**
     * @param predictor    the predictor's name
     * @param architecture the architecture that could not be scored because the cache held no answer
     * @param reason       what happened, in words
     */
    public CacheMissException(String predictor, Architecture architecture, String reason) {
        super(predictor, architecture, reason);
    }
}
