package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PerformancePredictorContract;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** Every predictor of this module passes core's {@link PerformancePredictorContract}. */
class PredictorContractsTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();

    /** Architectures no HAT predictor may score: a NAS-Bench-201 cell, a value outside the space. */
    static List<Architecture> notHat() {
        Map<String, Object> bad = new LinkedHashMap<>(Fixtures.sample(HAT, 1, 99).get(0).values());
        bad.put("encoder-embed-dim", 700);
        return List.of(Nb201Space.all().get(3), Architecture.of(bad));
    }

    abstract static class HatContract extends PerformancePredictorContract {
        @Override
        protected SearchSpace space() {
            return HAT;
        }

        @Override
        protected List<Architecture> sampleArchitectures() {
            return sample(HAT, 12, 7);
        }

        @Override
        protected List<Architecture> invalidArchitectures() {
            return notHat();
        }
    }

    @Nested
    class Distilled extends HatContract {
        @Override
        protected PerformancePredictor predictor() {
            return XGBoostDistiller.builder().rounds(30).build()
                    .distill(Fixtures.syntheticTeacher(), HAT, Fixtures.sample(HAT, 300, 1));
        }
    }

    @Nested
    class DistilledAfterLoading extends HatContract {
        @Override
        protected PerformancePredictor predictor() {
            return DistilledPredictor.load(Path.of("src/test/resources/golden/distilled-v1"), HAT);
        }
    }

    @Nested
    class DistilledOnCells extends PerformancePredictorContract {
        @Override
        protected PerformancePredictor predictor() {
            SearchSpace cells = Nb201Space.space();
            List<Architecture> pool = sample(cells, 200, 3);
            double[] convs = pool.stream().mapToDouble(a -> cells.metric(a, Nb201Space.CONVS)).toArray();
            return XGBoostDistiller.builder().rounds(20).build().distill(cells, pool, convs, "convs",
                    Direction.LOWER_IS_BETTER);
        }

        @Override
        protected SearchSpace space() {
            return Nb201Space.space();
        }

        @Override
        protected List<Architecture> sampleArchitectures() {
            return sample(Nb201Space.space(), 12, 4);
        }

        @Override
        protected List<Architecture> invalidArchitectures() {
            return List.of(Fixtures.sample(HAT, 1, 5).get(0));
        }
    }

    @Nested
    class Knn extends HatContract {
        @Override
        protected PerformancePredictor predictor() {
            List<Architecture> demos = Fixtures.sample(HAT, 10, 11);
            return KnnPredictor.fit(HAT, demos, demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray(), 3,
                    Direction.HIGHER_IS_BETTER);
        }
    }

    @Nested
    class Ridge extends HatContract {
        @Override
        protected PerformancePredictor predictor() {
            List<Architecture> demos = Fixtures.sample(HAT, 10, 12);
            return RidgePredictor.fit(HAT, demos, demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray(), 1,
                    Direction.HIGHER_IS_BETTER);
        }
    }

    @Nested
    class RidgeWithEfficiency extends HatContract {
        @Override
        protected PerformancePredictor predictor() {
            List<Architecture> demos = Fixtures.sample(HAT, 10, 13);
            return RidgePredictor.builder().space(HAT).efficiencyMetrics(HAT.metricNames())
                    .fit(demos, demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray());
        }
    }
}
