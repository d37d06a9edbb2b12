package dev.llmnas.examples.cli;

import dev.llmnas.core.data.NatsBench;
import dev.llmnas.examples.quickstart.Quickstart;
import dev.llmnas.search.SearchListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The main job: the whole method end to end, offline by default. */
@Command(name = "quickstart", header = "The whole method end to end, offline by default (the main job).", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Runs the whole method end to end: picks a teacher (an offline few-shot regressor, clearly named, or"
                    + " with --teacher llm an LLM configured through the environment), labels a pool, distills it into XGBoost,"
                    + " runs HybridSearch under an efficiency constraint and prints the teacher, the distilled"
                    + " predictor's quality against ground truth, the architecture found, the expensive calls made"
                    + " against full evolution, and the wall time. Writes quickstart.json and PNG plots to --out.",
            "By default it needs no API key and no network, whatever keys the environment holds: an LLM teacher"
                    + " is used only with --teacher llm; then the planned number of calls is printed before the first,"
                    + " --max-calls bounds them, and the end gives calls, cache hits and tokens."})
final class QuickstartCommand implements Callable<Integer> {

    @Option(names = "--space", paramLabel = "SPACE", defaultValue = "nb201",
            description = "nb201 (true accuracies known, default), hat-wmt14ende, hat-wmt14enfr or hat-wmt19ende"
                    + " (HAT: the expensive side is a stand-in regressor; see the output)")
    String space;

    @Option(names = "--dataset", paramLabel = "DS", defaultValue = "cifar10",
            description = "nb201 only: cifar10 (default), cifar100 or imagenet16")
    String dataset;

    @Option(names = "--constraint", paramLabel = "METRIC<=VALUE",
            description = "efficiency constraint; default cell-params<=9216 for nb201, flops<=3.0e9 for HAT;"
                    + " on HAT also latency-titanxp, latency-xeon or latency-raspberrypi (ms, predicted from HAT's measurements)")
    String constraint;

    @Option(names = "--max-tries", paramLabel = "N", defaultValue = "10000",
            description = "draws per candidate of the searches before they repair draws toward the constraint's"
                    + " bound; raise it for tight constraints (1 to 10000000, default 10000)")
    int maxTries;

    @Option(names = "--teacher", paramLabel = "WHO", defaultValue = "auto",
            description = "auto (offline few-shot; default, never an LLM), fewshot, fewshot:encoding (the earlier"
                    + " encoding-only teacher), llm (the model the environment configures)")
    String teacher;

    @Option(names = "--max-calls", paramLabel = "N",
            description = "with --teacher llm: stop asking after N calls (answers so far are cached; rerun to continue)")
    Long maxCalls;

    // no picocli default: it would overwrite a value set through the old spelling
    @Option(names = "--pool-size", paramLabel = "N",
            description = "architectures the teacher labels for distillation: 20..14000 for nb201, 20..8500 for"
                    + " HAT (default 3000)")
    int pool = 3000;

    /** The old spelling of {@code --pool-size}; {@code --pool} names a file in every command. */
    @Option(names = "--pool", hidden = true, paramLabel = "N")
    void oldPool(int n) {
        pool = n;
    }

