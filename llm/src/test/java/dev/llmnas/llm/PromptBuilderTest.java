package dev.llmnas.llm;

import static dev.llmnas.llm.Fixtures.DEMOS;
import static dev.llmnas.llm.Fixtures.SPACE;
import static dev.llmnas.llm.Fixtures.TASK;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PromptBuilderTest {
    private static final String ROLE = "You estimate how well neural network architectures perform";
    private static final String DEFINITIONS = "Hyperparameters:\n- encoder-embed-dim: ";
    private static final String DATASET = "task is WMT'14 English to German";
    private static final String EXAMPLES = "Example 1:\n   English: ";
    private static final String BACKBONE = "Every architecture is a variant of the encoder-decoder Transformer";
    private static final String EFFICIENCY = "Efficiency is reported as GFLOPs";
    private static final String CONCENTRATE = "Study the example architectures below";

    private final Architecture test = Fixtures.seedTest().get(3);

    @Test
    void the_full_prompt_has_role_instructions_definitions_demonstrations_and_ends_with_the_test_architecture() {
        String p = PromptBuilder.create(SPACE, TASK, DEMOS, PromptParts.full()).build(test).text();
        assertThat(p).startsWith(ROLE).contains("Reply with that number alone, written with 2 decimals.");
        assertThat(p).contains("Instructions:\n1. The machine translation " + DATASET, "\n2. What the task looks like",
                "\n3. " + BACKBONE, "\n4. " + EFFICIENCY, "\n5. " + CONCENTRATE);
        for (String d : SPACE.definitions()) {
            assertThat(p).contains("- " + d + "\n");
        }
        Fixtures.demoBlocks().forEach(b -> assertThat(p).contains(b + "\n\n"));
        assertThat(p.indexOf(DEFINITIONS)).isLessThan(p.indexOf(Fixtures.demoBlocks().get(0)));
        assertThat(p).endsWith("\n\n" + String.join("\n", SPACE.describe(test)) + "\nGFLOPs: "
                + String.format(java.util.Locale.ROOT, "%.1f", SPACE.metric(test, "flops") / 1e9) + "\nBLEU:");
        assertThat(p.split("\nBLEU: ", -1)).hasSize(11);
    }

    @Test
    void demonstrations_keep_their_order_and_show_scores_with_fixed_decimals() {
        String p = PromptBuilder.create(SPACE, TASK, DEMOS, PromptParts.full()).build(test).text();
        int last = -1;
        for (String b : Fixtures.demoBlocks()) {
            int at = p.indexOf(b);
            assertThat(at).isGreaterThan(last);
            last = at;
        }
        assertThat(p).contains("BLEU: 24.30\n");
    }

    @ParameterizedTest
    @EnumSource(PromptAblation.class)
    void each_ablation_step_adds_exactly_its_part(PromptAblation step) {
        String p = PromptBuilder.create(SPACE, TASK, DEMOS, PromptParts.of(step)).build(test).text();
        int n = step.ordinal();
        List<String> markers = List.of(ROLE, DEFINITIONS, DATASET, EXAMPLES, BACKBONE, EFFICIENCY, CONCENTRATE);
        for (int i = 0; i < markers.size(); i++) {
            if (i < n) {
                assertThat(p).as("%s includes part %d", step, i).contains(markers.get(i));
            } else {
                assertThat(p).as("%s lacks part %d", step, i).doesNotContain(markers.get(i));
            }
        }
        Fixtures.demoBlocks().forEach(b -> assertThat(p).contains(b));
        assertThat(p).endsWith("\nBLEU:");
    }

    @Test
    void demonstrations_only_starts_with_the_first_demonstration() {
        String p = PromptBuilder.create(SPACE, TASK, DEMOS, PromptParts.of(PromptAblation.DEMONSTRATIONS_ONLY))
                .build(test).text();
        assertThat(p).startsWith(Fixtures.demoBlocks().get(0));
    }

    @Test
    void parts_can_be_switched_one_by_one() {
        PromptParts noEfficiency = PromptParts.full().withEfficiencyInDemonstrations(false).withEfficiencyMetric(false);
        String p = PromptBuilder.create(SPACE, TASK, DEMOS, noEfficiency).build(test).text();
        assertThat(p).doesNotContain("GFLOPs").contains("each listed with its BLEU,");
        String noExamples = PromptBuilder.create(SPACE, TASK.withTaskExamples(List.of()), DEMOS, PromptParts.full())
                .build(test).text();
        assertThat(noExamples).doesNotContain(EXAMPLES).contains("\n2. " + BACKBONE);
    }

    @Test
    void the_wording_is_our_own_not_the_papers_templates() {
        String p = PromptBuilder.create(SPACE, TASK, DEMOS, PromptParts.full()).build(test).text();
        assertThat(p).doesNotContain("You should", "performance estimator", "corresponds to", "subtransformer");
    }

    @Test
    void it_works_for_nas_bench_201_with_true_accuracies_as_demonstrations() {
        NatsBench table = NatsBench.load(DataPaths.natsBench(Fixtures.DATA));
        SplittableRandom rng = new SplittableRandom(7);
        List<LabelledArchitecture> sample = Arrays.stream(rng.ints(10, 0, table.size()).toArray())
                .mapToObj(i -> table.records().get(i)).toList();
        var demos = Demonstration.fromLabelled(sample, "cifar10", Nb201Space.space());
        TaskDescription task = TaskDescription.nasBench201(NatsBench.Dataset.CIFAR10);
        Architecture a = Nb201Space.parse("|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|avg_pool_3x3~2|");
        String p = PromptBuilder.create(Nb201Space.space(), task, demos, PromptParts.full()).build(a).text();
        assertThat(p).contains("CIFAR-10", "edge-0-1: ", "KParams per cell: ", "accuracy: ")
                .endsWith("edge-2-3: avg_pool_3x3\nKParams per cell: 6.912\naccuracy:");
        assertThat(p.split("\naccuracy: ", -1)).hasSize(11);
    }

    @Test
    void a_demonstration_outside_the_space_or_an_unknown_efficiency_metric_is_rejected() {
        Demonstration bad = new Demonstration(DEMOS.get(0).architecture().with("decoder-embed-dim", 700), 25, DEMOS.get(0).efficiency());
        assertThatThrownBy(() -> PromptBuilder.create(SPACE, TASK, List.of(bad), PromptParts.full()))
                .hasMessageContaining("decoder-embed-dim: 700");
        TaskDescription odd = TaskDescription.builder("x").taskName("t").datasetName("d")
                .metric("BLEU", dev.llmnas.core.Direction.HIGHER_IS_BETTER).efficiency("latency", "ms", "", 1, 1).build();
        assertThatThrownBy(() -> PromptBuilder.create(SPACE, odd, List.of(), PromptParts.full()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'latency' is not one of");
    }

    @Test
    void task_presets_cover_the_three_translation_tasks_and_reject_others() {
        assertThat(TaskDescription.machineTranslationTasks()).allSatisfy(t ->
                assertThat(TaskDescription.machineTranslation(t).efficiencyMetric()).isEqualTo("flops"));
        assertThat(TaskDescription.machineTranslation("wmt14enfr").taskExamples().get(0)).contains("French:");
        assertThatThrownBy(() -> TaskDescription.machineTranslation("wmt16roen"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'wmt16roen' is not one of");
        assertThatThrownBy(() -> TaskDescription.builder("x").taskName("t").datasetName("d")
                .metric("m", dev.llmnas.core.Direction.LOWER_IS_BETTER).scoreDecimals(11).build())
                .hasMessageContaining("scoreDecimals: 11");
    }
}
