package dev.llmnas.llm;

import dev.langchain4j.model.chat.ChatModel;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.spaces.HatSpaces;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

/** Real data for the tests: the paper's seed architectures and distillation pool, read in place. */
final class Fixtures {
    /** A distinctive fake key: no message, log, cache line or exception may ever contain it. */
    static final String FAKE_KEY = "sk-llmnas-test-9f8e7d6c5b4a39281706";

    static final Path DATA = DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""));
    static final SearchSpace SPACE = HatSpaces.wmt14ende();
    static final TaskDescription TASK = TaskDescription.machineTranslation("wmt14ende");
    static final List<Demonstration> DEMOS = Demonstration.seedArchitectures(DATA, "wmt14ende", 123,
            "scratch.valid_BLEU");

    private Fixtures() {
    }

    /** Architectures of the paper's distillation pool (file 111), first {@code n}. */
    static List<Architecture> pool(int n) {
        return new ArrayList<>(POOL_111.subList(0, n));
    }

    private static final List<Architecture> POOL_111 = LlmasJsonl.read(
            DataPaths.distillPool(DATA).resolve("111.jsonl"), SPACE).stream().map(LabelledArchitecture::architecture)
            .toList();

    /** The 20 held-out test architectures of seed 123. */
    static List<Architecture> seedTest() {
        return LlmasJsonl.read(DataPaths.seedArchs(DATA, 123, "wmt14ende", "test"), SPACE).stream()
                .map(LabelledArchitecture::architecture).toList();
    }

    /** How each demonstration must appear in the prompt, rendered independently of PromptBuilder. */
    static List<String> demoBlocks() {
        List<String> blocks = new ArrayList<>();
        for (Demonstration d : DEMOS) {
            blocks.add(String.join("\n", SPACE.describe(d.architecture())) + "\n"
                    + String.format(Locale.ROOT, "GFLOPs: %.1f", d.efficiency().get("flops") / 1e9) + "\n"
                    + String.format(Locale.ROOT, "BLEU: %.2f", d.score()));
        }
        return blocks;
    }

    /** A deterministic "LLM" score in [20, 30] that differs between architectures. */
    static double oracle(Architecture a) {
        double params = SPACE.metric(a, "params");
        double flops = SPACE.metric(a, "flops");
        double v = 20 + ((params / 1e6 * 7.31 + flops / 1e9 * 3.17) % 10);
        return Math.round(v * 100) / 100.0;
    }

    static OpenAiStub stub() throws java.io.IOException {
        return new OpenAiStub(SPACE, TASK, demoBlocks(), Fixtures::oracle);
    }

    /** The real LangChain4j OpenAI client pointed at the stub, with the fake key. */
    static ChatModel model(OpenAiStub stub) {
        return model(stub, Duration.ofSeconds(10));
    }

    static ChatModel model(OpenAiStub stub, Duration timeout) {
        return LlmModels.openAi().baseUrl(stub.baseUrl()).apiKey(FAKE_KEY).modelName("test-model")
                .timeout(timeout).build();
    }

    /** Fast retries for tests: 3 retries, 1 ms doubling. */
    static BackoffPolicy fastBackoff() {
        return BackoffPolicy.defaults().withMaxRetries(3).withDelays(Duration.ofMillis(1), Duration.ofMillis(8));
    }

    /** Records the waits between attempts (they are spent for real: tests keep them short). */
    static final class Waits implements java.util.function.Consumer<Duration> {
        final List<Duration> waits = new CopyOnWriteArrayList<>();

        @Override
        public void accept(Duration d) {
            waits.add(d);
        }
    }

    static LlmPerformancePredictor.Builder predictor(OpenAiStub stub) {
        return LlmPerformancePredictor.builder().chatModel(model(stub)).space(SPACE).task(TASK).demonstrations(DEMOS)
                .backoff(fastBackoff());
    }
}