    @Option(names = "--demonstrations", paramLabel = "N", defaultValue = "10",
            description = "nb201 only: demonstrations with true accuracy, 2..100 (default 10, as the paper)")
    int demonstrations;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1", description = "seed of the whole run (default 1)")
    long seed;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "HAT only: the paper's split giving demonstrations and test set: 123 (default), 456, 789")
    Integer splitSeed;

    /** The old spelling of {@code --split}. */
    @Option(names = "--split-seed", hidden = true, paramLabel = "SPLIT")
    void oldSplit(int split) {
        splitSeed = split;
        splitOption = "--split-seed";
    }

    private String splitOption = "--split";

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "llmnas-quickstart",
            description = "folder for quickstart.json, trajectory.png, distilled-vs-true.png, written together at the"
                    + " end of a successful run (default llmnas-quickstart, relative to the working directory)")
    Path out;

    @Mixin
    ProgressOption progress = new ProgressOption();

    @Mixin
    DataOption data;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    QuickstartCommand() {
        this(System.getenv());
    }

    /** With the variables that may configure an LLM teacher (tests pass their own). */
    QuickstartCommand(Map<String, String> environment) {
        this.environment = Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() {
        // everything is checked before the first write: a bad value leaves the output folder as it was
        Quickstart.check(space, null);
        boolean hat = space.startsWith("hat-");
        for (String option : hat ? List.of("--dataset", "--demonstrations") : List.of(splitOption)) {
            if (spec.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new IllegalArgumentException(option + ": only applies to " + (hat ? "--space nb201" : "the HAT spaces")
                        + ", not to --space " + space);
            }
        }
        int maxPool = hat ? 8_500 : 14_000;
        if (pool < 20 || pool > maxPool) {
            throw new IllegalArgumentException(CliErrors.typed(spec, "--pool-size", "--pool") + ": " + pool + " is not in [20, " + maxPool + "] for --space " + space
                    + (hat ? " (the paper's distillation pool holds 8,500 architectures)"
                    : " (NAS-Bench-201 has 15,625 architectures; demonstrations and 1,000 held-out ones are kept apart)"));
        }
        if (maxTries < 1 || maxTries > 10_000_000) {
            throw new IllegalArgumentException("--max-tries: " + maxTries + " is not in [1, 10000000]");
        }
        if (demonstrations < 3 || demonstrations > 100) {
            throw new IllegalArgumentException("--demonstrations: " + demonstrations + " is not in [3, 100]");
        }
        int split = splitSeed == null ? 123 : splitSeed;
        if (split != 123 && split != 456 && split != 789) {
            throw new IllegalArgumentException(splitOption + ": " + split + " is not one of [123, 456, 789]");
        }
        NatsBench.Dataset ds;
        try {
            ds = NatsBench.Dataset.of(dataset);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
        Quickstart.check(space, constraint);
        Quickstart.TeacherChoice choice = switch (teacher) {
            case "auto" -> Quickstart.TeacherChoice.AUTO;
            case "fewshot" -> Quickstart.TeacherChoice.FEWSHOT;
            case "fewshot:encoding" -> Quickstart.TeacherChoice.FEWSHOT_ENCODING;
            case "llm" -> Quickstart.TeacherChoice.LLM;
            default -> throw new IllegalArgumentException("--teacher: '" + teacher + "' is not one of [auto, fewshot, fewshot:encoding, llm]");
        };
        if (maxCalls != null && choice != Quickstart.TeacherChoice.LLM) {
            throw new IllegalArgumentException("--max-calls: only applies to --teacher llm, not --teacher " + teacher);
        }
        if (maxCalls != null && maxCalls < 1) {
            throw new IllegalArgumentException("--max-calls: " + maxCalls + " must be at least 1");
        }
        if (choice == Quickstart.TeacherChoice.LLM
                && dev.llmnas.llm.LlmModels.fromVariables(environment).isEmpty()) {
            // before any work: the library says the same, but only once the pool is drawn
            throw new IllegalArgumentException("--teacher: 'llm' needs an LLM configured in the environment: "
                    + dev.llmnas.llm.LlmModels.HOW_TO_CONFIGURE + "; or use --teacher auto, fewshot or"
                    + " fewshot:encoding");
        }
        Path guarded = data.guarded();
        OutputPaths.refuseInside(out, "--out", guarded);
        OutputPaths.writableDirectory(out, "--out");
        Path dataDir = data.resolve();
        try (OutputTransaction outputs = new OutputTransaction(guarded)) {
            Path json = outputs.claim(out.resolve(Quickstart.JSON), "--out");
            Path trajectory = outputs.claim(out.resolve(Quickstart.TRAJECTORY), "--out");
            Path scatter = outputs.claim(out.resolve(Quickstart.SCATTER), "--out");
            Quickstart.Options options = new Quickstart.Options(space, ds, seed, split, pool,
                    demonstrations, constraint, choice, out, dataDir, maxCalls == null ? Long.MAX_VALUE : maxCalls);
            PrintWriter stdout = spec.commandLine().getOut();
            PrintWriter stderr = spec.commandLine().getErr();
            Quickstart.Result result = new Quickstart(options, stdout,
                    label -> !progress.shown() ? new SearchListener() { } : ProgressBar.on(stderr, label), environment)
                    .maxTries(maxTries).compute();
            result.writeTo(json, trajectory, scatter);
            outputs.commit();
            stdout.println("result: " + out.resolve(Quickstart.JSON));
            stdout.println("plots:  " + out.resolve(Quickstart.TRAJECTORY) + " (predicted and true scores in"
                    + " separate panels), " + out.resolve(Quickstart.SCATTER));
            stdout.flush();
        }
        return 0;
    }
}
