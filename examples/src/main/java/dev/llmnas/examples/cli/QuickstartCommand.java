package dev.llmnas.examples.cli;

import dev.llmnas.core.data.NatsBench;
import dev.llmnas.examples.quickstart.Quickstart;
import dev.llmnas.search.SearchListener;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The main job: the whole method end to end, offline by default. */
@Command(name = "quickstart", header = "The whole method end to end, offline by default (the main job).", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the whole method end to end: picks a teacher (an LLM when configured through the environment,"
                    + " else an offline few-shot regressor, clearly named), labels a pool, distills it into XGBoost,"
                    + " runs HybridSearch under an efficiency constraint and prints the teacher, the distilled"
                    + " predictor's quality against ground truth, the architecture found, the expensive calls made"
                    + " against full evolution, and the wall time. Writes quickstart.json and PNG plots to --out.",
            "By default it needs no API key and no network: an LLM teacher is used only when one is configured"
                    + " through the environment (OPENAI_API_KEY / OPENAI_BASE_URL or OLLAMA_BASE_URL), or with"
                    + " --teacher llm."})
public final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--space", paramLabel = "SPACE", defaultValue = "nb201",
            description = "nb201 (true accuracies known, default), hat-wmt14ende, hat-wmt14enfr or hat-wmt19ende")
    String space;

    @Option(names = "--dataset", paramLabel = "DS", defaultValue = "cifar10",
            description = "nb201 only: cifar10 (default), cifar100 or imagenet16")
    String dataset;

    @Option(names = "--constraint", paramLabel = "METRIC<=VALUE",
            description = "efficiency constraint; default cell-params<=9216 for nb201, flops<=3.0e9 for HAT;"
                    + " on HAT also latency-titanxp, latency-xeon or latency-raspberrypi (ms, predicted from HAT's measurements)")
    String constraint;

    @Option(names = "--teacher", paramLabel = "WHO", defaultValue = "auto",
            description = "auto (LLM when configured, else offline few-shot; default), fewshot, llm")
    String teacher;

    @Option(names = "--pool", paramLabel = "N", defaultValue = "3000",
            description = "architectures the teacher labels for distillation (default 3000)")
    int pool;

    @Option(names = "--demonstrations", paramLabel = "N", defaultValue = "10",
            description = "nb201 only: demonstrations with true accuracy (default 10, as the paper)")
    int demonstrations;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the whole run (default 1)")
    long seed;

    @Option(names = "--split-seed", paramLabel = "N", defaultValue = "123",
            description = "HAT only: the paper's split giving demonstrations and test set: 123 (default), 456, 789")
    int splitSeed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "llmnas-quickstart",
            description = "folder for quickstart.json, trajectory.png, distilled-vs-true.png (default llmnas-quickstart)")
    Path out;

    @Option(names = "--no-progress", description = "do not draw progress bars")
    boolean noProgress;

    @Mixin
    DataOption data;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (!space.equals("nb201") && !space.startsWith("hat-")) {
            throw new IllegalArgumentException("space: '" + space + "' is not one of [nb201, hat-wmt14ende,"
                    + " hat-wmt14enfr, hat-wmt19ende]");
        }
        boolean hat = space.startsWith("hat-");
        if (hat) {
            dev.llmnas.core.spaces.HatSpaces.forTask(space);
        }
        for (String option : hat ? List.of("--dataset", "--demonstrations") : List.of("--split-seed")) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + ": only applies to " + (hat ? "--space nb201" : "the HAT spaces")
                        + ", not to --space " + space);
            }
        }
        int maxPool = hat ? 8_500 : 14_000;
        if (pool < 20 || pool > maxPool) {
            throw new IllegalArgumentException("--pool: " + pool + " is not in [20, " + maxPool + "] for --space " + space
                    + (hat ? " (the paper's distillation pool holds 8,500 architectures)"
                    : " (NAS-Bench-201 has 15,625 architectures; demonstrations and 1,000 held-out ones are kept apart)"));
        }
        OutputPaths.writableDirectory(out, "--out");
        Quickstart.TeacherChoice choice = switch (teacher) {
            case "auto" -> Quickstart.TeacherChoice.AUTO;
            case "fewshot" -> Quickstart.TeacherChoice.FEWSHOT;
            case "llm" -> Quickstart.TeacherChoice.LLM;
            default -> throw new IllegalArgumentException("teacher: '" + teacher + "' is not one of [auto, fewshot, llm]");
        };
        Quickstart.Options options = new Quickstart.Options(space, NatsBench.Dataset.of(dataset), seed, splitSeed, pool,
                demonstrations, constraint, choice, out, data.resolve());
        new Quickstart(options, System.out, label -> noProgress ? new SearchListener() { } : ProgressBar.stderr(label)).run();
        return 0;
    }
}
