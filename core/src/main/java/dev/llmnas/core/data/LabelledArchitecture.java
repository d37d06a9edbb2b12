package dev.llmnas.core.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.Architecture;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An architecture with scores and efficiency metrics read from a data set.
 *
 * @param architecture the canonical architecture
 * @param scores       named scores in the order read, e.g. {@code scratch.valid_BLEU}, {@code HAT.valid_BLEU}, {@code cifar10}
 * @param metrics      named efficiency metrics as recorded, e.g. {@code total_flops}
 * @param record       the whole source record, every field kept (for CSV rows, the row's columns)
 */
public record LabelledArchitecture(Architecture architecture, Map<String, Double> scores,
                                   Map<String, Double> metrics, ObjectNode record) {
    public LabelledArchitecture {
        Objects.requireNonNull(architecture, "architecture");
        scores = ordered("scores", scores);
        metrics = ordered("metrics", metrics);
        Objects.requireNonNull(record, "record");
    }

    /** An unmodifiable copy that keeps the reader's order (Map.copyOf's order changes from JVM to JVM). */
    private static Map<String, Double> ordered(String field, Map<String, Double> map) {
        Objects.requireNonNull(map, field);
        map.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException(field + ": null name or value in " + map);
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(map));
    }

    /**
     * The named score.
     *
     * @throws IllegalArgumentException saying whether the field is missing or holds something else than a number,
     *                                  and listing the numeric scores this record has
     */
    public double score(String name) {
        Double v = scores.get(name);
        if (v == null) {
            throw new IllegalArgumentException("score '" + name + "': " + LlmasJsonl.whyNoScore(record, name)
                    + " (this record's numeric scores: " + scores.keySet() + ") for " + architecture.key());
        }
        return v;
    }

    /** The named metric, or an exception listing the metrics this record has. */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("metric: '" + name + "' is not one of " + metrics.keySet()
                    + " for " + architecture.key());
        }
        return v;
    }
}
