package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.LlmnasVersion;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.Provenance;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A student's provenance nests its teacher's and fingerprints the pool and the labels it learned. */
class DistillationProvenanceNestingTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();

    /** A teacher that says where it came from, as an LLM predictor does. */
    private static final class DescribedTeacher implements PerformancePredictor, Provenance.Source {
        private final PerformancePredictor scores = Fixtures.syntheticTeacher();
        private final double shift;

        DescribedTeacher(double shift) {
            this.shift = shift;
        }

        @Override
        public String name() {
            return "described";
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        public double predict(Architecture architecture) {
            return scores.predict(architecture) + shift;
        }

        @Override
        public Provenance provenance() {
            return new Provenance.Recorded("llm-pp", Map.of("provider", "openai", "model", "gpt-4o-mini",
                    "temperature", "0.0"), Map.of("demonstrations", Provenance.Recorded.of("demonstrations",
                    Map.of("a", "25.1"))));
        }
    }

    private static DistilledPredictor distill(PerformancePredictor teacher, List<Architecture> pool) {
        return XGBoostDistiller.builder().rounds(10).seed(3).build().distill(teacher, HAT, pool);
    }

    @Test
    void the_teachers_provenance_is_nested_and_survives_saving(@TempDir Path dir) throws Exception {
        DescribedTeacher teacher = new DescribedTeacher(0);
        List<Architecture> pool = Fixtures.sample(HAT, 120, 5);
        DistilledPredictor student = distill(teacher, pool);
        DistillationProvenance p = student.provenance();
        assertThat(p.formatVersion()).isEqualTo(2);
        assertThat(p.teacherProvenance()).isEqualTo(teacher.provenance().recorded());
        assertThat(p.nested().get("teacher").values()).containsEntry("model", "gpt-4o-mini");
        assertThat(p.recorded().nested().get("teacher").nested()).containsKey("demonstrations");
        assertThat(p.poolSha256()).isEqualTo(Provenance.sha256(pool.stream().map(a -> HAT.canonicalize(a).key())
                .toList())).hasSize(64);
        assertThat(p.llmnasVersion()).isEqualTo(LlmnasVersion.get()).doesNotStartWith("${");
        assertThat(p.kind()).isEqualTo("xgboost-distilled");
        assertThat(p.values()).containsEntry("pool_sha256", p.poolSha256()).containsEntry("teacher", "described");

        student.save(dir.resolve("m"));
        String json = Files.readString(dir.resolve("m").resolve(DistilledPredictor.PROVENANCE_FILE));
        assertThat(json).contains("\"teacher_provenance\"", "\"pool_sha256\"", "\"labels_sha256\"", "gpt-4o-mini");
        assertThat(DistilledPredictor.load(dir.resolve("m"), HAT).provenance()).isEqualTo(p);
    }

    @Test
    void the_fingerprints_tell_apart_other_labels_and_other_pools() {
        List<Architecture> pool = Fixtures.sample(HAT, 120, 5);
        DistillationProvenance a = distill(new DescribedTeacher(0), pool).provenance();
        DistillationProvenance shifted = distill(new DescribedTeacher(0.5), pool).provenance();
        DistillationProvenance other = distill(new DescribedTeacher(0), Fixtures.sample(HAT, 120, 6)).provenance();
        assertThat(shifted.poolSha256()).isEqualTo(a.poolSha256());
        assertThat(shifted.labelsSha256()).isNotEqualTo(a.labelsSha256());
        assertThat(other.poolSha256()).isNotEqualTo(a.poolSha256());
        assertThat(distill(new DescribedTeacher(0), pool).provenance().labelsSha256()).isEqualTo(a.labelsSha256());
    }

    @Test
    void a_teacher_that_cannot_describe_itself_is_recorded_by_name_and_direction() {
        DistillationProvenance p = distill(Fixtures.syntheticTeacher(), Fixtures.sample(HAT, 120, 5)).provenance();
        assertThat(p.teacherProvenance().kind()).isEqualTo("predictor");
        assertThat(p.teacherProvenance().values()).containsEntry("name", Fixtures.syntheticTeacher().name())
                .containsEntry("direction", "HIGHER_IS_BETTER");
    }
}
