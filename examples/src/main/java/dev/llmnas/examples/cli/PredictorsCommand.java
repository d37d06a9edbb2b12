package dev.llmnas.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.examples.PaperDefaults;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.metrics.MeanStd;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.examples.bench.CheapPredictors;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.ResponseCache;
import dev.llmnas.llm.TaskDescription;
import dev.llmnas.predictors.KnnPredictor;
import dev.llmnas.predictors.PredictorTable;
import dev.llmnas.predictors.RidgePredictor;
import dev.llmnas.predictors.XGBoostDistiller;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code llmnas predictors}: the LLM-PP paper's predictor-quality table on its seed architectures. For each
 * seed (123, 456, 789) the 10 {@code train} architectures are the demonstrations and the 20 {@code test}
 * architectures are scored against {@code scratch.valid_BLEU}; MAE and Kendall tau are reported as mean
 * (std) over the seeds.
 *
 * <p>Rows: the four supernet baselines whose BLEU the data records; few-shot regressors fitted to the
 * demonstrations alone (k-NN, ridge, XGBoost); and a teacher/student pair — the ridge regressor and an
 * XGBoost student distilled from it on {@code --pool-size} architectures of the paper's distillation pool —
 * which is the LLM-Distill-PP pipeline with a cheap teacher. An LLM teacher plugs into
 * {@link #addTeacherRows} the same way.
 *
 * <p>A row that cannot be evaluated (every prediction failed, or constant predictions leave Kendall tau
 * undefined) shows {@code n/a} and says why; the rest of the table is printed and written all the same. The
 * exit code is 1 when any prediction failed (the figures of that row are partial or missing), else 0.
 */
@Command(name = "predictors", header = "The paper's predictor-quality table (MAE, Kendall tau over seeds).", mixinStandardHelpOptions = true,
        description = {"Predictor quality on the paper's seed architectures: MAE and Kendall tau against",
                "scratch.valid_BLEU, mean (std) over seeds 123, 456 and 789."})
final class PredictorsCommand implements Callable<Integer> {
    /** The baselines recorded in the seed-architecture files: row label and score read. */
    static final List<String> RECORDED = List.of("HAT", "Supernet (Sandwich)", "Layer-wise MoS", "Neuron-wise MoS");
    /** Appended to a recorded baseline's row label: its BLEU comes from the data, not from a predictor run here. */
    static final String RECORDED_MARK = " (recorded)";
    /** The most architectures the paper's distillation pool holds (17 files of 500). */
    static final int POOL_MAX = 8_500;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--task", defaultValue = "wmt14ende", paramLabel = "TASK",
            description = "wmt14ende, wmt14enfr or wmt19ende (default: ${DEFAULT-VALUE})")
    String task;

    @Option(names = "--json", paramLabel = "OUT",
            description = "also write the rows as JSON to this file (written whole at the end, never on an error)")
    Path json;

    @Option(names = "--pool-size", defaultValue = "3000", paramLabel = "N",
            description = "distillation pool: the first N architectures of llmas/distill-pool/*.jsonl in file-name"
                    + " order, 1.." + POOL_MAX + " (default: ${DEFAULT-VALUE})")
    int poolSize;

    @Option(names = "--seed", defaultValue = "1", paramLabel = "SEED",
            description = "seed of the run (the XGBoost rows' randomness; default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--cache", paramLabel = "FILE",
            description = "LLM answer cache (default: llmnas-predictors-<task>.llm-cache.jsonl); with an LLM configured"
                    + " in the environment (OpenAI or compatible, Azure OpenAI, Anthropic, Gemini or Ollama; see"
                    + " the README), or with"
                    + " --replay-only, the table gains LLM-PP and LLM-Distill-PP rows")
    Path llmCache;

    /** The old spelling of {@code --cache}. */
    @Option(names = "--llm-cache", hidden = true, paramLabel = "FILE")
    void oldCache(Path file) {
        llmCache = file;
    }

    @Mixin
    LlmOptions llmOptions = new LlmOptions();

    @Mixin
    ProgressOption progress = new ProgressOption();


    @Option(names = "--no-llm", description = "leave out the LLM rows even when an LLM is configured")
    boolean noLlm;

    @Mixin
    DataOption data;

    @Spec
    CommandSpec spec;

    private final Map<String, String> environment;

    PredictorsCommand() {
        this(System.getenv());
    }

    /** With the variables that configure an LLM (tests pass their own). */
    PredictorsCommand(Map<String, String> environment) {
        this.environment = java.util.Objects.requireNonNull(environment, "environment");
    }

    @Override
    public Integer call() throws IOException {
        SearchSpace space;
        try {
            space = HatSpaces.forTask(task);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--task: '" + task + "' is not one of " + HatSpaces.tasks(), e);
        }
        if (poolSize < 1 || poolSize > POOL_MAX) {
            throw new IllegalArgumentException("--pool-size: " + poolSize + " is not in [1, " + POOL_MAX + "] (the"
                    + " paper's distillation pool holds " + POOL_MAX + " architectures)");
        }
        Path cacheFile = llmCache != null ? llmCache : Path.of("llmnas-predictors-" + task + ".llm-cache.jsonl");
        Path guarded = data.guarded();
        if (!noLlm && !llmOptions.replayOnly       // a run with an LLM appends its answers to the cache
                && LlmSetup.configured(environment, null, llmOptions.model).isPresent()) {
            OutputPaths.refuseInside(cacheFile, CliErrors.typed(spec, "--cache", "--llm-cache"), guarded);
        }
        try (OutputTransaction outputs = new OutputTransaction(guarded)) {
            // claimed before any work: the table can take minutes (and LLM calls) to compute
            Path jsonTemp = null;
            if (json != null) {
                OutputPaths.refuseSame(json, "--json", cacheFile, CliErrors.typed(spec, "--cache", "--llm-cache"));
                jsonTemp = outputs.claim(json, "--json");
            }
            Integer code = table(space, cacheFile, jsonTemp);
            outputs.commit();
            return code;
        }
    }

    private Integer table(SearchSpace space, Path cacheFile, Path jsonTemp) throws IOException {
        Path dataDir = data.resolve();
        // the reader checks every seed file before any work: a damaged one fails as FILE:LINE: field: reason
        List<PredictorTable.Split> splits = PredictorTable.splits(dataDir, task, space, PaperDefaults.SEEDS,
                PaperDefaults.TRUTH);
        Supplier<List<Architecture>> pool = memoize(() -> readPool(DataPaths.distillPool(dataDir), space, poolSize));

        PredictorTable.Builder table = PredictorTable.builder(task, splits, PaperDefaults.TRUTH);
        addRows(table, space, pool);
        List<PredictorTable.Row> rows;
        Optional<LlmModels.Configured> configured = noLlm ? Optional.empty()
                : LlmSetup.configured(environment, null, llmOptions.model);
        if (!noLlm && (configured.isPresent() || llmOptions.replayOnly)) {
            List<LlmPerformancePredictor> built = new ArrayList<>();
            try (ResponseCache answers = openCache(cacheFile)) {
                String[] description = new String[1];
                addTeacherRows(table, "LLM-PP", "LLM-Distill-PP", space, pool, demos -> {
                    LlmPerformancePredictor.Builder b = LlmPerformancePredictor.builder().space(space)
                            .task(TaskDescription.machineTranslation(task))
                            .demonstrations(Demonstration.fromLabelled(demos, PaperDefaults.TRUTH, space))
                            .cache(answers).replayOnly(llmOptions.replayOnly).concurrency(8);
                    description[0] = LlmSetup.apply(b, configured, answers, cacheFile, llmOptions.model);
                    LlmPerformancePredictor llm = b.build();
                    built.add(llm);
                    return llm;
                });
                try {
                    rows = table.build().evaluate();
                } finally {
                    built.forEach(LlmPerformancePredictor::close);
                }
                spec.commandLine().getErr().println("LLM: " + description[0] + "; answers cached in " + cacheFile);
            }
        } else {
            rows = table.build().evaluate();
        }

        PrintWriter out = spec.commandLine().getOut();
        out.printf("Predictor quality on %s: MAE and Kendall tau against %s, mean (std) over seeds %s%n", task,
                PaperDefaults.TRUTH, splits.stream().map(s -> String.valueOf(s.seed())).collect(Collectors.joining(", ")));
        out.printf("(%d demonstrations and %d test architectures per seed; distilled rows learn %d pool architectures)%n%n",
                splits.get(0).demonstrations().size(), splits.get(0).test().size(), poolSize);
        out.print(PredictorTable.format(rows));
        out.println();
        out.println("Rows marked (recorded) show the BLEU that the data records for each baseline supernet; no"
                + " predictor runs for them.");
        if (rows.stream().noneMatch(r -> r.predictor().startsWith("LLM-"))) {
            out.println("No LLM rows: configure an LLM in the environment (" + LlmModels.HOW_TO_CONFIGURE
                    + "), or replay answers with --replay-only --cache FILE, to add LLM-PP and LLM-Distill-PP rows.");
        }
        out.flush();
        if (json != null) {
            writeJson(rows, jsonTemp);
            out.println();
            out.println("wrote " + json);
            out.flush();
        }
        List<String> failedRows = rows.stream().filter(PredictorTable.Row::hasFailures)
                .map(PredictorTable.Row::predictor).toList();
        if (!failedRows.isEmpty()) {
            // the table is complete, but figures computed from failed predictions are partial or missing
            spec.commandLine().getErr().println("error: predictions failed in " + failedRows.size() + " of "
                    + rows.size() + " rows (" + String.join(", ", failedRows) + "); see the table's notes");
            return LlmnasCli.EXIT_FAILURE;
        }
        return 0;
    }

    /**
     * The table's rows. Recorded baselines first, then predictors fitted per seed to the demonstrations.
     * LLM-PP and LLM-Distill-PP rows are added with {@link #addTeacherRows}, passing a factory that builds
     * the LLM predictor from a seed's demonstrations.
     */
    void addRows(PredictorTable.Builder table, SearchSpace space, Supplier<List<Architecture>> pool) {
        for (String baseline : RECORDED) {
            table.recorded(baseline + RECORDED_MARK, baseline + ".valid_BLEU");
        }
        Direction up = Direction.HIGHER_IS_BETTER;
        table.fitted("kNN (k=3)", demos -> KnnPredictor.fit(space, PredictorTable.architectures(demos),
                PredictorTable.scores(demos, PaperDefaults.TRUTH), 3, up));
        table.fitted("XGBoost (demonstrations only)", demos -> distiller().distill(space,
                PredictorTable.architectures(demos), PredictorTable.scores(demos, PaperDefaults.TRUTH),
                "demonstrations"));
        table.fitted("Ridge (lambda=1)", demos -> RidgePredictor.fit(space, PredictorTable.architectures(demos),
                PredictorTable.scores(demos, PaperDefaults.TRUTH), 1.0, up));
        addTeacherRows(table, "Ridge + efficiency (LOO)", "Distill(Ridge + efficiency)", space, pool,
                demos -> CheapPredictors.fewShotTeacher(space, PredictorTable.architectures(demos),
                        PredictorTable.scores(demos, PaperDefaults.TRUTH), false));
    }

    /**
     * Adds a teacher built per seed from the demonstrations, and the XGBoost student distilled from it on the
     * pool (LLM-PP and LLM-Distill-PP when the teacher is an LLM). The teacher is built once per seed and
     * shared by both rows, so an LLM's answers to the test architectures are not asked for twice.
     */
    void addTeacherRows(PredictorTable.Builder table, String teacherLabel, String studentLabel, SearchSpace space,
                        Supplier<List<Architecture>> pool,
                        Function<List<LabelledArchitecture>, PerformancePredictor> teacher) {
        Function<List<LabelledArchitecture>, PerformancePredictor> shared = perSeed(teacher);
        table.fitted(teacherLabel, shared);
        table.fitted(studentLabel, demos -> distiller()
                .distill(shared.apply(demos), space, pool.get()));
    }

    /** XGBoost with the library defaults (300 rounds, depth 6, learning rate 0.1). */
    private XGBoostDistiller distiller() {
        return XGBoostDistiller.builder().seed(seed)
                .threads(Math.max(1, Runtime.getRuntime().availableProcessors())).build();
    }

    /** The same predictor for the same demonstrations list (the table passes each seed's list itself). */
    private static Function<List<LabelledArchitecture>, PerformancePredictor> perSeed(
            Function<List<LabelledArchitecture>, PerformancePredictor> factory) {
        Map<List<LabelledArchitecture>, PerformancePredictor> built = new IdentityHashMap<>();
        return demos -> built.computeIfAbsent(demos, factory);
    }

    private static <T> Supplier<T> memoize(Supplier<T> supplier) {
        return new Supplier<>() {
            private T value;

            @Override
            public synchronized T get() {
                if (value == null) {
                    value = supplier.get();
                }
                return value;
            }
        };
    }

    /** The first {@code size} architectures of the pool files, in file-name order. */
    static List<Architecture> readPool(Path dir, SearchSpace space, int size) {
        try {
            return LlmasJsonl.readPool(dir, space, size);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage().replace("pool size:", "--pool-size:"), e);
        }
    }

    /** Replay only reads (a missing cache is a usage error and nothing is created); otherwise append. */
    private ResponseCache openCache(Path cacheFile) {
        if (!llmOptions.replayOnly) {
            return ResponseCache.open(cacheFile);
        }
        try {
            return ResponseCache.openForReplay(cacheFile);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(CliErrors.typed(spec, "--cache", "--llm-cache") + ": "
                    + e.getMessage(), e);
        }
    }

    private static void addFinite(ArrayNode array, double v) {
        if (Double.isFinite(v)) {
            array.add(v);
        } else {
            array.addNull();
        }
    }

    private static void writeJson(List<PredictorTable.Row> rows, Path file) {
        ArrayNode array = JSON.createArrayNode();
        for (PredictorTable.Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("task", r.task());
            o.put("predictor", r.predictor());
            o.put("recorded", r.predictor().endsWith(RECORDED_MARK));
            // a metric that could not be computed is null, and "note" says why
            o.put("mae_mean", r.mae().map(MeanStd::mean).orElse(null));
            o.put("mae_std", r.mae().map(MeanStd::std).orElse(null));
            o.put("kendall_mean", r.kendall().map(MeanStd::mean).orElse(null));
            o.put("kendall_std", r.kendall().map(MeanStd::std).orElse(null));
            ArrayNode seeds = o.putArray("seeds");
            r.seeds().forEach(seeds::add);
            ArrayNode mae = o.putArray("mae_by_seed");
            r.maeBySeed().forEach(v -> addFinite(mae, v));
            ArrayNode tau = o.putArray("kendall_by_seed");
            r.kendallBySeed().forEach(v -> addFinite(tau, v));
            o.put("predictions", r.predictions());
            o.put("failed", r.failed());
            o.put("note", r.note().orElse(null));
        }
        try {
            JSON.writeValue(file.toFile(), array);
        } catch (IOException e) {
            throw new LlmnasException("--json: cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
