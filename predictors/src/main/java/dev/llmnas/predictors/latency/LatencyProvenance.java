package dev.llmnas.predictors.latency;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.llmnas.core.Provenance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a {@link LatencyPredictor} came from, saved beside its model as {@code provenance.json} (snake_case
 * keys).
 *
 * @param formatVersion    version of this file's layout ({@link #FORMAT_VERSION} when written by this release)
 * @param metric           the metric name the predictor answers to, e.g. {@code latency-titanxp}
 * @param task             the translation task of the measured models, e.g. {@code wmt14ende}
 * @param device           the measured device, e.g. {@code titanxp}
 * @param space            name of the search space whose architectures it maps, e.g. {@code hat-wmt14ende}
 * @param file             name of the measured data file it was trained on
 * @param rows             rows of that file
 * @param model            the model in words
 * @param featureNames     the model's columns, in order
 * @param splitSeed        seed of the shuffle of HAT's 80/10/10 protocol that gave train, validation and test rows
 * @param trainRows        rows the model was fitted on
 * @param validRows        rows that chose its ridge penalty
 * @param testRows         held-out rows its error was measured on
 * @param validRmseMs      RMSE on the validation rows, ms
 * @param testRmseMs       RMSE on the test rows, ms
 * @param testMapd         mean absolute percentage deviation on the test rows, a fraction
 * @param measurementNoise mean over the file's rows of measured std / measured mean of the total latency
 * @param llmnasVersion    version of this library that trained the model
 * @param created          when the model was trained, ISO-8601 UTC
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record LatencyProvenance(
        int formatVersion,
        String metric,
        String task,
        String device,
        String space,
        String file,
        int rows,
        String model,
        List<String> featureNames,
        long splitSeed,
        int trainRows,
        int validRows,
        int testRows,
        double validRmseMs,
        double testRmseMs,
        double testMapd,
        double measurementNoise,
        String llmnasVersion,
        String created) implements Provenance {

    /** The layout version this release writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    public LatencyProvenance {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("format_version: " + formatVersion + " must be at least 1");
        }
        for (String[] f : new String[][] {{"metric", metric}, {"task", task}, {"device", device},
                {"space", space}, {"file", file}, {"model", model}, {"llmnas_version", llmnasVersion},
                {"created", created}}) {
            if (f[1] == null || f[1].isBlank()) {
                throw new IllegalArgumentException(f[0] + ": '" + f[1] + "' must not be blank");
            }
        }
        featureNames = List.copyOf(Objects.requireNonNull(featureNames, "feature_names"));
        if (rows < 1 || trainRows < 1 || validRows < 0 || testRows < 0 || trainRows + validRows + testRows > rows) {
            throw new IllegalArgumentException("rows: " + rows + " with train " + trainRows + ", valid " + validRows
                    + ", test " + testRows + "; the parts must be non-negative (train >= 1) and add up to at most rows");
        }
        for (double[] v : new double[][] {{validRmseMs, testRmseMs, testMapd, measurementNoise}}) {
            for (double x : v) {
                if (!(x >= 0) && !Double.isNaN(x)) {
                    throw new IllegalArgumentException("errors: " + x + " must be >= 0 (or NaN when not measured)");
                }
            }
        }
    }

    /** {@code latency-model}. */
    @Override
    public String kind() {
        return "latency-model";
    }

    /** Every field by its snake_case name, as saved. */
    @Override
    public Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("format_version", String.valueOf(formatVersion));
        v.put("metric", metric);
        v.put("task", task);
        v.put("device", device);
        v.put("space", space);
        v.put("file", file);
        v.put("rows", String.valueOf(rows));
        v.put("model", model);
        v.put("feature_names", String.join(",", featureNames));
        v.put("split_seed", String.valueOf(splitSeed));
        v.put("train_rows", String.valueOf(trainRows));
        v.put("valid_rows", String.valueOf(validRows));
        v.put("test_rows", String.valueOf(testRows));
        v.put("valid_rmse_ms", String.valueOf(validRmseMs));
        v.put("test_rmse_ms", String.valueOf(testRmseMs));
        v.put("test_mapd", String.valueOf(testMapd));
        v.put("measurement_noise", String.valueOf(measurementNoise));
        v.put("llmnas_version", llmnasVersion);
        v.put("created", created);
        return Collections.unmodifiableMap(v);
    }

    /** Nothing: a latency model is fitted to measurements, not to another model. */
    @Override
    public Map<String, Provenance> nested() {
        return Map.of();
    }
}
