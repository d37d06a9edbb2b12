package dev.llmnas.core.data;

import dev.llmnas.core.Architecture;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An architecture with scores and efficiency metrics read from a data set. Immutable: every value is a plain
 * Java value (no parser type), and the record's own text is kept so that tools can pass it on byte for byte.
 *
 * @param architecture the canonical architecture
 * @param scores       named scores in the order read, e.g. {@code scratch.valid_BLEU}, {@code HAT.valid_BLEU},
 *                     {@code cifar10}
 * @param metrics      named efficiency metrics as recorded, e.g. {@code total_flops}
 * @param fields       every scalar field of the record as written, by name (dotted path for nested JSON
 *                     objects, e.g. {@code scratch.sockeye_dir}; the column name for CSV rows), in the order read;
 *                     JSON {@code null}s and lists are not included
 * @param source       the record's text as read: the JSON line, or the CSV row (without a byte order mark or the
 *                     line end)
 */
public record LabelledArchitecture(Architecture architecture, Map<String, Double> scores,
                                   Map<String, Double> metrics, Map<String, String> fields, String source) {
    public LabelledArchitecture {
        Objects.requireNonNull(architecture, "architecture");
        scores = ordered("scores", scores);
        metrics = ordered("metrics", metrics);
        fields = ordered("fields", fields);
        Objects.requireNonNull(source, "source");
    }

    /** An unmodifiable copy that keeps the reader's order (Map.copyOf's order changes from JVM to JVM). */
    private static <V> Map<String, V> ordered(String field, Map<String, V> map) {
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
     * @param name the score's name, e.g. {@code scratch.valid_BLEU}
     * @return its value
     * @throws IllegalArgumentException saying whether the field is missing or holds something else than a number,
     *                                  and listing the numeric scores this record has
     */
    public double score(String name) {
        Double v = scores.get(name);
        if (v == null) {
            throw new IllegalArgumentException("score '" + name + "': " + whyNoScore(name)
                    + " (this record's numeric scores: " + scores.keySet() + ") for " + architecture.key());
        }
        return v;
    }

    /** Why this record has no score of that name, in words. */
    String whyNoScore(String name) {
        String text = fields.get(name);
        if (text == null) {
            return "missing";
        }
        if (isNumber(text)) {
            return text + " is not a usable score";
        }
        return "\"" + text + "\" is a string, not a number";
    }

    /** A number as JSON and CSV write it; {@code "NaN"} and {@code "Infinity"} are text. */
    private static boolean isNumber(String text) {
        return text.matches("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?");
    }

    /**
     * The named metric.
     *
     * @param name the metric's name, e.g. {@code total_flops}
     * @return its value
     * @throws IllegalArgumentException listing the metrics this record has
     */
    public double metric(String name) {
        Double v = metrics.get(name);
        if (v == null) {
            throw new IllegalArgumentException("metric: '" + name + "' is not one of " + metrics.keySet()
                    + " for " + architecture.key());
        }
        return v;
    }

    /**
     * The named scalar field as written in the record, e.g. {@code dataset} or {@code scratch.sockeye_dir}.
     *
     * @param name the field's name (dotted path for nested JSON objects)
     * @return its text, or {@code null} when the record has no such scalar field
     */
    public String field(String name) {
        return fields.get(name);
    }
}
