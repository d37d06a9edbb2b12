package dev.llmnas.llm;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PerformancePredictorContract;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import java.util.Map;

/** The core contract, run against the table of labels that distils labels produced elsewhere. */
class LabelTableContractTest extends PerformancePredictorContract {

    @Override
    protected PerformancePredictor predictor() {
        List<ScoredArchitecture> labels = Fixtures.pool(12).stream()
                .map(a -> new ScoredArchitecture(a, Fixtures.oracle(a), "oracle", Map.of())).toList();
        return LabelFiles.predictor(labels, Fixtures.SPACE, Direction.HIGHER_IS_BETTER, "labels");
    }

    @Override
    protected SearchSpace space() {
        return Fixtures.SPACE;
    }

    @Override
    protected List<Architecture> sampleArchitectures() {
        return Fixtures.pool(12).subList(0, 6);
    }

    /** One in the space but never labelled, one outside the space. */
    @Override
    protected List<Architecture> invalidArchitectures() {
        Architecture unlabelled = Fixtures.pool(20).get(19);
        return List.of(unlabelled, Fixtures.pool(1).get(0).with("encoder-layer-num", 7));
    }
}
