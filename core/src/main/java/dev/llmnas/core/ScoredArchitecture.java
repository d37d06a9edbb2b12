package dev.llmnas.core;

import java.util.Map;
import java.util.Objects;

/**
 * An architecture with the score one predictor gave it and its efficiency metrics.
 *
 * @param architecture the canonical architecture
 * @param score        the score
 * @param predictor    the name of the predictor that gave it
 * @param metrics      efficiency metrics by name (may be empty)
 */
public record ScoredArchitecture(Architecture architecture, double score, String predictor, Map<String, Double> metrics) {
    public ScoredArchitecture {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(predictor, "predictor");
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
    }
}
