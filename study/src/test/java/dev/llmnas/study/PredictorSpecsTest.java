package dev.llmnas.study;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class PredictorSpecsTest {
    private static final Path DATA = DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""));

    /** A user's provider, registered in this module's test META-INF/services: {@code constant:<value>}. */
    public static final class ConstantProvider implements PredictorProvider {
        @Override
        public List<String> schemes() {
            return List.of("constant");
        }

        @Override
        public PerformancePredictor create(String spec, Path data) {
            double value = Double.parseDouble(spec.substring("constant:".length()));
            return new PerformancePredictor() {
                @Override
                public String name() {
                    return spec;
                }

                @Override
                public Direction direction() {
                    return Direction.HIGHER_IS_BETTER;
                }

                @Override
                public double predict(Architecture architecture) {
                    return value;
                }
            };
        }
    }

    @Test
    void a_users_provider_on_the_class_path_is_found_by_its_scheme() {
        PerformancePredictor p = PredictorSpecs.create("constant:42.5", DATA);
        assertThat(p.name()).isEqualTo("constant:42.5");
        assertThat(p.predict(StudyFixtures.NB201.sample(new java.util.SplittableRandom(1))))
                .isEqualTo(42.5);
        assertThat(PredictorSpecs.schemes()).contains("nats-bench", "http", "https", "constant");
    }

    @Test
    void the_nats_bench_table_answers_with_the_test_accuracy() {
        PerformancePredictor p = PredictorSpecs.create("nats-bench:cifar10", DATA);
        var a = StudyFixtures.natsBench().records().get(0).architecture();
        assertThat(p.predict(a)).isEqualTo(StudyFixtures.natsBench().accuracy(a, NatsBench.Dataset.CIFAR10));
    }

    @Test
    void an_unknown_scheme_or_data_set_is_refused_naming_what_is_allowed() {
        assertThatThrownBy(() -> PredictorSpecs.create("gpu:resnet", DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no provider for scheme 'gpu'").hasMessageContaining("nats-bench");
        assertThatThrownBy(() -> PredictorSpecs.create("nats-bench:mnist", DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("data set 'mnist' is unknown");
        assertThatThrownBy(() -> PredictorSpecs.create("no-colon", DATA))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must be scheme:rest");
    }
}
