package dev.llmnas.core.data;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PerformancePredictorContract;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.TestData;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.List;
import org.junit.jupiter.api.Test;

class TabularPredictorContractTest extends PerformancePredictorContract {

    /** Resolves the data before any contract test, so that a missing folder fails here once, not inside one. */
    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TestData.natsBench();
    }

    static NatsBench table() {
        return TestData.natsBench();
    }

    @Override
    protected PerformancePredictor predictor() {
        return table().predictor(NatsBench.Dataset.CIFAR100);
    }

    @Override
    protected SearchSpace space() {
        return Nb201Space.space();
    }

    @Override
    protected List<Architecture> sampleArchitectures() {
        return sample(space(), 12, 7);
    }

    @Override
    protected List<Architecture> invalidArchitectures() {
        return List.of(
                sampleArchitectures().get(0).with("edge-0-1", "conv_5x5"),
                Architecture.builder().put("edge-0-1", "none").build());
    }

    @Test
    void scores_are_true_accuracies_higher_is_better_and_each_call_is_counted() {
        NatsBench.TabularPredictor p = table().predictor(NatsBench.Dataset.CIFAR10);
        Architecture a = sampleArchitectures().get(0);
        assertThat(p.direction()).isEqualTo(Direction.HIGHER_IS_BETTER);
        assertThat(p.name()).isEqualTo("nats-bench:cifar10");
        assertThat(p.predict(a)).isEqualTo(table().accuracy(a, NatsBench.Dataset.CIFAR10));
        p.predictAll(sampleArchitectures());
        assertThat(p.calls()).isEqualTo(1 + sampleArchitectures().size());
    }
}
