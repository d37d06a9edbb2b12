package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.TestData;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HatEfficiencyTest {

    static List<LabelledArchitecture> allSeedRecords(String task) {
        Path data = TestData.dir();
        SearchSpace space = HatSpaces.forTask(task);
        List<LabelledArchitecture> all = new ArrayList<>();
        for (int seed : new int[] {123, 456, 789}) {
            for (String split : List.of("train", "test")) {
                all.addAll(LlmasJsonl.read(DataPaths.seedArchs(data, seed, task, split), space));
            }
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(strings = {"wmt14ende", "wmt14enfr", "wmt19ende"})
    void parameters_match_every_recorded_architecture_exactly_and_flops_within_a_tenth_of_a_percent(String task) {
        SearchSpace space = HatSpaces.forTask(task);
        List<LabelledArchitecture> records = allSeedRecords(task);
        assertThat(records).hasSize(90);
        assertThat(records.stream().map(LabelledArchitecture::architecture).distinct().count()).isEqualTo(30);
        for (LabelledArchitecture r : records) {
            var m = space.metrics(r.architecture());
            assertThat(m.get(HatSpaces.PARAMS)).as("params of %s", r.architecture())
                    .isEqualTo(r.metric("num_parameters_without_embedding_weights"));
            assertThat(m.get(HatSpaces.EMBEDDING_PARAMS)).isEqualTo(r.metric("num_embedding_parameters"));
            assertThat(m.get(HatSpaces.LAST_LAYER_FLOPS)).isEqualTo(r.metric("last_layer_flops"));
            double flops = r.metric("total_flops");
            assertThat(m.get(HatSpaces.FLOPS)).as("flops of %s", r.architecture()).isCloseTo(flops, within(flops * 1e-3));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"wmt14ende", "wmt14enfr", "wmt19ende"})
    void flops_match_every_recorded_architecture_exactly(String task) {
        SearchSpace space = HatSpaces.forTask(task);
        for (LabelledArchitecture r : allSeedRecords(task)) {
            var m = space.metrics(r.architecture());
            assertThat(m.get(HatSpaces.FLOPS)).as("flops of %s", r.architecture()).isEqualTo(r.metric("total_flops"));
            assertThat(m.get(HatSpaces.FLOPS) - m.get(HatSpaces.LAST_LAYER_FLOPS))
                    .isEqualTo(r.metric("total_flops_without_last_layer"));
        }
    }

    @Test
    void flops_match_all_8500_distillation_pool_architectures_exactly() throws IOException {
        SearchSpace space = HatSpaces.wmt14ende();
        List<Path> files;
        try (Stream<Path> s = Files.list(DataPaths.distillPool(TestData.dir()))) {
            files = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        int n = 0;
        for (Path f : files) {
            for (LabelledArchitecture r : LlmasJsonl.read(f, space)) {
                assertThat(space.metric(r.architecture(), HatSpaces.FLOPS)).as("%s: flops of %s", f, r.architecture())
                        .isEqualTo(r.metric("total_flops"));
                n++;
            }
        }
        assertThat(n).isEqualTo(8_500);
    }
}
