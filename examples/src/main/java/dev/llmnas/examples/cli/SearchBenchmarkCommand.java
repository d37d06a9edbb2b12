package dev.llmnas.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.examples.bench.CheapPredictors;
import dev.llmnas.examples.bench.SearchBenchmark;
import dev.llmnas.examples.bench.TeacherSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmnas search-benchmark}: random search, evolution with the expensive predictor throughout, and
 * HybridSearch with an XGBoost predictor distilled from a teacher, on NAS-Bench-201 with the true accuracy of
 * {@code nats_bench.csv} as the expensive predictor, on the same seeds. See {@link SearchBenchmark}.
 */
@Command(name = "search-benchmark", header = "Random search vs evolution vs HybridSearch on NAS-Bench-201.", mixinStandardHelpOptions = true,
        description = {"Search quality on NAS-Bench-201, on the same seeds:",
                "  random     random search with the hybrid's expensive budget,",
                "  evolution  HAT's evolution ranked by the true accuracy throughout,",
                "  hybrid     HybridSearch ranked by XGBoost distilled from a teacher",
                "             until the switch point, by the true accuracy after it.",
                "One expensive call stands for one architecture trained from scratch.",
                "Reports true accuracy, regret to the optimum and expensive calls,",
                "mean (std) over seeds."})
final class SearchBenchmarkCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--dataset", required = true, paramLabel = "NAME",
            description = "cifar10, cifar100 or imagenet16: whose true accuracy is searched")
    String dataset;

    @Option(names = "--seeds", defaultValue = "10", paramLabel = "N",
            description = "number of seeds, 1..N (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--json", paramLabel = "OUT",
            description = "also write one JSON object per method (method, accuracy_mean, accuracy_std, regret_mean,"
                    + " expensive_calls_mean, ...) to this file")
    Path json;

    @Option(names = "--teacher", paramLabel = "SPEC",
            description = "who labels the distillation pool: proxy:<dataset> (true accuracy on another data set),"
                    + " fewshot (ridge on 10 demonstrations with their efficiency metrics, 10 expensive calls),"
                    + " fewshot:encoding (the earlier encoding-only ridge) or llm (configured from the"
                    + " environment; 10 demonstrations) (default: proxy:cifar100, or proxy:cifar10 for cifar100)")
    String teacher;

    @Option(names = "--iterations", defaultValue = "30", paramLabel = "N",
            description = "evolution iterations (default: ${DEFAULT-VALUE}, as the paper)")
    int iterations;

    @Option(names = "--population", defaultValue = "125", paramLabel = "N",
            description = "population size; parents, mutations and crossovers keep HAT's 1:2:2 (default:"
                    + " ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--switch-at", defaultValue = "0.5", paramLabel = "FRACTION",
            description = "HybridSearch's switch point as a fraction of the iterations (default: ${DEFAULT-VALUE},"
                    + " as the paper)")
    double switchAt;

    @Option(names = "--deduplicate", description = "populations hold no repeated architecture (default: off, as HAT)")
    boolean deduplicate;

    @Option(names = "--pool", defaultValue = "1000", paramLabel = "N",
            description = "random cells the teacher labels for distillation (default: ${DEFAULT-VALUE})")
    int pool;

    @Option(names = "--rounds", defaultValue = "300", paramLabel = "N",
            description = "XGBoost boosting rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--max-depth", defaultValue = "6", paramLabel = "N",
            description = "XGBoost tree depth (default: ${DEFAULT-VALUE})")
    int maxDepth;

    @Option(names = "--llm-cache", paramLabel = "FILE",
            description = "with --teacher llm: a JSONL cache of LLM answers, reused and extended")
    Path llmCache;

    @Option(names = "--no-progress", description = "do not draw the progress bar on standard error")
    boolean noProgress;

    @Mixin
    DataOption data;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    SearchBenchmarkCommand() {
        this(System.getenv());
    }

    /** With the variables that configure an LLM (tests pass their own). */
    SearchBenchmarkCommand(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() throws IOException {
        NatsBench.Dataset target = NatsBench.Dataset.of(dataset);
        TeacherSpec spec = teacher == null ? TeacherSpec.defaultFor(target) : TeacherSpec.parse(teacher, target);
        SearchBenchmark.Settings settings = new SearchBenchmark.Settings(target, seeds, iterations, population,
                switchAt, deduplicate);
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds: " + rounds + " is not allowed; it must be at least 1");
        }
        if (maxDepth < 1 || maxDepth > 16) {
            throw new IllegalArgumentException("--max-depth: " + maxDepth + " is not allowed; it must be in [1, 16]");
        }
        if (llmCache != null && !(spec instanceof TeacherSpec.Llm)) {
            throw new IllegalArgumentException("--llm-cache: only used with --teacher llm, not " + spec.id());
        }
        // checked before the table loads, so bad input fails at once
        if (json != null) {
            OutputPaths.writableFile(json, "--json");
        }
        CheapPredictors.checkPool(pool);
        CheapPredictors.llmModel(spec, environment);
        Path dataDir = data.resolve();
        CheapPredictors cheap = new CheapPredictors(NatsBench.load(DataPaths.natsBench(dataDir)),
                target, spec, pool, rounds, maxDepth, environment, llmCache);
        NatsBench table = cheap.table();
        ProgressBar bar = noProgress ? null : ProgressBar.stderr("search-benchmark");
        SearchBenchmark.Report report = SearchBenchmark.run(table, settings, "hybrid[" + spec.id() + "]", cheap,
                bar == null ? null : bar::update);
        if (bar != null) {
            bar.finish("");
        }
        PrintWriter out = this.spec.commandLine().getOut();
        out.print(report.table());
        out.printf("teacher %s, distilled by XGBoost (%d rounds, depth %d) on %d random cells per seed; wall time %ds%n",
                spec.id(), rounds, maxDepth, pool, report.wallTime().toSeconds());
        if (json != null) {
            try {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) {
                    java.nio.file.Files.createDirectories(parent);
                }
                JSON.writeValue(json.toFile(), report.toJson());
            } catch (IOException e) {
                throw new dev.llmnas.core.LlmnasException("--json: cannot write " + json + ": " + OutputPaths.reason(e), e);
            }
            out.println("wrote " + json);
        }
        out.flush();
        return 0;
    }
}
