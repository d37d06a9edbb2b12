package dev.llmnas.core;

/** A predictor could not score an architecture; names the predictor and the architecture. */
public class PredictionException extends LlmnasException {
    private final String predictor;
    private final transient Architecture architecture;

    public PredictionException(String predictor, Architecture architecture, String reason) {
        this(predictor, architecture, reason, null);
    }

    public PredictionException(String predictor, Architecture architecture, String reason, Throwable cause) {
        super("predictor '" + predictor + "' failed on " + (architecture == null ? "<none>" : architecture.key())
                + ": " + reason, cause);
        this.predictor = predictor;
        this.architecture = architecture;
    }

    public String predictor() {
        return predictor;
    }

    public Architecture architecture() {
        return architecture;
    }
}
