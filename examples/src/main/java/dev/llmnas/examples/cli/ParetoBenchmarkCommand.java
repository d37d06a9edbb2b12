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
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
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
                    + " set: cifar100, or cifar10 for cifar100), proxy:<dataset>, fewshot (default: proxy,fewshot)")
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

    @Option(names = "--polish", defaultValue = "600", paramLabel = "N",
            description = "NSGA-II spends its last N expensive calls on Pareto local search around the front"
                    + " (MultiObjectiveSearch.polish; default: ${DEFAULT-VALUE}; 0 = none)")
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
            description = "also write one JSON object per method and data set (method, dataset, expensive_calls_mean,"
                    + " hypervolume_fraction_mean, front_regret_mean, front_regret_worst_mean, ...) to this file")
    Path json;

    @Option(names = "--plots", paramLabel = "DIR",
            description = "also draw, per data set, the first seed's NSGA-II front over its evaluated cells and the"
                    + " true front to DIR/pareto-<dataset>.png")
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

    @Override
    public Integer call() {
        List<NatsBench.Dataset> sets = new ArrayList<>();
        for (String d : datasets == null ? List.of("cifar10", "cifar100", "imagenet16") : datasets) {
            try {
                sets.add(NatsBench.Dataset.of(d.trim()));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--datasets: '" + d + "' is not one of cifar10, cifar100,"
                        + " imagenet16", e);
            }
        }
        ParetoBenchmark.Settings settings;
        try {
            settings = new ParetoBenchmark.Settings(sets, seeds, budget, population, offspring, iterations,
                    switchAt,
                    screening, mutation, crossover, bounds, niche, polish, firstSeed, refit, levelK, levelSweep);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
        List<String> teacherTexts = teachers == null ? List.of("proxy", "fewshot") : teachers;
        if (teacherTexts.isEmpty()) {
            throw new IllegalArgumentException("--teacher: empty; name at least one of proxy, proxy:<dataset>,"
                    + " fewshot");
        }
        for (NatsBench.Dataset d : sets) {
            teachersFor(teacherTexts, d);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds: " + rounds + " is not allowed; it must be at least 1");
        }
        if (maxDepth < 1 || maxDepth > 16) {
            throw new IllegalArgumentException("--max-depth: " + maxDepth + " is not allowed; it must be in [1, 16]");
        }
        try {
            CheapPredictors.checkPool(pool);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
        if (json != null) {
            OutputPaths.writableFile(json, "--json");
        }
        if (plots != null) {
            OutputPaths.writableDirectory(plots, "--plots");
        }
        NatsBench table = NatsBench.load(DataPaths.natsBench(data.resolve()));
        ProgressBar bar = noProgress ? null : ProgressBar.stderr("pareto-benchmark");
        PrintWriter out = spec.commandLine().getOut();
        List<String> written = new ArrayList<>();
        long plottedSeed = settings.firstSeed();
        ParetoBenchmark.FrontSink sink = plots == null ? null : (dataset, method, result, truth) -> {
            Path png = plots.resolve("pareto-" + dataset.id() + ".png");
            written.add(ParetoPlots.front(result.evaluated(), result.front(), Nb201Space.CELL_PARAMS,
                    CELL_PARAMS_AXIS, "true accuracy on " + dataset.id() + " (%)", truth.cost(), truth.accuracy(),
                    String.format(Locale.ROOT, "%s on NAS-Bench-201 %s, seed %d: %d expensive calls", method,
                            dataset.id(), plottedSeed, result.search().callsTo(table.predictor(dataset).name())), png).toString());
        };
        ParetoBenchmark.Report report = ParetoBenchmark.run(table, settings, d -> teachersFor(teacherTexts, d),
                (dataset, teacher, seed) -> new CheapPredictors(table, dataset, teacher, pool, rounds, maxDepth,
                        Map.of(), null).build(seed),
                bar == null ? null : bar::update, sink);
        if (bar != null) {
            bar.finish("");
        }
        out.print(report.table());
        out.printf(Locale.ROOT, "cheap predictors: XGBoost (%d rounds, depth %d) distilled from the teacher on %d"
                + " random cells per seed; wall time %ds%n", rounds, maxDepth, pool, report.wallTime().toSeconds());
        for (String w : written) {
            out.println("wrote " + w);
        }
        if (json != null) {
            try {
                Path parent = json.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                JSON.writeValue(json.toFile(), report.toJson());
            } catch (IOException e) {
                throw new LlmnasException("--json: cannot write " + json + ": " + OutputPaths.reason(e), e);
            }
            out.println("wrote " + json);
        }
        out.flush();
        return 0;
    }

    private static List<TeacherSpec> teachersFor(List<String> texts, NatsBench.Dataset dataset) {
        List<TeacherSpec> specs = new ArrayList<>();
        for (String t : texts) {
            String s = t.trim().toLowerCase(Locale.ROOT);
            if (s.equals("llm")) {
                throw new IllegalArgumentException("--teacher: 'llm' is not offered here (30 seeds x 3 data sets of"
                        + " LLM labelling); allowed: proxy, proxy:<dataset>, fewshot");
            }
            TeacherSpec spec = s.equals("proxy") ? TeacherSpec.defaultFor(dataset) : TeacherSpec.parse(s, dataset);
            if (specs.stream().anyMatch(x -> x.id().equals(spec.id()))) {
                throw new IllegalArgumentException("--teacher: '" + t + "' is given twice");
            }
            specs.add(spec);
        }
        return specs;
    }
}
