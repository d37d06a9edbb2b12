package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PredictionException;

/** An architecture was not scored because the predictor's {@link Budget} ran out; rerun to continue. */
public class BudgetExhaustedException extends PredictionException {
    /**
     * @param predictor    the predictor's name
     * @param architecture the architecture that could not be scored because the budget was spent
     * @param reason       what happened, in words
     */
    public BudgetExhaustedException(String predictor, Architecture architecture, String reason) {
        super(predictor, architecture, reason);
    }
}
