package dev.llmnas.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.examples.bench.CheapPredictors;
import dev.llmnas.examples.bench.ParetoBenchmark;
import dev.llmnas.examples.bench.TeacherSpec;
import dev.llmnas.examples.plots.ParetoPlots;
import dev.llmnas.examples.plots.Plots;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code llmnas pareto-benchmark}: multi-objective search on NAS-Bench-201 against the true Pareto front of
 * accuracy and cell-params, at one expensive budget for every method. See {@link ParetoBenchmark}.
 */
@Command(name = "pareto-benchmark", mixinStandardHelpOptions = true,
        header = "Multi-objective (Pareto) search on NAS-Bench-201 against the true front.",
        description = {"Accuracy (max) against cell-params (min) on NAS-Bench-201, where the true front",
                "is known from all 15,625 cells. At the same budget of expensive calls:",
                "  random           random search,",
                "  nsga2[teacher]   NSGA-II ranked by XGBoost distilled from the teacher until the",
                "                   switch (which then screens offspring), by the true accuracy after,",
                "  boundsK[teacher] one constrained HybridSearch per bound cell-params <= b at K",
                "                   evenly spaced bounds.",
                "Reports expensive calls, hypervolume as a fraction of the true front's and the front",
                "regret (mean over the true front's points, and the worst point), mean (std) over seeds."})
