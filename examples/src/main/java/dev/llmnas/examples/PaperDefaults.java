package dev.llmnas.examples;

import dev.llmnas.core.data.DataPaths;
import java.nio.file.Path;
import java.util.List;

/**
 * The LLM-PP paper's protocol values and where the data folder is looked for: decisions of the command line and
 * the examples. The library assumes none of them; its readers and the predictor-quality protocol take them as
 * parameters.
 */
public final class PaperDefaults {
    /** The seeds that drew the paper's train/test splits of the 30 seed architectures per task. */
    public static final List<Integer> SEEDS = List.of(123, 456, 789);
    /** The paper's ground truth: BLEU on the validation set of the architecture trained from scratch. */
    public static final String TRUTH = "scratch.valid_BLEU";

    private PaperDefaults() {
    }

    /**
     * The data folder as the examples find it: {@value DataPaths#ENV} when set, else {@code shared/data} in the
     * working directory or an ancestor ({@link DataPaths#locate}).
     *
     * @return the data folder
     * @throws dev.llmnas.core.LlmnasException saying what was tried when none is found
     */
    public static Path dataFolder() {
        return DataPaths.locate(null, System.getenv(DataPaths.ENV), Path.of(""));
    }

    /**
     * Checks that {@code seed} is one of the paper's splits.
     *
     * @param option the option's name, for the message (e.g. {@code --split})
     * @param seed   the value given
     * @return {@code seed}
     * @throws IllegalArgumentException naming the option, the value and the allowed ones
     */
    public static int split(String option, int seed) {
        if (!SEEDS.contains(seed)) {
            throw new IllegalArgumentException(option + ": " + seed + " is not one of " + SEEDS);
        }
        return seed;
    }
}
