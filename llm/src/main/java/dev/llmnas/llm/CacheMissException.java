package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PredictionException;

/** In replay-only mode, the cache held no answer for an architecture's prompt. */
public class CacheMissException extends PredictionException {
    public CacheMissException(String predictor, Architecture architecture, String reason) {
        super(predictor, architecture, reason);
    }
}
