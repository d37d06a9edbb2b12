package dev.llmnas.examples;

import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.metrics.PredictorMetrics;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.TaskDescription;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * LLM-PP against a real provider: the paper's protocol on one split of WMT'14 En-De (10 demonstrations,
 * 20 test architectures). Configure the provider with {@code OPENAI_API_KEY} (and optionally
 * {@code OPENAI_BASE_URL}, {@code OPENAI_MODEL}) or {@code OLLAMA_BASE_URL} (and {@code OLLAMA_MODEL});
 * without them it says how and exits 0. Answers are cached in {@code llm-example-cache.jsonl}.
 *
 * <p>{@code java -cp examples/target/llmnas-examples.jar dev.llmnas.examples.LlmPredictorExample}
 */
public final class LlmPredictorExample {
    public static void main(String[] args) {
        var configured = LlmModels.configuredFromEnvironment();
        if (configured.isEmpty()) {
            System.out.println(LlmModels.describeEnvironment());
            System.out.println("For example: export OPENAI_API_KEY=...  (optionally OPENAI_BASE_URL, OPENAI_MODEL)");
            System.out.println("         or: export OLLAMA_BASE_URL=http://localhost:11434 OLLAMA_MODEL=llama3.1");
            return;
        }
        Path data = PaperDefaults.dataFolder();
        SearchSpace space = HatSpaces.wmt14ende();
        List<LabelledArchitecture> test = LlmasJsonl.read(DataPaths.seedArchs(data, 123, "wmt14ende", "test"), space);
        LlmPerformancePredictor llm = configured.get().predictorBuilder()
                .space(space)
                .task(TaskDescription.machineTranslation("wmt14ende"))
                .demonstrations(Demonstration.seedArchitectures(data, "wmt14ende", 123, PaperDefaults.TRUTH))
                .cacheFile(Path.of("llm-example-cache.jsonl"))
                .build();
        double[] predicted = llm.predictAll(test.stream().map(LabelledArchitecture::architecture).toList());
        double[] truth = test.stream().mapToDouble(r -> r.score(PaperDefaults.TRUTH)).toArray();
        System.out.println("model: " + configured.get().description());
        System.out.printf(Locale.ROOT, "LLM-PP on 20 test architectures: MAE %.2f, Kendall tau %.2f; usage %s%n",
                PredictorMetrics.mae(truth, predicted), PredictorMetrics.kendallTau(truth, predicted), llm.usage());
    }
}
