package dev.llmnas.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An architecture with the score one predictor gave it and its efficiency metrics.
 *
 * @param architecture the canonical architecture
 * @param score        the score
 * @param predictor    the name of the predictor that gave it
 * @param metrics      efficiency metrics by name, in the order given (may be empty)
 */
public record ScoredArchitecture(Architecture architecture, double score, String predictor, Map<String, Double> metrics) {
    public ScoredArchitecture {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(predictor, "predictor");
        // keep the caller's order: Map.copyOf iterates in an order that changes from JVM to JVM
        metrics = metrics == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
        metrics.forEach((k, v) -> Objects.requireNonNull(v, () -> "metrics: " + k + " has no value"));
    }
}
