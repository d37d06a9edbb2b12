package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.llmnas.core.spaces.Nb201Space;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Shows that {@link PerformancePredictorContract} can fail: it runs the contract against predictors that
 * break one rule each and checks which contract tests fail. (The nested classes are not run by Maven on
 * their own: Surefire skips nested classes.)
 */
class PerformancePredictorContractTest {

    /** Scores from the encoding, so different architectures get different scores. */
    static double honest(Architecture a) {
        double s = 0;
        double[] f = Nb201Space.space().encode(a);
        for (int i = 0; i < f.length; i++) {
            s += f[i] * (i + 1);
        }
        return s;
    }

    abstract static class Base extends PerformancePredictorContract {
        @Override
        protected SearchSpace space() {
            return Nb201Space.space();
        }

        @Override
        protected List<Architecture> sampleArchitectures() {
            return sample(space(), 5, 3);
        }
    }

    static class Honest extends Base {
        @Override
        protected PerformancePredictor predictor() {
            return skeleton("honest", Direction.HIGHER_IS_BETTER, PerformancePredictorContractTest::honest);
        }

        @Override
        protected List<Architecture> invalidArchitectures() {
            return List.of(Architecture.builder().put("edge-0-1", "bogus").build());
        }
    }

    static class Drifting extends Base {
        @Override
        protected PerformancePredictor predictor() {
            AtomicInteger calls = new AtomicInteger();
            return skeleton("drifting", Direction.HIGHER_IS_BETTER, a -> honest(a) + calls.incrementAndGet());
        }
    }

    static class Nameless extends Base {
        @Override
        protected PerformancePredictor predictor() {
            return skeleton(" ", null, PerformancePredictorContractTest::honest);
        }
    }

    static class ReversingBatch extends Base {
        @Override
        protected PerformancePredictor predictor() {
            PerformancePredictor inner = skeleton("reversing", Direction.LOWER_IS_BETTER, PerformancePredictorContractTest::honest);
            return new Delegate(inner) {
                @Override
                public double[] predictAll(List<Architecture> architectures) {
                    List<Architecture> copy = new ArrayList<>(architectures);
                    java.util.Collections.reverse(copy);
                    return inner.predictAll(copy);
                }
            };
        }
    }

    /** A raw implementation that does not check for null (the skeleton would). */
    static class NullUnsafe extends Base {
        @Override
        protected PerformancePredictor predictor() {
            PerformancePredictor inner = skeleton("null-unsafe", Direction.HIGHER_IS_BETTER, a -> a.key().length());
            return new Delegate(inner) {
                @Override
                public double predict(Architecture architecture) {
                    return architecture.key().length() > 0 ? super.predict(architecture) : 0;
                }
            };
        }
    }

    /** Answers NaN for some architectures, as a raw implementation may. */
    static class SometimesNaN extends Base {
        @Override
        protected PerformancePredictor predictor() {
            return fake("sometimes-nan", Direction.HIGHER_IS_BETTER, a -> honest(a) > 0 ? Double.NaN : 1.0);
        }
    }

    /** The same scores through the skeleton: a NaN becomes a failure, which the contract does not forgive either. */
    static class SometimesNaNThroughTheSkeleton extends Base {
        @Override
        protected PerformancePredictor predictor() {
            return skeleton("sometimes-nan", Direction.HIGHER_IS_BETTER, a -> honest(a) > 0 ? Double.NaN : 1.0);
        }
    }

    static class OrderSensitive extends Base {
        @Override
        protected PerformancePredictor predictor() {
            return fake("order-sensitive", Direction.HIGHER_IS_BETTER, a -> a.key().hashCode());
        }
    }

    static class SwallowsFailures extends Base {
        @Override
        protected PerformancePredictor predictor() {
            return new Delegate(skeleton("swallows", Direction.HIGHER_IS_BETTER, PerformancePredictorContractTest::honest)) {
                @Override
                public double predict(Architecture architecture) {
                    try {
                        return super.predict(architecture);
                    } catch (PredictionException e) {
                        return 0.0;
                    }
                }
            };
        }

        @Override
        protected List<Architecture> invalidArchitectures() {
            return List.of(Architecture.builder().put("edge-0-1", "bogus").build());
        }
    }

