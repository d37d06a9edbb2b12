package dev.llmnas.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.spaces.HatSpaces;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MetricExtendedSpaceTest {
    private final SearchSpace base = HatSpaces.wmt14ende();
    private final SearchSpace space = base.withMetric("decoder-layers-x10",
            a -> 10.0 * a.getInt("decoder-layer-num"));

    @Test
    void the_extra_metric_is_listed_last_and_computed_with_the_others() {
        assertThat(space.metricNames()).containsExactly("params", "embedding-params", "flops", "last-layer-flops",
                "decoder-layers-x10");
        Architecture a = space.sample(new SplittableRandom(3));
        assertThat(space.metrics(a)).containsAllEntriesOf(base.metrics(a))
                .containsEntry("decoder-layers-x10", 10.0 * a.getInt("decoder-layer-num"));
        assertThat(space.metric(a, "decoder-layers-x10")).isEqualTo(10.0 * a.getInt("decoder-layer-num"));
        assertThat(space.name()).isEqualTo(base.name());
        assertThat(space.sample(new SplittableRandom(3))).isEqualTo(base.sample(new SplittableRandom(3)));
    }

    @Test
    void a_constraint_on_the_extra_metric_reads_it_from_the_space() {
        Constraint c = Constraint.atMost("decoder-layers-x10", 30);
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 50; i++) {
            Architecture a = space.sample(random);
            assertThat(c.isSatisfiedBy(a, space)).isEqualTo(a.getInt("decoder-layer-num") <= 3);
        }
    }

    @Test
    void a_blank_or_existing_metric_name_or_an_unknown_metric_is_refused() {
        assertThatThrownBy(() -> base.withMetric("flops", a -> 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("metric: 'flops' is already a metric of space hat-wmt14ende");
        assertThatThrownBy(() -> base.withMetric(" ", a -> 0)).isInstanceOf(IllegalArgumentException.class);
        Architecture a = space.sample(new SplittableRandom(1));
        assertThatThrownBy(() -> space.metric(a, "latency")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("decoder-layers-x10");
    }
}
