package dev.llmnas.study;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.search.EvolutionarySearch;
import dev.llmnas.search.GuidedSchedule;
import dev.llmnas.search.HybridSearch;
import dev.llmnas.search.RandomSearch;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Objects;

/**
 * A study's search described by plain settings, so that any process (the {@code worker} command on another
 * machine) can rebuild it from the database alone. Stored with the study when it is created from a recipe.
 *
 * @param space            {@code nb201}, {@code hat-wmt14ende}, {@code hat-wmt14enfr} or {@code hat-wmt19ende}
 * @param strategy         {@code hybrid} (the paper's schedule), {@code hybrid-guided} (the same with
 *                         {@code GuidedSchedule.defaults()} in the expensive phase; see
 *                         {@link HybridSearch.Builder#guided}), {@code evolution} or {@code random}
 * @param iterations       iterations, at least 1 (random search: batches)
 * @param populationSize   population (random search: batch) size, at least 2
 * @param seed             the seed
 * @param predictor        the expensive predictor's specification (see {@link PredictorSpecs}); its calls are
 *                         the trials
 * @param initialPredictor hybrid strategies only: the cheap predictor's specification, run by the advancing
 *                         process; {@code null} otherwise
 * @param switchAt         hybrid strategies only: the first iteration of the expensive predictor, or {@code null}
 *                         for the strategy's default (half way); {@code hybrid-guided} needs both phases, so a
 *                         switch in [1, iterations - 1]
 */
public record StudyRecipe(String space, String strategy, int iterations, int populationSize, long seed,
                          String predictor, String initialPredictor, Integer switchAt) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The spaces a recipe can name. */
    public static final List<String> SPACES = List.of("nb201", "hat-wmt14ende", "hat-wmt14enfr", "hat-wmt19ende");
    /** The strategies a recipe can name. */
    public static final List<String> STRATEGIES = List.of("hybrid", "hybrid-guided", "evolution", "random");

    /** @throws IllegalArgumentException naming the field, its value and what is allowed */
    public StudyRecipe {
        if (!SPACES.contains(space)) {
            throw new IllegalArgumentException("space '" + space + "' is unknown; use one of " + SPACES);
        }
        if (!STRATEGIES.contains(strategy)) {
            throw new IllegalArgumentException("strategy '" + strategy + "' is unknown; use one of " + STRATEGIES);
        }
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        if (populationSize < 2) {
            throw new IllegalArgumentException("populationSize must be >= 2, got " + populationSize);
        }
        Objects.requireNonNull(predictor, "predictor");
        boolean hybrid = strategy.startsWith("hybrid");
        if (hybrid && initialPredictor == null) {
            throw new IllegalArgumentException("strategy " + strategy + " needs an initial predictor (the cheap one)");
        }
        if (!hybrid && (initialPredictor != null || switchAt != null)) {
            throw new IllegalArgumentException("initialPredictor and switchAt are for strategies hybrid and"
                    + " hybrid-guided only, not " + strategy);
        }
        if (strategy.equals("hybrid-guided") && switchAt != null && (switchAt < 1 || switchAt >= iterations)) {
            throw new IllegalArgumentException("switchAt: " + switchAt + " is not allowed for strategy hybrid-guided;"
                    + " it needs both phases, a switch in [1, " + (iterations - 1) + "]");
        }
    }

    /** @return the search space this recipe names */
    public SearchSpace searchSpace() {
        return space.equals("nb201") ? Nb201Space.space() : HatSpaces.forTask(space.substring("hat-".length()));
    }

    /**
     * The factory building this recipe's search.
     *
     * @param data      the data folder for table predictors
     * @param predictor the expensive predictor to evaluate trials with in this process (null: built from
     *                  {@link #predictor()})
     * @return the factory
     */
    public SearchFactory factory(Path data, PerformancePredictor predictor) {
        SearchSpace s = searchSpace();
        PerformancePredictor expensive = predictor != null ? predictor : PredictorSpecs.create(this.predictor, data);
        PerformancePredictor cheap = initialPredictor == null ? null : PredictorSpecs.create(initialPredictor, data);
        int parents = Math.max(1, populationSize / 4);
        int children = populationSize - parents;
        return ctx -> switch (strategy) {
            case "hybrid", "hybrid-guided" -> {
                HybridSearch.Builder b = HybridSearch.builder().space(s).initialPredictor(cheap)
                        .finalPredictor(ctx.distributed(expensive)).iterations(iterations).populationSize(populationSize)
                        .parents(parents).mutations(children / 2).crossovers(children - children / 2).seed(seed)
                        .checkpoint(ctx.checkpoint()).listener(ctx.listener());
                if (switchAt != null) {
                    b.switchAt(switchAt);
                }
                if (strategy.equals("hybrid-guided")) {
                    b.guided(GuidedSchedule.defaults());
                }
                yield b.build();
            }
            case "evolution" -> EvolutionarySearch.builder().space(s).predictor(ctx.distributed(expensive))
                    .iterations(iterations).populationSize(populationSize).parents(parents).mutations(children / 2)
                    .crossovers(children - children / 2).seed(seed).checkpoint(ctx.checkpoint())
                    .listener(ctx.listener()).build();
            default -> RandomSearch.builder().space(s).predictor(ctx.distributed(expensive))
                    .budget(iterations * populationSize).batchSize(populationSize).seed(seed)
                    .checkpoint(ctx.checkpoint()).listener(ctx.listener()).build();
        };
    }

    /**
     * Creates a study from this recipe (or opens the existing one of the same configuration) and stores the
     * recipe with it.
     *
     * @throws StudyException as {@link Study#create}
     */
    public Study createStudy(StudyDatabase db, String name, StudyOptions options, Path data) {
        Study study = Study.create(db, name, factory(data, null), options);
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE study SET recipe = ? WHERE name = ?"
                     + " AND recipe IS NULL")) {
            ps.setString(1, JSON.writeValueAsString(this));
            ps.setString(2, name);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Study.sqlFailure(db, "store the recipe of study '" + name + "'", e);
        } catch (JsonProcessingException e) {
            throw new StudyException("cannot write the recipe as JSON: " + e.getOriginalMessage(), e);
        }
        return study;
    }

    /**
     * Reads the recipe stored with a study.
     *
     * @throws StudyException when the study does not exist or was not created from a recipe
     */
    public static StudyRecipe of(StudyDatabase db, String name) {
        Study.StudyRow row = Study.StudyRow.find(db, name);
        if (row.recipe() == null) {
            throw new StudyException("study '" + name + "' in " + db.url() + " was created from Java code, not from"
                    + " a recipe; run its workers with your own code (new Worker(Study.open(...), ...))");
        }
        try {
            return JSON.readValue(row.recipe(), StudyRecipe.class);
        } catch (JsonProcessingException e) {
            throw new StudyException("study '" + name + "': its stored recipe is unreadable: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Opens a study created from a recipe, evaluating with {@code predictor} when given (else the recipe's).
     *
     * @throws StudyException when the study does not exist, has no recipe, or the predictor's name differs
     */
    public static Study openStudy(StudyDatabase db, String name, Path data, PerformancePredictor predictor) {
        StudyRecipe recipe = of(db, name);
        return Study.open(db, name, recipe.factory(data, predictor));
    }
}
