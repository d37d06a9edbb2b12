package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.spaces.SpaceBuilder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

class AbstractPerformancePredictorTest {
    /** Two layers at most; per-layer widths beyond the depth are dropped by canonicalization. */
    static final SearchSpace SPACE = SpaceBuilder.named("two-layers")
            .integer("layers", 1, 2, "hidden layers")
            .perLayer("width", List.of(8, 16), "layers", "units per layer")
            .build();

    static Architecture arch(int layers, Integer... widths) {
        return Architecture.builder().put("layers", layers).put("width", List.of(widths)).build();
    }

    /** Records what doPredict saw and scores by the architecture's key length. */
    static final class Recording extends AbstractPerformancePredictor {
        final List<Architecture> seen = new CopyOnWriteArrayList<>();
        final ToDoubleFunction<Architecture> f;

        Recording(SearchSpace space, ToDoubleFunction<Architecture> f) {
            super(space);
            this.f = f;
        }

        Recording(ToDoubleFunction<Architecture> f) {
            this.f = f;
        }

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        protected double doPredict(Architecture canonical) {
            seen.add(canonical);
            return f.applyAsDouble(canonical);
        }
    }

    @Test
    void the_implementation_sees_the_canonical_form_whatever_the_order_and_surplus_layers() {
        Recording p = new Recording(SPACE, a -> a.getIntList("width").get(0));
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("width", List.of(16, 8));
        reversed.put("layers", 1);
        assertThat(p.predict(Architecture.of(reversed))).isEqualTo(16.0);
        assertThat(p.seen.get(0)).isEqualTo(arch(1, 16));
        assertThat(p.seen.get(0).key()).isEqualTo("layers=1;width=[16]");
    }

    @Test
    void an_architecture_that_is_already_canonical_reaches_the_implementation_as_the_same_instance() {
        Recording p = new Recording(SPACE, a -> 1.0);
        Architecture a = arch(2, 8, 16);
        p.predict(a);
        p.predict(a);
        p.predictAll(List.of(a, a));
        assertThat(p.seen).hasSize(4).allSatisfy(seen -> assertThat(seen).isSameAs(a));
    }

    @Test
    void an_architecture_outside_the_space_fails_naming_the_predictor_the_architecture_and_the_reason() {
        Recording p = new Recording(SPACE, a -> 1.0);
        Architecture bad = arch(3, 8, 8, 8);
        assertThatThrownBy(() -> p.predict(bad)).isInstanceOf(PredictionException.class)
                .hasMessageStartingWith("predictor 'recording' failed on layers=3;width=[8,8,8]: not in space two-layers: layers")
                .satisfies(e -> assertThat(((PredictionException) e).architecture()).isEqualTo(bad));
        assertThatThrownBy(() -> p.predict(null)).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'recording' failed on <none>: architecture is null");
        assertThat(p.seen).as("the implementation is never called").isEmpty();
    }

    @Test
    void a_score_that_is_not_finite_is_a_failure_in_every_method() {
        Recording p = new Recording(SPACE, a -> a.getInt("layers") == 2 ? Double.POSITIVE_INFINITY : 1.0);
        Architecture good = arch(1, 8);
        Architecture inf = arch(2, 8, 8);
        assertThatThrownBy(() -> p.predict(inf)).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'recording' failed on layers=2;width=[8,8]: score Infinity is not finite");
        assertThatThrownBy(() -> p.predictAll(List.of(good, inf))).isInstanceOf(PredictionException.class)
                .hasMessageEndingWith("score Infinity is not finite");
        PredictionBatch batch = p.tryPredictAll(List.of(inf, good));
        assertThat(batch.failures()).containsOnlyKeys(0);
        assertThat(batch.score(1)).isEqualTo(1.0);
    }

    @Test
    void any_exception_of_the_implementation_is_wrapped_naming_the_predictor_and_the_architecture() {
        IllegalStateException boom = new IllegalStateException("GPU fell off the bus");
        Recording p = new Recording(SPACE, a -> {
            throw boom;
        });
        assertThatThrownBy(() -> p.predict(arch(1, 8))).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'recording' failed on layers=1;width=[8]: IllegalStateException: GPU fell off the bus")
                .hasCause(boom);
        PredictionBatch batch = p.tryPredictAll(List.of(arch(1, 8), arch(1, 16)));
        assertThat(batch.successCount()).isZero();
        assertThat(batch.failures().get(1)).isInstanceOf(PredictionException.class).hasCause(boom);
    }

    @Test
    void a_prediction_exception_of_this_predictor_is_kept_and_one_of_another_predictor_is_wrapped() {
        class Refused extends PredictionException {
            Refused(Architecture a) {
                super("recording", a, "budget spent");
            }
        }
        Recording own = new Recording(SPACE, a -> {
            throw new Refused(a);
        });
        assertThatThrownBy(() -> own.predict(arch(1, 8))).isExactlyInstanceOf(Refused.class);
        assertThat(own.tryPredictAll(List.of(arch(1, 8))).failures().get(0)).isExactlyInstanceOf(Refused.class);

        Recording wrapper = new Recording(SPACE, a -> {
            throw new PredictionException("inner", a, "no label");
        });
        assertThatThrownBy(() -> wrapper.predict(arch(1, 8))).isExactlyInstanceOf(PredictionException.class)
                .hasMessage("predictor 'recording' failed on layers=1;width=[8]: predictor 'inner' failed on"
                        + " layers=1;width=[8]: no label")
                .satisfies(e -> assertThat(((PredictionException) e).predictor()).isEqualTo("recording"));
    }

