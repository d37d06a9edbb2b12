package dev.llmnas.core.data;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.Architecture;
import java.util.Map;
import java.util.Objects;

/**
 * An architecture with scores and efficiency metrics read from a data set.
 *
 * @param architecture the canonical architecture
 * @param scores       named scores, e.g. {@code scratch.valid_BLEU}, {@code HAT.valid_BLEU}, {@code cifar10}
 * @param metrics      named efficiency metrics as recorded, e.g. {@code total_flops}
 * @param record       the whole source record, every field kept (an empty object for CSV rows)
 */
public record LabelledArchitecture(Architecture architecture, Map<String, Double> scores,
                                   Map<String, Double> metrics, ObjectNode record) {
    public LabelledArchitecture {
        Objects.requireNonNull(architecture, "architecture");
        scores = Map.copyOf(scores);
        metrics = Map.copyOf(metrics);
        Objects.requireNonNull(record, "record");
    }

    /** The named score, or an exception listing the scores this record has. */
    public double score(String name) {
        Double v = scores.get(name);
        if (v == null) {
            throw new IllegalArgumentException("score: '" + name + "' is not one of " + scores.keySet()
                    + " for " + architecture.key());
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
