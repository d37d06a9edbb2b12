package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.spaces.Nb201Space;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PredictionBatchTest {
    private static final List<Architecture> ARCHS = Nb201Space.all().subList(0, 3);

    @Test
    void a_batch_keeps_scores_and_failures_by_index() {
        PredictionException boom = new PredictionException("p", ARCHS.get(1), "boom");
        PredictionBatch b = PredictionBatch.builder(3).success(2, 0.5).failure(1, boom).success(0, 1.5).build();
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.successCount()).isEqualTo(2);
        assertThat(b.succeeded(1)).isFalse();
        assertThat(b.score(0)).isEqualTo(1.5);
        assertThat(b.scoresOrNaN()).containsExactly(1.5, Double.NaN, 0.5);
        assertThat(b.failures()).containsExactly(Map.entry(1, boom));
        assertThatThrownBy(() -> b.score(1)).isSameAs(boom);
        assertThat(boom).hasMessage("predictor 'p' failed on " + ARCHS.get(1).key() + ": boom");
    }

    @Test
    void every_index_must_be_reported_exactly_once() {
        assertThatThrownBy(() -> PredictionBatch.builder(2).success(0, 1).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("index 1 was never reported");
        assertThatThrownBy(() -> PredictionBatch.builder(2).success(0, 1).success(0, 2))
                .isInstanceOf(IllegalStateException.class).hasMessage("index 0 reported twice");
    }

    @Test
    void bad_reports_are_refused() {
        assertThatThrownBy(() -> PredictionBatch.builder(2).success(2, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("index 2 is outside [0, 2)");
        assertThatThrownBy(() -> PredictionBatch.builder(2).success(0, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("score of index 0: NaN is not finite; report a failure instead");
        assertThatThrownBy(() -> PredictionBatch.builder(2).failure(0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("reason of index 0: must not be null");
        assertThatThrownBy(() -> PredictionBatch.builder(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_default_try_predict_all_reports_a_non_finite_score_as_a_failure_and_carries_on() {
        PerformancePredictor p = new PerformancePredictor() {
            @Override
            public String name() {
                return "sometimes-nan";
            }

            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            public double predict(Architecture a) {
                return a.equals(ARCHS.get(0)) ? Double.NaN : 1.0;
            }
        };
        PredictionBatch b = p.tryPredictAll(ARCHS);
        assertThat(b.failures()).containsOnlyKeys(0);
        assertThat(b.failures().get(0)).isInstanceOf(PredictionException.class)
                .hasMessageContaining("predictor 'sometimes-nan' failed on").hasMessageEndingWith("score NaN is not finite");
        assertThat(b.score(1)).isEqualTo(1.0);
        assertThat(b.score(2)).isEqualTo(1.0);
    }

    @Test
    void scored_architectures_and_search_results_keep_the_order_they_are_given() {
        var metrics = new java.util.LinkedHashMap<String, Double>();
        for (String m : List.of("zeta", "alpha", "mu", "beta", "omega", "kappa")) {
            metrics.put(m, 1.0);
        }
        ScoredArchitecture s = new ScoredArchitecture(ARCHS.get(0), 1.0, "p", metrics);
        assertThat(s.metrics().keySet()).containsExactlyElementsOf(metrics.keySet());
        SearchResult r = new SearchResult("evo", s, List.of(s), List.of(), metrics.keySet().stream()
                .collect(java.util.stream.Collectors.toMap(k -> k, k -> 1L, (a, b) -> a, java.util.LinkedHashMap::new)),
                List.of(), java.time.Duration.ZERO);
        assertThat(r.calls().keySet()).containsExactlyElementsOf(metrics.keySet());
        assertThat(r.callsTo("alpha")).isEqualTo(1);
        assertThat(r.callsTo("nobody")).isZero();
    }
}
