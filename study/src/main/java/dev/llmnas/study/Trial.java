package dev.llmnas.study;

import dev.llmnas.core.Architecture;
import java.util.Objects;

/**
 * One predictor call of a study: score {@code architecture} with the predictor named {@code predictor}.
 *
 * @param id           the trial's id in the database, positive
 * @param generation   the search iteration that first asked for it, from 0
 * @param predictor    the name of the predictor to call (the study's distributed predictor of that name)
 * @param architecture the architecture to score
 * @param attempt      the attempt this hand-out is, from 1
 */
public record Trial(long id, int generation, String predictor, Architecture architecture, int attempt) {
    /** @throws IllegalArgumentException when a field is out of range or missing */
    public Trial {
        if (id <= 0) {
            throw new IllegalArgumentException("id must be positive, got " + id);
        }
        if (generation < 0) {
            throw new IllegalArgumentException("generation must be >= 0, got " + generation);
        }
        Objects.requireNonNull(predictor, "predictor");
        Objects.requireNonNull(architecture, "architecture");
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
    }
}
