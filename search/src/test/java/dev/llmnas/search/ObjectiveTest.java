package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.Nb201Space;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Objectives of a multi-objective search, progress reports and Pareto results as values. */
class ObjectiveTest {
    private static final SearchSpace SPACE = Nb201Space.space();
    private static final Architecture CELL = Nb201Space.all().get(777);

    @Test
    void a_named_objective_reads_the_metric_from_the_space_and_a_function_objective_computes_its_own() {
        Objective params = Objective.minimize(Nb201Space.CELL_PARAMS);
        Objective constant = Objective.maximize("answer", a -> 42.0);

        assertThat(params.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(params.function()).isNull();
        assertThat(params.value(CELL, SPACE)).isEqualTo(SPACE.metric(CELL, Nb201Space.CELL_PARAMS));
        assertThat(constant.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(constant.value(CELL, SPACE)).isEqualTo(42.0);
        assertThat(Objective.maximize(Nb201Space.CONVS).direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(Objective.minimize("zero", a -> 0.0).direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void minimised_values_flip_the_sign_of_objectives_to_maximise_only() {
        assertThat(Objective.minimize("m").minimised(3.5)).isEqualTo(3.5);
        assertThat(Objective.maximize("m").minimised(3.5)).isEqualTo(-3.5);
    }

    @Test
    void descriptions_name_the_direction_the_metric_and_whether_a_function_computes_it() {
        assertThat(Objective.minimize("latency").description()).isEqualTo("min latency");
        assertThat(Objective.maximize("accuracy").description()).isEqualTo("max accuracy");
        assertThat(Objective.minimize("latency", a -> 1).description()).isEqualTo("min latency (function)");
        assertThat(Objective.maximize("skips", a -> 1).description()).isEqualTo("max skips (function)");
    }

    @Test
    void blank_metrics_missing_directions_and_missing_functions_are_refused() {
        assertThatThrownBy(() -> Objective.minimize(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric: ' ' must be a non-blank metric name");
        assertThatThrownBy(() -> Objective.maximize(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("metric: 'null' must be a non-blank metric name");
        assertThatThrownBy(() -> new Objective("m", null, null)).isInstanceOf(NullPointerException.class)
                .hasMessage("direction");
        assertThatThrownBy(() -> Objective.minimize("m", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("function");
        assertThatThrownBy(() -> Objective.maximize("m", null)).isInstanceOf(NullPointerException.class)
                .hasMessage("function");
    }

    @Test
    void progress_reports_the_fraction_of_iterations_done_counting_the_current_one() {
        ScoredArchitecture best = new ScoredArchitecture(CELL, 0.9, "p", Map.of());
        SearchResult.IterationStats stats = new SearchResult.IterationStats(0, "p", 0.9, 0.5, CELL, 10);
        SearchProgress first = new SearchProgress("evolution", 0, 4, 0, "p", stats, best, Map.of("p", 10L),
                Duration.ofSeconds(1));
        SearchProgress last = new SearchProgress("evolution", 3, 4, 0, "p", stats, best, Map.of("p", 40L),
                Duration.ofSeconds(4));

        assertThat(first.fractionDone()).isEqualTo(0.25);
        assertThat(last.fractionDone()).isEqualTo(1.0);
    }

    @Test
    void a_pareto_result_needs_at_least_one_objective_and_keeps_its_own_copies() {
        ScoredArchitecture best = new ScoredArchitecture(CELL, 0.9, "p", Map.of());
        SearchResult search = new SearchResult("nsga2", best, List.of(best), List.of(), Map.of("p", 1L),
                List.of(best), Duration.ZERO);

        assertThatThrownBy(() -> new ParetoResult(search, List.of(), List.of(best), List.of(best)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("objectives: empty; a Pareto result needs at least one objective");
        List<Objective> objectives = new java.util.ArrayList<>(List.of(Objective.minimize("m")));
        ParetoResult r = new ParetoResult(search, objectives, List.of(best), List.of(best));
        objectives.clear();
        assertThat(r.objectives()).containsExactly(Objective.minimize("m"));
        assertThat(r.search().callsTo("p")).isEqualTo(1L);
        assertThat(r.search().callsTo("q")).isZero();
    }
}