final class ParetoBenchmarkCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--datasets", split = ",", paramLabel = "NAME",
            description = "cifar10, cifar100, imagenet16, comma-separated (default: all three)")
    List<String> datasets;

    @Option(names = "--seeds", defaultValue = "10", paramLabel = "N", description = "number of seeds, from --first-seed (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--budget", defaultValue = "1000", paramLabel = "N",
            description = "expensive calls per method and seed (default: ${DEFAULT-VALUE})")
    int budget;

    @Option(names = "--teacher", split = ",", paramLabel = "SPEC",
            description = "teachers of the cheap predictor, comma-separated: proxy (the true accuracy on another data"
                    + " set: cifar100, or cifar10 for cifar100), proxy:<dataset>, fewshot, fewshot:encoding (default:"
                    + " proxy,fewshot)")
    List<String> teachers;

    @Option(names = "--population", defaultValue = "100", paramLabel = "N",
            description = "NSGA-II population (default: ${DEFAULT-VALUE})")
    int population;

    @Option(names = "--offspring", defaultValue = "100", paramLabel = "N",
            description = "NSGA-II offspring per generation (default: ${DEFAULT-VALUE})")
    int offspring;

    @Option(names = "--iterations", defaultValue = "40", paramLabel = "N",
            description = "NSGA-II generations at most; the budget usually ends the run first (default: ${DEFAULT-VALUE})")
    int iterations;

    @Option(names = "--switch-at", defaultValue = "20", paramLabel = "N",
            description = "first NSGA-II generation ranked by the true accuracy (default: ${DEFAULT-VALUE})")
    int switchAt;

    @Option(names = "--screening", defaultValue = "3", paramLabel = "N",
            description = "after the switch, candidates per offspring screened by the cheap predictor"
                    + " (default: ${DEFAULT-VALUE}; 1 = none)")
    int screening;

    @Option(names = "--niche", defaultValue = "0", paramLabel = "M",
            description = "NSGA-II keeps the M best cells of every cell-params level as if on the first front"
                    + " (MultiObjectiveSearch.nicheElites; default: ${DEFAULT-VALUE} = plain NSGA-II)")
    int niche;

    @Option(names = "--polish", defaultValue = "800", paramLabel = "N",
            description = "NSGA-II spends its last N expensive calls on Pareto local search around the front,"
                    + " sharing each such generation with --climb while both are on (MultiObjectiveSearch.polish;"
                    + " default: ${DEFAULT-VALUE}, shrunk to fit --budget and --level-sweep when not typed; 0 = none)")
    int polish;

    @Option(names = "--refit", defaultValue = "ridge", paramLabel = "MODEL",
            description = "NSGA-II refits the cheap predictor on the expensive scores as they arrive: none, ridge"
                    + " (MultiObjectiveSearch.refit with Refit.ridge(1.0)) or ridge-level (Refit.perLevel: ridge plus"
                    + " per-level residual terms); default: ${DEFAULT-VALUE}")
    String refit;

    @Option(names = "--level-sweep", defaultValue = "0", paramLabel = "N",
            description = "NSGA-II spends its last N expensive calls, after polishing, sweeping every cell-params"
                    + " level that can still improve the front (MultiObjectiveSearch.levelSweep; default:"
                    + " ${DEFAULT-VALUE} = off)")
    int levelSweep;

    @Option(names = "--climb", defaultValue = "800", paramLabel = "N",
            description = "during its last N expensive calls, NSGA-II spends a share (--climb-share) of each generation"
                    + " on local search around the found front that keeps each cell's cell-params: one edge's operation"
                    + " changed or two edges' operations exchanged (MultiObjectiveSearch.climb; default:"
                    + " ${DEFAULT-VALUE}, shrunk to --budget when not typed, and 0 with --switch-at 0; 0 = off)")
    int climb;

    @Option(names = "--climb-share", defaultValue = "0.3", paramLabel = "F",
            description = "the share of each generation's offspring that --climb takes, in (0, 1]"
                    + " (MultiObjectiveSearch.climbShare; default: ${DEFAULT-VALUE})")
    double climbShare;

    @Option(names = "--level-k", defaultValue = "0", paramLabel = "K",
            description = "NSGA-II spends each generation's calls on the K most promising candidates of every"
                    + " cell-params level (MultiObjectiveSearch.levelTopK; default: ${DEFAULT-VALUE} = off)")
    int levelK;

    @Option(names = "--first-seed", defaultValue = "1", paramLabel = "S",
            description = "the first seed; runs seeds S..S+N-1 (default: ${DEFAULT-VALUE}; tune on others, e.g. 101)")
    long firstSeed;

    @Option(names = "--mutation", defaultValue = "0.15", paramLabel = "P",
            description = "NSGA-II: probability that a mutation resamples each edge (default: ${DEFAULT-VALUE})")
    double mutation;

    @Option(names = "--crossover", defaultValue = "0.9", paramLabel = "P",
            description = "NSGA-II: crossover probability (default: ${DEFAULT-VALUE})")
    double crossover;

    @Option(names = "--bounds", defaultValue = "5", paramLabel = "K",
            description = "bounds of the constrained-HybridSearch alternative, evenly spaced from 0 to the largest"
                    + " cell-params (default: ${DEFAULT-VALUE})")
    int bounds;

    // no picocli default: it would overwrite a value set through the old spelling
    @Option(names = "--pool-size", paramLabel = "N",
            description = "random cells the teacher labels for distillation (default: 1000)")
    int pool = 1000;

    /** The old spelling of {@code --pool-size}; {@code --pool} names a file in every command. */
    @Option(names = "--pool", hidden = true, paramLabel = "N")
    void oldPool(int n) {
        pool = n;
    }

    @Option(names = "--rounds", defaultValue = "300", paramLabel = "N",
            description = "XGBoost boosting rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--max-depth", defaultValue = "6", paramLabel = "N",
            description = "XGBoost tree depth (default: ${DEFAULT-VALUE})")
    int maxDepth;

    @Option(names = "--json", paramLabel = "OUT",
            description = "also write the results to this file: one JSON object with llmnas_version, command,"
                    + " settings (every option that affects the numbers) and methods (one object per method and data"
                    + " set: method, dataset, expensive_calls_mean, hypervolume_fraction_mean, front_regret_mean,"
                    + " front_regret_worst_mean, ..., per_point)")
    Path json;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "also draw, per data set and teacher, the first seed's NSGA-II front over its evaluated"
                    + " cells and the true front to DIR/pareto-<dataset>-<teacher>.png (e.g."
                    + " pareto-cifar10-proxy-cifar100.png, pareto-cifar10-fewshot.png)")
    Path plots;

    @Option(names = "--no-progress", description = "do not draw the progress bar on standard error")
    boolean noProgress;

    @Mixin
    DataOption data;

    /**
     * The x axis title: NAS-Bench-201's table carries no parameter count, so {@code cell-params} is the space's
     * analytic count (Nb201Space), a number of weights, not millions of parameters or megabytes.
     */
    static final String CELL_PARAMS_AXIS = "cell-params (convolution weights of one cell at 16 channels: 3x3 conv"
            + " 2,304, 1x1 conv 256)";

    @Spec
    CommandSpec spec;

    private static final int MAX_SEEDS = 1_000;

    private boolean typed(String option) {
        return spec != null && spec.commandLine() != null && spec.commandLine().getParseResult() != null
                && spec.commandLine().getParseResult().hasMatchedOption(option);
    }
    private static final int MAX_ROUNDS = 10_000;

    @Override
    public Integer call() {
        List<NatsBench.Dataset> sets = new ArrayList<>();
        for (String d : datasets == null ? List.of("cifar10", "cifar100", "imagenet16") : datasets) {
            NatsBench.Dataset set;
            try {
                set = NatsBench.Dataset.of(d.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--datasets: '" + d + "' is not one of cifar10, cifar100,"
                        + " imagenet16", e);
            }
            if (sets.contains(set)) {
                throw new IllegalArgumentException("--datasets: '" + d + "' is given twice");
            }
            sets.add(set);
        }
        checkOptions();
        ParetoBenchmark.Settings settings = new ParetoBenchmark.Settings(sets, seeds, budget, population, offspring,
                iterations, switchAt, screening, mutation, crossover, bounds, niche, polish, firstSeed, refit, levelK,
                levelSweep, climb, climbShare);
        List<String> teacherTexts = teachers == null ? List.of("proxy", "fewshot") : teachers;
        if (teacherTexts.isEmpty()) {
            throw new IllegalArgumentException("--teacher: empty; name at least one of " + TEACHER_FORMS);
        }
        Map<NatsBench.Dataset, List<TeacherSpec>> teachersBySet = new java.util.LinkedHashMap<>();
        for (NatsBench.Dataset d : sets) {
            teachersBySet.put(d, teachersFor(teacherTexts, d));
        }
        if (json != null && plots != null && OutputPaths.sameFile(json, plots)) {
            throw new IllegalArgumentException("--json: " + json + " is also the --plots folder; choose another"
                    + " file or folder");
        }
        Path guarded = data.guarded();
        OutputPaths.refuseInside(plots, "--plots", guarded);
        try (OutputTransaction outputs = new OutputTransaction(guarded)) {
            // claimed before any work, so bad paths fail at once and a failed run writes nothing
            Path jsonTemp = json == null ? null : outputs.claim(json, "--json");
            Map<String, Path> pngTemps = new java.util.LinkedHashMap<>();
            if (plots != null) {
                OutputPaths.writableDirectory(plots, "--plots");
                teachersBySet.forEach((d, specs) -> specs.forEach(t -> {
                    Path png = plots.resolve(plotName(d, t));
                    pngTemps.put(png.toString(), outputs.claim(png, "--plots"));
                }));
            }
            run(settings, teacherTexts, teachersBySet, jsonTemp, pngTemps);
            outputs.commit();
        }
        return 0;
    }

    /** {@code pareto-<dataset>-<teacher>.png}, the teacher's id with characters unfit for a file name as '-'. */
    static String plotName(NatsBench.Dataset dataset, TeacherSpec teacher) {
        return "pareto-" + dataset.id() + "-" + teacher.id().replaceAll("[^A-Za-z0-9._-]", "-") + ".png";
    }

    /** Every numeric option against its range, with the option's name, before any work. */
    private void checkOptions() {
        CliErrors.atLeast("--seeds", seeds, 1, "");
        if (seeds > MAX_SEEDS) {
            throw new IllegalArgumentException("--seeds: " + seeds + " is not allowed; it must be in [1, " + MAX_SEEDS
                    + "]");
        }
        CliErrors.atLeast("--population", population, 2, "");
        CliErrors.atLeast("--budget", budget, population, " (the --population " + population + ")");
        CliErrors.atLeast("--offspring", offspring, 1, "");
        CliErrors.atLeast("--iterations", iterations, 2, "");
        if (switchAt < 0 || switchAt >= iterations) {
            throw new IllegalArgumentException("--switch-at: " + switchAt + " is not allowed; it must be in [0, "
                    + (iterations - 1) + "] (below --iterations " + iterations + ")");
        }
        CliErrors.atLeast("--screening", screening, 1, "");
        CliErrors.atLeast("--bounds", bounds, 2, "");
        CliErrors.atLeast("--niche", niche, 0, "");
        CliErrors.atLeast("--polish", polish, 0, "");
        CliErrors.atLeast("--level-sweep", levelSweep, 0, "");
        // defaults the user did not type shrink to fit the budget (next to a typed --level-sweep) and the switch;
        // typed values are checked
        if (!typed("--polish")) {
            polish = Math.max(0, Math.min(polish, budget - levelSweep));
        }
        if (!typed("--climb")) {
            climb = switchAt == 0 ? 0 : Math.min(climb, budget);
        }
        if (polish > budget) {
            throw new IllegalArgumentException("--polish: " + polish + " is not allowed; it must be at most the"
                    + " budget " + budget);
        }
        if (!ParetoBenchmark.Settings.REFITS.contains(refit)) {
            throw new IllegalArgumentException("--refit: '" + refit + "' is not allowed; it must be one of "
                    + String.join(", ", ParetoBenchmark.Settings.REFITS));
        }
        if (polish + levelSweep > budget) {
            throw new IllegalArgumentException("--level-sweep: " + levelSweep + " is not allowed with --polish "
                    + polish + "; together they must be at most the budget " + budget);
        }
        CliErrors.atLeast("--climb", climb, 0, "");
        if (climb > 0 && switchAt == 0) {
            throw new IllegalArgumentException("--climb: " + climb + " is not allowed with --switch-at 0; climbing"
                    + " orders candidates by the cheap predictor, which then ranks no generation: set --switch-at"
                    + " above 0 or --climb 0");
        }
        if (climb > budget) {
            throw new IllegalArgumentException("--climb: " + climb + " is not allowed; it must be at most the budget "
                    + budget);
        }
        if (!(climbShare > 0 && climbShare <= 1)) {
            throw new IllegalArgumentException("--climb-share: " + climbShare + " is not allowed; it must be in (0, 1]");
        }
        CliErrors.atLeast("--level-k", levelK, 0, "");
        if (screening < 2 && (levelSweep > 0 || levelK > 0 || !"none".equals(refit))) {
            throw new IllegalArgumentException("--screening: " + screening + " is not allowed with "
                    + (levelSweep > 0 ? "--level-sweep " + levelSweep : levelK > 0 ? "--level-k " + levelK
                    : "--refit " + refit) + "; it must be at least 2 (or use --refit none, --level-k 0 and"
                    + " --level-sweep 0)");
        }
        CliErrors.atLeast("--first-seed", firstSeed, 1, "");
        probability("--mutation", mutation);
        probability("--crossover", crossover);
        if (pool < 10 || pool > Nb201Space.SIZE) {
            throw new IllegalArgumentException(CliErrors.typed(spec, "--pool-size", "--pool") + ": " + pool
                    + " is not allowed; it must be in [10, "
                    + Nb201Space.SIZE + "] (NAS-Bench-201 holds " + Nb201Space.SIZE + " architectures)");
        }
        if (rounds < 1 || rounds > MAX_ROUNDS) {
            throw new IllegalArgumentException("--rounds: " + rounds + " is not allowed; it must be in [1, "
                    + MAX_ROUNDS + "]");
        }
        if (maxDepth < 1 || maxDepth > 16) {
            throw new IllegalArgumentException("--max-depth: " + maxDepth + " is not allowed; it must be in [1, 16]");
        }
    }

    private static void probability(String option, double value) {
        if (!(value >= 0 && value <= 1)) {
            throw new IllegalArgumentException(option + ": " + value + " is not allowed; it must be a probability in"
                    + " [0, 1]");
        }
    }

    private void run(ParetoBenchmark.Settings settings, List<String> teacherTexts,
                     Map<NatsBench.Dataset, List<TeacherSpec>> teachersBySet, Path jsonTemp, Map<String, Path> pngTemps) {
        NatsBench table = NatsBench.load(DataPaths.natsBench(data.resolve()));
        ProgressBar bar = noProgress ? null : ProgressBar.on(spec.commandLine().getErr(), "pareto-benchmark");
        PrintWriter out = spec.commandLine().getOut();
        List<String> written = new ArrayList<>();
        long plottedSeed = settings.firstSeed();
        ParetoBenchmark.FrontSink sink = plots == null ? null : (dataset, teacher, method, result, truth) -> {
            Path png = plots.resolve(plotName(dataset, teacher));
            Plots.write(ParetoPlots.image(result.evaluated(), result.front(), Nb201Space.CELL_PARAMS,
                    CELL_PARAMS_AXIS, "true accuracy on " + dataset.id() + " (%)", truth.cost(), truth.accuracy(),
                    String.format(Locale.ROOT, "%s on NAS-Bench-201 %s, seed %d: %d expensive calls", method,
                            dataset.id(), plottedSeed, result.search().callsTo(table.predictor(dataset).name()))),
                    pngTemps.get(png.toString()));
            written.add(png.toString());
        };
        ParetoBenchmark.Report report = ParetoBenchmark.run(table, settings, teachersBySet::get,
                (dataset, teacher, seed) -> new CheapPredictors(table, dataset, teacher, pool, rounds, maxDepth,
                        Map.of(), null).build(seed),
                bar == null ? null : bar::update, sink);
        if (bar != null) {
            bar.finish("");
        }
        out.print(report.table());
        out.printf(Locale.ROOT, "cheap predictors: XGBoost (%d rounds, depth %d) distilled from the teacher on %d"
                + " random cells per seed; wall time %ds%n", rounds, maxDepth, pool, report.wallTime().toSeconds());
        if (json != null) {
            try {
                JSON.writeValue(jsonTemp.toFile(), jsonDocument(settings, teacherTexts, teachersBySet, report));
            } catch (IOException e) {
                throw new LlmnasException("--json: cannot write " + json + ": " + OutputPaths.reason(e), e);
            }
            written.add(json.toString());
        }
        for (String w : written) {
            out.println("wrote " + w);
        }
        out.flush();
    }

    /**
     * The {@code --json} document: {@code llmnas_version}, {@code command}, {@code settings} (every option that
     * affects the numbers, under its option's name in snake case; {@code teachers} as given and
     * {@code teachers_by_dataset} as resolved on each data set) and {@code methods} (one object per method and data
     * set, as {@link ParetoBenchmark.Summary#toJson()}).
     */
    Map<String, Object> jsonDocument(ParetoBenchmark.Settings settings, List<String> teacherTexts,
                                     Map<NatsBench.Dataset, List<TeacherSpec>> teachersBySet,
                                     ParetoBenchmark.Report report) {
        Map<String, Object> s = new java.util.LinkedHashMap<>();
        s.put("datasets", settings.datasets().stream().map(NatsBench.Dataset::id).toList());
        s.put("teachers", teacherTexts.stream().map(t -> t.trim().toLowerCase(Locale.ROOT)).toList());
        Map<String, Object> resolved = new java.util.LinkedHashMap<>();
        teachersBySet.forEach((d, specs) -> resolved.put(d.id(), specs.stream().map(TeacherSpec::id).toList()));
        s.put("teachers_by_dataset", resolved);
        s.put("seeds", settings.seeds());
        s.put("first_seed", settings.firstSeed());
        s.put("budget", settings.budget());
        s.put("population", settings.population());
        s.put("offspring", settings.offspring());
        s.put("iterations", settings.iterations());
        s.put("switch_at", settings.switchAt());
        s.put("screening", settings.screening());
        s.put("niche", settings.nicheElites());
        s.put("polish", settings.polish());
        s.put("level_sweep", settings.levelSweep());
        s.put("climb", settings.climb());
        s.put("climb_share", settings.climbShare());
        s.put("level_k", settings.levelTopK());
        s.put("refit", settings.refit());
        s.put("mutation", settings.mutation());
        s.put("crossover", settings.crossover());
        s.put("bounds", settings.bounds());
        s.put("pool_size", pool);
        s.put("rounds", rounds);
        s.put("max_depth", maxDepth);
        Map<String, Object> doc = JsonDocument.of("pareto-benchmark", s);
        doc.put("methods", report.toJson());
        return doc;
    }

    /** The teacher forms this command accepts, as its messages list them. */
    static final String TEACHER_FORMS = "proxy (the true accuracy on cifar100, or cifar10 for cifar100),"
            + " proxy:<cifar10|cifar100|imagenet16> (a data set other than the one searched), fewshot,"
            + " fewshot:encoding";

    private List<TeacherSpec> teachersFor(List<String> texts, NatsBench.Dataset dataset) {
        List<TeacherSpec> specs = new ArrayList<>();
        for (String t : texts) {
            String s = t.trim().toLowerCase(Locale.ROOT);
            if (s.equals("llm")) {
                throw new IllegalArgumentException("--teacher: 'llm' is not offered here (30 seeds x 3 data sets of"
                        + " LLM labelling); allowed: " + TEACHER_FORMS);
            }
            TeacherSpec teacher;
            try {
                teacher = s.equals("proxy") ? TeacherSpec.defaultFor(dataset) : TeacherSpec.parse(s, dataset);
            } catch (IllegalArgumentException e) {
                // the library lists its forms, llm included; this command offers its own
                String m = e.getMessage() == null ? "" : e.getMessage().replace(TeacherSpec.FORMS, TEACHER_FORMS);
                throw CliErrors.option(spec, "--teacher", "teacher", new IllegalArgumentException(
                        m.replace("' is the searched data set", "' is the searched data set (" + dataset.id()
                                + ")"), e));
            }
            if (specs.stream().anyMatch(x -> x.id().equals(teacher.id()))) {
                throw new IllegalArgumentException("--teacher: '" + t + "' is given twice (as " + teacher.id()
                        + " on " + dataset.id() + ")");
            }
            specs.add(teacher);
        }
        return specs;
    }
}
