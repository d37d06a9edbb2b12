package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which score is better in each direction, and how a search result checks and prints itself. */
class DirectionAndResultTest {

    @Test
    void higher_is_better_prefers_the_larger_score_and_starts_from_minus_infinity() {
        Direction up = Direction.HIGHER_IS_BETTER;

        assertThat(up.compareBetter(2, 1)).isPositive();
        assertThat(up.compareBetter(1, 2)).isNegative();
        assertThat(up.compareBetter(1, 1)).isZero();
        assertThat(up.isBetter(2, 1)).isTrue();
        assertThat(up.isBetter(1, 2)).isFalse();
        assertThat(up.isBetter(1, 1)).isFalse();
        assertThat(up.worst()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(up.isBetter(-1e300, up.worst())).isTrue();
    }

    @Test
    void lower_is_better_prefers_the_smaller_score_and_starts_from_plus_infinity() {
        Direction down = Direction.LOWER_IS_BETTER;

        assertThat(down.compareBetter(1, 2)).isPositive();
        assertThat(down.compareBetter(2, 1)).isNegative();
        assertThat(down.compareBetter(3, 3)).isZero();
        assertThat(down.isBetter(1, 2)).isTrue();
        assertThat(down.isBetter(2, 1)).isFalse();
        assertThat(down.isBetter(3, 3)).isFalse();
        assertThat(down.worst()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(down.isBetter(1e300, down.worst())).isTrue();
    }

    private static SearchResult result(Architecture a, Map<String, Long> calls) {
        ScoredArchitecture best = new ScoredArchitecture(a, 0.5, "p", Map.of());
        return new SearchResult("random", best, List.of(best), List.of(), calls, List.of(), Duration.ofMillis(1500));
    }

    @Test
    void a_result_prints_short_keys_whole_and_cuts_long_ones_at_120_characters() {
        Architecture shortOne = Architecture.of(Map.of("x", 1));
        assertThat(result(shortOne, Map.of("p", 3L)).toString()).isEqualTo("SearchResult[random, best 0.5 by p ("
                + shortOne.key() + "), 0 iterations, population 1, pareto front 0, calls {p=3}, 1.500 s]");

        String exactly120 = "v".repeat(120 - Architecture.of(Map.of("n", "")).key().length());
        Architecture at120 = Architecture.of(Map.of("n", exactly120));
        assertThat(at120.key()).hasSize(120);
        assertThat(result(at120, Map.of()).toString()).contains("(" + at120.key() + ")");

        Architecture at121 = Architecture.of(Map.of("n", exactly120 + "v"));
        assertThat(result(at121, Map.of()).toString())
                .contains("(" + at121.key().substring(0, 117) + "...)")
                .doesNotContain(at121.key());
    }

    @Test
    void a_result_refuses_a_call_count_without_a_value_and_answers_zero_for_unknown_predictors() {
        Architecture a = Architecture.of(Map.of("x", 1));
        Map<String, Long> calls = new HashMap<>();
        calls.put("p", null);
        assertThatThrownBy(() -> result(a, calls)).isInstanceOf(NullPointerException.class)
                .hasMessage("calls: p has no count");
        SearchResult r = result(a, Map.of("p", 7L));
        assertThat(r.callsTo("p")).isEqualTo(7L);
        assertThat(r.callsTo("q")).isZero();
    }
}
