package dev.llmnas.predictors;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import dev.llmnas.core.Direction;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Where a {@link DistilledPredictor} came from, saved beside its model as {@code provenance.json}
 * (snake_case keys).
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
        String created) {

    /** The layout version this release writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

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
