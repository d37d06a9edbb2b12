package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.List;
import org.junit.jupiter.api.Test;

class CountingPredictorTest extends PerformancePredictorContract {

    /** Resolves the data before any contract test, so that a missing folder fails here once, not inside one. */
    @org.junit.jupiter.api.BeforeAll
    static void data() {
        TestData.natsBench();
    }


    @Override
    protected PerformancePredictor predictor() {
        return new CountingPredictor(TestData.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    @Override
    protected SearchSpace space() {
        return Nb201Space.space();
    }

    @Override
    protected List<Architecture> sampleArchitectures() {
        return sample(space(), 8, 3);
    }

    @Override
    protected List<Architecture> invalidArchitectures() {
        return List.of(sampleArchitectures().get(0).with("edge-0-1", "conv_5x5"));
    }

    @Test
    void every_architecture_counts_once_whether_scored_alone_or_in_a_batch() {
        CountingPredictor p = new CountingPredictor(TestData.natsBench().predictor(NatsBench.Dataset.CIFAR100));
        List<Architecture> archs = sample(Nb201Space.space(), 5, 9);
        p.predict(archs.get(0));
        p.predictAll(archs);
        p.tryPredictAll(archs.subList(0, 2));
        assertThat(p.calls()).isEqualTo(1 + 5 + 2);
        assertThat(p.name()).isEqualTo("nats-bench:cifar100");
        assertThat(p.predict(archs.get(1))).isEqualTo(TestData.natsBench().accuracy(archs.get(1), NatsBench.Dataset.CIFAR100));
    }
}
