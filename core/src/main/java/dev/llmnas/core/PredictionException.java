package dev.llmnas.core;

/** A predictor could not score an architecture; names the predictor and the architecture. */
public class PredictionException extends LlmnasException {
    private final String predictor;
    private final transient Architecture architecture;

    /**
     * A failure without an underlying cause. The message reads
     * {@code "predictor '<predictor>' failed on <architecture key>: <reason>"}.
     *
     * @param predictor    the failing predictor's {@code name()}
     * @param architecture the architecture being scored, or {@code null} when the failure concerns no single one
     *                     (the message then says {@code <none>})
     * @param reason       what went wrong, in words
     */
    public PredictionException(String predictor, Architecture architecture, String reason) {
        this(predictor, architecture, reason, null);
    }

    /**
     * A failure caused by another exception (a provider error, a native XGBoost error, an I/O error...). The
     * message reads {@code "predictor '<predictor>' failed on <architecture key>: <reason>"}.
     *
     * @param predictor    the failing predictor's {@code name()}
     * @param architecture the architecture being scored, or {@code null} when the failure concerns no single one
     * @param reason       what went wrong, in words
     * @param cause        the underlying exception, or {@code null}
     */
    public PredictionException(String predictor, Architecture architecture, String reason, Throwable cause) {
        super("predictor '" + predictor + "' failed on " + (architecture == null ? "<none>" : architecture.key())
                + ": " + reason, cause);
        this.predictor = predictor;
        this.architecture = architecture;
    }

    /** The failing predictor's name, as given to the constructor. */
    public String predictor() {
        return predictor;
    }

    /**
     * The architecture that could not be scored, or {@code null} when the failure concerns no single one. Not
     * serialized: it is {@code null} after the exception has been deserialized.
     */
    public Architecture architecture() {
        return architecture;
    }
}