    /** A predictor on the skeleton: canonical input, finite scores, failures naming it. */
    static PerformancePredictor skeleton(String name, Direction direction,
                                         java.util.function.ToDoubleFunction<Architecture> f) {
        return new AbstractPerformancePredictor(Nb201Space.space()) {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Direction direction() {
                return direction;
            }

            @Override
            protected double doPredict(Architecture canonical) {
                return f.applyAsDouble(canonical);
            }
        };
    }

    /** A raw implementation of the interface, free to break the contract. */
    static PerformancePredictor fake(String name, Direction direction,
                                          java.util.function.ToDoubleFunction<Architecture> f) {
        return new PerformancePredictor() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Direction direction() {
                return direction;
            }

            @Override
            public double predict(Architecture architecture) {
                if (architecture == null) {
                    throw new PredictionException(name, null, "architecture is null");
                }
                try {
                    Nb201Space.space().validate(architecture);
                } catch (InvalidArchitectureException e) {
                    throw new PredictionException(name, architecture, e.getMessage(), e);
                }
                return f.applyAsDouble(architecture);
            }
        };
    }

    static class Delegate implements PerformancePredictor {
        private final PerformancePredictor inner;

        Delegate(PerformancePredictor inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public Direction direction() {
            return inner.direction();
        }

        @Override
        public double predict(Architecture architecture) {
            return inner.predict(architecture);
        }
    }

    /** Runs one contract subclass and returns the names of the test methods that failed. */
    static List<String> failuresOf(Class<?> contract) {
        List<String> failed = new ArrayList<>();
        AtomicInteger succeeded = new AtomicInteger();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(contract)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (!id.isTest()) {
                            return;
                        }
                        String method = id.getDisplayName().replace("()", "");
                        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            failed.add(method);
                        } else {
                            succeeded.incrementAndGet();
                        }
                    }
                });
        assertThat(succeeded.get() + failed.size()).as("contract tests run for %s", contract.getSimpleName())
                .isGreaterThanOrEqualTo(10);
        return failed;
    }

    @Test
    void an_honest_predictor_passes_every_check() {
        assertThat(failuresOf(Honest.class)).isEmpty();
    }

    @Test
    void a_predictor_whose_scores_drift_between_calls_fails_the_repeatability_checks() {
        assertThat(failuresOf(Drifting.class)).contains(
                "predicting_the_same_architecture_twice_gives_the_same_score",
                "predict_all_equals_a_predict_loop_in_order",
                "try_predict_all_agrees_with_predict_all_and_reports_no_failure_for_valid_architectures");
    }

    @Test
    void a_blank_name_and_missing_direction_are_caught() {
        assertThat(failuresOf(Nameless.class)).containsExactlyInAnyOrder(
                "name_is_not_blank_and_stable", "direction_is_set");
    }

    @Test
    void a_batch_that_returns_scores_out_of_order_is_caught() {
        assertThat(failuresOf(ReversingBatch.class)).contains("predict_all_equals_a_predict_loop_in_order",
                "try_predict_all_agrees_with_predict_all_and_reports_no_failure_for_valid_architectures");
    }

    @Test
    void a_predictor_that_fails_on_null_with_anything_but_a_prediction_exception_is_caught() {
        assertThat(failuresOf(NullUnsafe.class))
                .containsExactly("predicting_null_throws_a_prediction_exception_naming_the_predictor");
    }

    @Test
    void a_predictor_that_returns_nan_is_caught_whether_raw_or_on_the_skeleton() {
        assertThat(failuresOf(SometimesNaN.class)).contains("predictions_of_valid_architectures_are_finite");
        assertThat(failuresOf(SometimesNaNThroughTheSkeleton.class))
                .contains("predictions_of_valid_architectures_are_finite",
                        "try_predict_all_agrees_with_predict_all_and_reports_no_failure_for_valid_architectures");
    }

    @Test
    void a_score_that_depends_on_the_order_of_dimensions_is_caught() {
        assertThat(failuresOf(OrderSensitive.class))
                .containsExactly("the_order_of_an_architectures_dimensions_does_not_change_its_score");
    }

    @Test
    void a_predictor_that_imputes_a_score_for_an_invalid_architecture_is_caught() {
        assertThat(failuresOf(SwallowsFailures.class)).containsExactlyInAnyOrder(
                "predicting_null_throws_a_prediction_exception_naming_the_predictor",
                "predicting_an_invalid_architecture_throws_a_prediction_exception_naming_the_predictor",
                "try_predict_all_reports_each_failure_at_its_index_and_still_scores_the_rest");
    }
}
