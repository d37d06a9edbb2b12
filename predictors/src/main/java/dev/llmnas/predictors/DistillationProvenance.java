package dev.llmnas.predictors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.llmnas.core.Direction;
import dev.llmnas.core.Provenance;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a {@link DistilledPredictor} came from, saved beside its model as {@code provenance.json}
 * (snake_case keys): the training settings, the teacher's own provenance nested inside (for an LLM teacher:
 * provider, model, temperature, prompt parts and demonstrations), and SHA-256 fingerprints of the pool and of the
 * labels learned.
 *
 * <p>Format versions: 2 (this release) adds {@code teacher_provenance}, {@code pool_sha256} and
 * {@code labels_sha256}; files of format 1 still load, with those three {@code null}.
 *
 * @param formatVersion  version of this file's layout ({@link #FORMAT_VERSION} when written by this release)
 * @param teacher        name of the predictor whose labels were learned
 * @param promptTemplate id of the teacher's prompt template, or {@code null} when the teacher has none
 * @param direction      whether higher scores are better (the teacher's direction)
 * @param space          name of the search space
 * @param encoding       name of the feature encoding
 * @param featureNames   the encoding's feature names, in model column order
 * @param encodingFingerprint digest of the features the encoding computed for fixed probe architectures at
 *                       training time; loading checks it against today's encoding ({@code null}: not checked)
 * @param parameters     the XGBoost training parameters, by name
 * @param rounds         boosting rounds requested
 * @param trees          trees in the saved model (fewer than {@code rounds} after early stopping)
 * @param poolSize       architectures given to label
 * @param labelled       architectures with a usable label (training plus validation rows)
 * @param excludedLabels architectures left out because the teacher failed on them or gave a non-finite score
 * @param validationSize labelled architectures held out for early stopping (0 when none)
 * @param validationRmse RMSE of the saved model on the validation rows, or {@code null} when none
 * @param llmnasVersion  version of this library that trained the model
 * @param xgboostVersion version of XGBoost4J that trained the model
 * @param created        when the model was trained, ISO-8601 UTC
 * @param teacherProvenance where the teacher came from ({@code null} only in format-1 files)
 * @param poolSha256     {@link Provenance#sha256} of the pool's canonical architecture keys, in pool order
 *                       ({@code null} only in format-1 files)
 * @param labelsSha256   {@link Provenance#sha256} of the usable labels as {@code key<TAB>label}, in pool order
 *                       ({@code null} only in format-1 files)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record DistillationProvenance(
        int formatVersion,
        String teacher,
        String promptTemplate,
        Direction direction,
        String space,
        String encoding,
        List<String> featureNames,
        String encodingFingerprint,
        Map<String, String> parameters,
        int rounds,
        int trees,
        int poolSize,
        int labelled,
        int excludedLabels,
        int validationSize,
        Double validationRmse,
        String llmnasVersion,
        String xgboostVersion,
        String created,
        Provenance.Recorded teacherProvenance,
        String poolSha256,
        String labelsSha256) implements Provenance {

    /** The layout version this release writes and the newest it reads. */
    public static final int FORMAT_VERSION = 2;

    public DistillationProvenance {
        if (formatVersion < 1) {
            throw new IllegalArgumentException("format_version: " + formatVersion + " must be at least 1");
        }
        requireText(teacher, "teacher");
        if (promptTemplate != null && promptTemplate.isBlank()) {
            throw new IllegalArgumentException("prompt_template: must be null or non-blank, got '" + promptTemplate + "'");
        }
        Objects.requireNonNull(direction, "direction");
        requireText(space, "space");
        requireText(encoding, "encoding");
        featureNames = List.copyOf(Objects.requireNonNull(featureNames, "feature_names"));
        parameters = Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(parameters, "parameters")));
        requireAtLeast(rounds, 1, "rounds");
        requireAtLeast(trees, 0, "trees");
        if (trees > rounds) {
            throw new IllegalArgumentException("trees: " + trees + " is more than rounds " + rounds);
        }
        requireAtLeast(poolSize, 0, "pool_size");
        requireAtLeast(labelled, 0, "labelled");
        requireAtLeast(excludedLabels, 0, "excluded_labels");
        if (labelled + excludedLabels != poolSize) {
            throw new IllegalArgumentException("labelled " + labelled + " + excluded_labels " + excludedLabels
                    + " must equal pool_size " + poolSize);
        }
        requireAtLeast(validationSize, 0, "validation_size");
        if (validationSize >= labelled && labelled > 0) {
            throw new IllegalArgumentException("validation_size: " + validationSize + " must be less than labelled "
                    + labelled);
        }
        if (validationRmse != null && !(validationRmse >= 0)) {
            throw new IllegalArgumentException("validation_rmse: " + validationRmse + " must be null or >= 0");
        }
        requireText(llmnasVersion, "llmnas_version");
        requireText(xgboostVersion, "xgboost_version");
        requireText(created, "created");
        if (formatVersion >= 2) {
            Objects.requireNonNull(teacherProvenance, "teacher_provenance");
            requireText(poolSha256, "pool_sha256");
            requireText(labelsSha256, "labels_sha256");
        }
    }

    /** {@code xgboost-distilled}. */
    @Override
    public String kind() {
        return "xgboost-distilled";
    }

    /** The training settings and facts by snake_case name (the nested teacher aside). */
    @Override
    public Map<String, String> values() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("format_version", String.valueOf(formatVersion));
        v.put("teacher", teacher);
        if (promptTemplate != null) {
            v.put("prompt_template", promptTemplate);
        }
        v.put("direction", direction.name());
        v.put("space", space);
        v.put("encoding", encoding);
        v.put("feature_names", String.join(",", featureNames));
        if (encodingFingerprint != null) {
            v.put("encoding_fingerprint", encodingFingerprint);
        }
        parameters.forEach((k, p) -> v.put("parameter." + k, p));
        v.put("rounds", String.valueOf(rounds));
        v.put("trees", String.valueOf(trees));
        v.put("pool_size", String.valueOf(poolSize));
        v.put("labelled", String.valueOf(labelled));
        v.put("excluded_labels", String.valueOf(excludedLabels));
        v.put("validation_size", String.valueOf(validationSize));
        if (validationRmse != null) {
            v.put("validation_rmse", String.valueOf(validationRmse));
        }
        if (poolSha256 != null) {
            v.put("pool_sha256", poolSha256);
        }
        if (labelsSha256 != null) {
            v.put("labels_sha256", labelsSha256);
        }
        v.put("llmnas_version", llmnasVersion);
        v.put("xgboost_version", xgboostVersion);
        v.put("created", created);
        return Collections.unmodifiableMap(v);
    }

    /** The teacher's provenance as {@code teacher}; empty for a format-1 file. */
    @Override
    public Map<String, Provenance.Recorded> nested() {
        return teacherProvenance == null ? Map.of() : Map.of("teacher", teacherProvenance);
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must not be blank, got '" + value + "'");
        }
    }

    private static void requireAtLeast(int value, int min, String field) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": " + value + " must be at least " + min);
        }
    }
}
