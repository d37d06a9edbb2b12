package dev.llmnas.study;

import dev.llmnas.core.PerformancePredictor;
import java.nio.file.Path;

/**
 * Builds a predictor from a one-line specification {@code scheme:rest}, so a worker on another machine can build
 * its predictor from configuration. Found through {@link java.util.ServiceLoader}: to plug in your own (a GPU
 * trainer, a supernet), implement this interface, list the class in
 * {@code META-INF/services/dev.llmnas.study.PredictorProvider} and put the jar on the worker's class path.
 * Built in: {@code nats-bench:<cifar10|cifar100|imagenet16>} (the NATS-Bench table's test accuracy) and
 * {@code http://...} / {@code https://...} (a scoring service, see {@link HttpPerformancePredictor}).
 */
public interface PredictorProvider {
    /** @return the schemes this provider builds, e.g. {@code ["nats-bench"]}; lower case */
    java.util.List<String> schemes();

    /**
     * @param spec the whole specification, {@code scheme:rest}
     * @param data the data folder (for table predictors), never null
     * @return the predictor
     * @throws IllegalArgumentException when the specification is malformed, naming it and what is allowed
     */
    PerformancePredictor create(String spec, Path data);
}