    @Test
    void try_predict_all_reports_architectures_outside_the_space_at_their_index_and_scores_the_rest_in_one_batch() {
        List<List<Architecture>> batches = new ArrayList<>();
        AbstractPerformancePredictor p = new AbstractPerformancePredictor(SPACE) {
            @Override
            public String name() {
                return "batching";
            }

            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            protected double doPredict(Architecture canonical) {
                return canonical.getInt("layers");
            }

            @Override
            protected PredictionBatch doTryPredictAll(List<Architecture> canonical) {
                batches.add(List.copyOf(canonical));
                return super.doTryPredictAll(canonical);
            }
        };
        PredictionBatch batch = p.tryPredictAll(List.of(arch(2, 8, 8), arch(5, 8), arch(1, 16, 8)));
        assertThat(batch.failures()).containsOnlyKeys(1);
        assertThat(batch.failures().get(1)).hasMessageContaining("not in space two-layers");
        assertThat(batch.score(0)).isEqualTo(2.0);
        assertThat(batch.score(2)).isEqualTo(1.0);
        assertThat(batches).containsExactly(List.of(arch(2, 8, 8), arch(1, 16)));
    }

    @Test
    void a_batch_hook_that_returns_the_wrong_number_of_scores_or_a_nan_is_refused() {
        AbstractPerformancePredictor p = new AbstractPerformancePredictor(SPACE) {
            @Override
            public String name() {
                return "short";
            }

            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            protected double doPredict(Architecture canonical) {
                return 1;
            }

            @Override
            protected double[] doPredictAll(List<Architecture> canonical) {
                return canonical.size() == 1 ? new double[] {Double.NaN} : new double[1];
            }
        };
        assertThatThrownBy(() -> p.predictAll(List.of(arch(1, 8), arch(1, 16)))).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'short' failed on <none>: returned 1 score for 2 architectures");
        assertThatThrownBy(() -> p.predictAll(List.of(arch(1, 8)))).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'short' failed on layers=1;width=[8]: score NaN is not finite");
    }

    @Test
    void a_batch_that_fails_as_a_whole_throws_its_library_exception_unchanged() {
        LlmnasException broken = new LlmnasException("cache cannot be written");
        AbstractPerformancePredictor p = new AbstractPerformancePredictor(SPACE) {
            @Override
            public String name() {
                return "whole";
            }

            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            protected double doPredict(Architecture canonical) {
                return 1;
            }

            @Override
            protected double[] doPredictAll(List<Architecture> canonical) {
                throw broken;
            }

            @Override
            protected PredictionBatch doTryPredictAll(List<Architecture> canonical) {
                throw new ArithmeticException("overflow");
            }
        };
        assertThatThrownBy(() -> p.predictAll(List.of(arch(1, 8)))).isSameAs(broken);
        assertThatThrownBy(() -> p.tryPredictAll(List.of(arch(1, 8)))).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'whole' failed on <none>: a batch of 1 architecture failed: ArithmeticException: overflow");
    }

    @Test
    void without_a_space_architectures_reach_the_implementation_as_given() {
        Recording p = new Recording(a -> 2.0);
        Architecture outside = arch(7, 1, 2, 3);
        assertThat(p.predict(outside)).isEqualTo(2.0);
        assertThat(p.seen).containsExactly(outside);
    }

    @Test
    void checked_gives_a_raw_predictor_the_same_rules_and_returns_a_skeleton_predictor_itself() {
        PerformancePredictor raw = new PerformancePredictor() {
            @Override
            public String name() {
                return "raw";
            }

            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            public double predict(Architecture architecture) {
                if (architecture.getInt("layers") == 2) {
                    throw new IllegalStateException("no GPU");
                }
                return Double.NaN;
            }
        };
        AbstractPerformancePredictor checked = AbstractPerformancePredictor.checked(raw);
        assertThat(checked.name()).isEqualTo("raw");
        assertThat(checked.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThatThrownBy(() -> checked.predict(arch(1, 8))).isInstanceOf(PredictionException.class)
                .hasMessageEndingWith("score NaN is not finite");
        assertThatThrownBy(() -> checked.predictAll(List.of(arch(2, 8, 8)))).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'raw' failed on <none>: a batch of 1 architecture failed: IllegalStateException: no GPU");
        assertThatThrownBy(() -> checked.predict(arch(2, 8, 8))).isInstanceOf(PredictionException.class)
                .hasMessage("predictor 'raw' failed on layers=2;width=[8,8]: IllegalStateException: no GPU");
        assertThat(raw.tryPredictAll(List.of(arch(1, 8), arch(2, 8, 8))).failures()).containsOnlyKeys(0, 1);

        Recording skeleton = new Recording(SPACE, a -> 1.0);
        assertThat(AbstractPerformancePredictor.checked(skeleton)).isSameAs(skeleton);
    }

    @Test
    void empty_lists_never_reach_the_batch_hooks() {
        AbstractPerformancePredictor p = new AbstractPerformancePredictor(SPACE) {
            @Override
            public String name() {
                return "empty";
            }

            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            protected double doPredict(Architecture canonical) {
                throw new AssertionError("not called");
            }

            @Override
            protected double[] doPredictAll(List<Architecture> canonical) {
                throw new AssertionError("not called");
            }

            @Override
            protected PredictionBatch doTryPredictAll(List<Architecture> canonical) {
                throw new AssertionError("not called");
            }
        };
        assertThat(p.predictAll(Collections.emptyList())).isEmpty();
        assertThat(p.tryPredictAll(List.of()).size()).isZero();
        assertThat(p.tryPredictAll(List.of(arch(9, 8))).failures()).containsOnlyKeys(0);
    }
}
