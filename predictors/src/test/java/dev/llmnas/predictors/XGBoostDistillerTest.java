package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.metrics.PredictorMetrics;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class XGBoostDistillerTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();

    @Test
    void a_student_of_the_nats_bench_table_ranks_unseen_architectures_like_the_truth() {
        NatsBench bench = NatsBench.load(DataPaths.natsBench(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))));
        NatsBench.TabularPredictor teacher = bench.predictor(NatsBench.Dataset.CIFAR10);
        SearchSpace space = Nb201Space.space();
        DistilledPredictor student = XGBoostDistiller.builder().rounds(150).seed(1).build()
                .distill(teacher, space, Fixtures.sample(space, 1000, 21));
        assertThat(teacher.calls()).isEqualTo(1000);

        List<Architecture> unseen = Fixtures.sample(space, 2000, 22);
        double[] truth = unseen.stream().mapToDouble(a -> bench.accuracy(a, NatsBench.Dataset.CIFAR10)).toArray();
        double tau = PredictorMetrics.kendallTau(truth, student.predictAll(unseen));
        assertThat(tau).isGreaterThan(0.6);
        assertThat(student.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(student.name()).isEqualTo("distilled(nats-bench:cifar10)");
    }

    @Test
    void failed_labels_are_excluded_and_counted_never_imputed() {
        List<Architecture> pool = Fixtures.sample(HAT, 400, 31);
        PerformancePredictor flaky = new FlakyTeacher();
        DistilledPredictor student = XGBoostDistiller.builder().rounds(30).seed(4).build().distill(flaky, HAT, pool);

        List<Architecture> kept = new ArrayList<>();
        double[] keptLabels = pool.stream().filter(a -> !FlakyTeacher.fails(a) && !FlakyTeacher.isNaN(a))
                .peek(kept::add).mapToDouble(Fixtures::syntheticBleu).toArray();
        int excluded = pool.size() - kept.size();
        assertThat(excluded).isBetween(50, 250);
        assertThat(student.provenance().excludedLabels()).isEqualTo(excluded);
        assertThat(student.provenance().labelled()).isEqualTo(kept.size());
        assertThat(student.provenance().poolSize()).isEqualTo(400);

        // the student is exactly the one trained on the successful labels alone: nothing was filled in
        DistilledPredictor onKept = XGBoostDistiller.builder().rounds(30).seed(4).build()
                .distill(HAT, kept, keptLabels, flaky.name());
        assertThat(student.modelJson()).isEqualTo(onKept.modelJson());
    }

    @Test
    void too_few_usable_labels_is_an_error_that_names_the_counts_and_a_failure() {
        PerformancePredictor alwaysFails = new FlakyTeacher() {
            @Override
            public double predict(Architecture architecture) {
                if (architecture.getInt("decoder-layer-num") > 1) {
                    throw new PredictionException(name(), architecture, "the LLM answered 'no idea'");
                }
                return 20;
            }
        };
        List<Architecture> pool = Fixtures.sample(HAT, 30, 3);
        assertThatThrownBy(() -> XGBoostDistiller.builder().minLabels(20).build().distill(alwaysFails, HAT, pool))
                .isInstanceOf(LlmnasException.class)
                .hasMessageContaining("of 30 architectures have a usable label from 'flaky'")
                .hasMessageContaining("first failure: the LLM answered 'no idea'")
                .hasMessageContaining("minLabels = 20")
                // the reason, not the 200-character key of the architecture it happened on
                .hasMessageNotContaining("encoder-embed-dim=");
    }

    @Test
    void the_same_settings_give_the_same_model_bit_for_bit_whatever_the_thread_count() {
        List<Architecture> pool = Fixtures.sample(HAT, 1500, 41);
        byte[] one = XGBoostDistiller.builder().rounds(40).seed(9).threads(1).build()
                .distill(Fixtures.syntheticTeacher(), HAT, pool).modelJson();
        byte[] again = XGBoostDistiller.builder().rounds(40).seed(9).threads(1).build()
                .distill(Fixtures.syntheticTeacher(), HAT, pool).modelJson();
        byte[] two = XGBoostDistiller.builder().rounds(40).seed(9).threads(2).build()
                .distill(Fixtures.syntheticTeacher(), HAT, pool).modelJson();
        assertThat(again).isEqualTo(one);
        assertThat(two).isEqualTo(one);
    }

    @Test
    void early_stopping_keeps_the_trees_up_to_the_best_validation_round() {
        List<Architecture> pool = Fixtures.sample(HAT, 600, 51);
        DistilledPredictor student = XGBoostDistiller.builder().rounds(2000).learningRate(0.5).seed(2)
                .validationFraction(0.25).earlyStoppingRounds(5).build()
                .distill(Fixtures.syntheticTeacher(), HAT, pool);
        DistillationProvenance p = student.provenance();
        assertThat(p.trees()).isLessThan(2000).isEqualTo(student.trees().treeCount());
        assertThat(p.validationSize()).isEqualTo(150);
        assertThat(p.validationRmse()).isNotNull().isLessThan(0.5);
        assertThat(p.parameters()).containsEntry("early_stopping_rounds", "5").containsEntry("validation_fraction", "0.25");
    }

    @Test
    void provenance_records_teacher_encoding_parameters_counts_versions_and_date() {
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07.891Z"), ZoneOffset.UTC);
        DistilledPredictor student = XGBoostDistiller.builder().rounds(12).maxDepth(4).learningRate(0.2).seed(7)
                .encoding("per-layer").promptTemplate("pp-wmt14ende-v1").clock(clock).build()
                .distill(Fixtures.syntheticTeacher(), HAT, Fixtures.sample(HAT, 100, 61));
        DistillationProvenance p = student.provenance();
        assertThat(p.teacher()).isEqualTo("synthetic-bleu");
        assertThat(p.promptTemplate()).isEqualTo("pp-wmt14ende-v1");
        assertThat(p.space()).isEqualTo("hat-wmt14ende");
        assertThat(p.encoding()).isEqualTo("per-layer");
        assertThat(p.featureNames()).isEqualTo(HAT.encoding("per-layer").featureNames());
        assertThat(p.parameters()).containsEntry("max_depth", "4").containsEntry("eta", "0.2")
                .containsEntry("seed", "7").containsEntry("objective", "reg:squarederror");
        assertThat(p.rounds()).isEqualTo(12);
        assertThat(p.trees()).isEqualTo(12);
        assertThat(p.poolSize()).isEqualTo(100);
        assertThat(p.excludedLabels()).isZero();
        assertThat(p.validationRmse()).isNull();
        assertThat(p.xgboostVersion()).isEqualTo("3.0.4");
        assertThat(p.llmnasVersion()).isNotBlank().isNotEqualTo("unknown");
        assertThat(p.created()).isEqualTo("2026-03-04T05:06:07Z");
    }

    @Test
    void the_student_takes_the_teacher_direction() {
        PerformancePredictor loss = new FlakyTeacher() {
            @Override
            public Direction direction() {
                return Direction.LOWER_IS_BETTER;
            }

            @Override
            public double predict(Architecture architecture) {
                return 40 - Fixtures.syntheticBleu(architecture);
            }
        };
        DistilledPredictor student = XGBoostDistiller.builder().rounds(5).build()
                .distill(loss, HAT, Fixtures.sample(HAT, 50, 1));
        assertThat(student.direction()).isEqualTo(Direction.LOWER_IS_BETTER);
        assertThat(student.provenance().direction()).isEqualTo(Direction.LOWER_IS_BETTER);
    }

    @Test
    void a_pool_member_outside_the_space_is_rejected_naming_its_index() {
        List<Architecture> pool = new ArrayList<>(Fixtures.sample(HAT, 20, 1));
        Map<String, Object> bad = new LinkedHashMap<>(pool.get(3).values());
        bad.put("encoder-embed-dim", 700);
        pool.set(3, Architecture.of(bad));
        assertThatThrownBy(() -> XGBoostDistiller.builder().build().distill(Fixtures.syntheticTeacher(), HAT, pool))
                .isInstanceOf(InvalidArchitectureException.class).hasMessageContaining("pool[3]")
                .hasMessageContaining("encoder-embed-dim: 700");
    }

    @Test
    void labels_must_match_the_architectures_one_to_one() {
        List<Architecture> archs = Fixtures.sample(HAT, 20, 1);
        assertThatThrownBy(() -> XGBoostDistiller.builder().build().distill(HAT, archs, new double[19], "file"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels: 19 values for 20");
    }

    @Test
    void an_unknown_encoding_is_rejected_listing_the_available_ones() {
        assertThatThrownBy(() -> XGBoostDistiller.builder().encoding("one-hot").build()
                .distill(Fixtures.syntheticTeacher(), HAT, Fixtures.sample(HAT, 20, 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'one-hot'")
                .hasMessageContaining("means").hasMessageContaining("per-layer");
    }

    @Test
    void the_builder_rejects_bad_values_and_conflicting_settings() {
        assertThatThrownBy(() -> XGBoostDistiller.builder().rounds(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rounds: 0");
        assertThatThrownBy(() -> XGBoostDistiller.builder().maxDepth(0)).hasMessageContaining("maxDepth: 0");
        assertThatThrownBy(() -> XGBoostDistiller.builder().learningRate(0)).hasMessageContaining("learningRate: 0");
        assertThatThrownBy(() -> XGBoostDistiller.builder().learningRate(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> XGBoostDistiller.builder().validationFraction(0.9)).hasMessageContaining("0.9");
        assertThatThrownBy(() -> XGBoostDistiller.builder().threads(0)).hasMessageContaining("threads: 0");
        assertThatThrownBy(() -> XGBoostDistiller.builder().minLabels(1)).hasMessageContaining("minLabels: 1");
        assertThatThrownBy(() -> XGBoostDistiller.builder().earlyStoppingRounds(10).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("validationFraction");
        XGBoostDistiller defaults = XGBoostDistiller.builder().build();
        assertThat(defaults.rounds()).isEqualTo(300);
        assertThat(defaults.maxDepth()).isEqualTo(6);
        assertThat(defaults.learningRate()).isEqualTo(0.1);
    }

    /** Fails on some architectures and answers NaN on others; scores the rest with the synthetic BLEU. */
    static class FlakyTeacher implements PerformancePredictor {
        private final AtomicInteger calls = new AtomicInteger();

        static boolean fails(Architecture a) {
            return a.getInt("decoder-layer-num") == 2;
        }

        static boolean isNaN(Architecture a) {
            return a.getInt("decoder-layer-num") == 5 && a.getInt("encoder-embed-dim") == 512;
        }

        @Override
        public String name() {
            return "flaky";
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        public double predict(Architecture architecture) {
            calls.incrementAndGet();
            if (fails(architecture)) {
                throw new PredictionException(name(), architecture, "no number in the answer");
            }
            return isNaN(architecture) ? Double.NaN : Fixtures.syntheticBleu(architecture);
        }
    }
}
