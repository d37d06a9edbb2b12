package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.core.spaces.SpaceBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConstraintTest {
    private static final SearchSpace SPACE = SpaceBuilder.named("nan-space").integer("n", 1, 4, "")
            .metric("size", a -> a.getInt("n") == 3 ? Double.NaN : a.getInt("n") * 10.0)
            .build();

    @Test
    void a_space_metric_that_is_nan_fails_naming_the_constraint_and_the_architecture() {
        Architecture three = SPACE.parse(List.of("n: 3"));
        assertThatThrownBy(() -> Constraint.atMost("size", 100).isSatisfiedBy(three, SPACE))
                .isInstanceOf(ConstraintException.class)
                .hasMessage("constraint size <= 100.0: metric 'size' is NaN for architecture n=3; a constraint's"
                        + " metric must be a finite number for every architecture")
                .satisfies(e -> {
                    assertThat(((ConstraintException) e).constraint()).isEqualTo("size <= 100.0");
                    assertThat(((ConstraintException) e).architectureKey()).isEqualTo("n=3");
                });
        assertThat(Constraint.atMost("size", 100).isSatisfiedBy(SPACE.parse(List.of("n: 2")), SPACE)).isTrue();
    }

    @Test
    void a_user_metric_that_is_infinite_or_throws_fails_naming_the_constraint_and_the_architecture() {
        Architecture two = SPACE.parse(List.of("n: 2"));
        assertThatThrownBy(() -> Constraint.atLeast("latency", a -> Double.POSITIVE_INFINITY, 1)
                .isSatisfiedBy(two, SPACE)).isInstanceOf(ConstraintException.class)
                .hasMessageStartingWith("constraint latency >= 1.0: metric 'latency' is Infinity for architecture n=2");
        assertThatThrownBy(() -> Constraint.atMost("latency", a -> {
            throw new IllegalStateException("model not loaded");
        }, 1).isSatisfiedBy(two, SPACE)).isInstanceOf(ConstraintException.class)
                .hasMessageContaining("constraint latency <= 1.0: computing metric 'latency' failed:"
                        + " java.lang.IllegalStateException: model not loaded for architecture n=2");
    }

    @Test
    void a_bound_offers_itself_as_a_metric_bound_and_a_condition_does_not() {
        Constraint space = Constraint.atMost("size", 100);
        Constraint user = Constraint.atLeast("latency", a -> 1.0, 1);
        Constraint even = Constraint.where("even n", a -> a.getInt("n") % 2 == 0);
        assertThat(space.asMetricBound()).hasValueSatisfying(b -> assertThat(b.onSpaceMetric()).isTrue());
        assertThat(user.asMetricBound()).hasValueSatisfying(b -> assertThat(b.onSpaceMetric()).isFalse());
        assertThat(even.asMetricBound()).isEmpty();
        assertThat(even.description()).isEqualTo("even n");
        assertThat(even.isSatisfiedBy(SPACE.parse(List.of("n: 2")), SPACE)).isTrue();
        assertThat(even.isSatisfiedBy(SPACE.parse(List.of("n: 1")), SPACE)).isFalse();
        assertThat(even.unsatisfiableReason(SPACE)).isEmpty();
    }

    @Test
    void a_condition_that_throws_fails_naming_it_and_the_architecture_and_a_blank_one_is_refused() {
        Constraint broken = Constraint.where("needs a model", a -> {
            throw new IllegalStateException("model not loaded");
        });
        assertThatThrownBy(() -> broken.isSatisfiedBy(SPACE.parse(List.of("n: 2")), SPACE))
                .isInstanceOf(ConstraintException.class).hasMessageContaining("constraint needs a model")
                .hasMessageContaining("model not loaded").hasMessageContaining("n=2");
        assertThatThrownBy(() -> Constraint.where(" ", a -> true)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("description: ' ' must not be blank");
    }

    @Test
    void violation_is_zero_inside_the_bound_and_relative_outside() {
        Constraint.MetricBound upper = (Constraint.MetricBound) Constraint.atMost("flops", 200);
        assertThat(upper.violation(150)).isZero();
        assertThat(upper.violation(300)).isEqualTo(0.5);
        Constraint.MetricBound lower = (Constraint.MetricBound) Constraint.atLeast("flops", 200);
        assertThat(lower.violation(100)).isEqualTo(0.5);
        assertThat(lower.violation(250)).isZero();
    }

    @Test
    void a_search_result_prints_as_one_short_line() {
        SearchSpace space = Nb201Space.space();
        Architecture a = space.sample(new java.util.SplittableRandom(1));
        List<ScoredArchitecture> population = new ArrayList<>();
        List<SearchResult.IterationStats> history = new ArrayList<>();
        for (int i = 0; i < 125; i++) {
            population.add(new ScoredArchitecture(a, 70.5, "supernet", Map.of("convs", 2.0)));
        }
        for (int i = 0; i < 30; i++) {
            history.add(new SearchResult.IterationStats(i, "supernet", 70.5, 69, a, 100));
        }
        SearchResult r = new SearchResult("hybrid", population.get(0), population, history,
                Map.of("supernet", 1875L), List.of(), Duration.ofMillis(1234));
        assertThat(r.toString()).hasSizeLessThan(400).doesNotContain("\n")
                .startsWith("SearchResult[hybrid, best 70.5 by supernet (edge-0-1=")
                .endsWith("), 30 iterations, population 125, pareto front 0, calls {supernet=1875}, 1.234 s]");
    }
}
