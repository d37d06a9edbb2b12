package dev.llmnas.core;

import java.util.List;

/**
 * Learns a cheap predictor from an expensive teacher: the teacher labels a pool of architectures once,
 * a regressor learns the labels.
 */
public interface Distiller {

    /**
     * Labels {@code pool} with {@code teacher} (through {@link PerformancePredictor#tryPredictAll}, so failed
     * labels are excluded, never imputed) and fits a student on the space's encoding.
     */
    PerformancePredictor distill(PerformancePredictor teacher, SearchSpace space, List<Architecture> pool);
}
