package dev.llmnas.examples.quickstart;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.CountingPredictor;
import dev.llmnas.core.Direction;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.HatLatencyData;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.metrics.PredictorMetrics;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.examples.bench.CheapPredictors;
import dev.llmnas.examples.plots.Plots;
import dev.llmnas.llm.Demonstration;
import dev.llmnas.llm.LlmModels;
import dev.llmnas.llm.LlmPerformancePredictor;
import dev.llmnas.llm.TaskDescription;
import dev.llmnas.predictors.DistilledPredictor;
import dev.llmnas.predictors.RidgePredictor;
import dev.llmnas.predictors.XGBoostDistiller;
import dev.llmnas.predictors.latency.LatencyPredictor;
import dev.llmnas.predictors.latency.LatencyProvenance;
import dev.llmnas.search.EvolutionarySearch;
import dev.llmnas.search.HybridSearch;
import dev.llmnas.search.SearchListener;
import java.io.IOException;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The whole method end to end: pick a teacher, label a pool, distill it into XGBoost, run HybridSearch under
 * an efficiency constraint, and report what it cost and what it found.
 *
 * <p>On NAS-Bench-201 the expensive predictor is the true accuracy table (one call stands for one network
 * trained from scratch), so every quality figure printed is real. On the HAT spaces there is no offline
 * ground truth for new architectures: the expensive phase uses a regressor fitted on the paper's
 * demonstrations, standing in for a supernet, and the distilled predictor is checked against the 20
 * trained-from-scratch test architectures of the split.
 */
public final class Quickstart {
    private static final Pattern CONSTRAINT = Pattern.compile("\\s*([A-Za-z][\\w-]*)\\s*(<=|>=)\\s*([-+0-9.eE]+)\\s*");
    private static final int HELD_OUT = 1_000;

    /** How the teacher is chosen. */
    public enum TeacherChoice {
        /**
         * The offline few-shot regressor: a key in the environment never makes the main job call a paid API; ask
         * for an LLM with {@link #LLM}.
         */
        AUTO,
        /** Always the offline few-shot regressor (encoding + efficiency metrics, penalties by leave-one-out). */
        FEWSHOT,
        /** The earlier offline regressor on the encoding alone (lambda 1), kept for comparison. */
        FEWSHOT_ENCODING,
        /** Always the LLM; an error when none is configured. */
        LLM
    }

    /**
     * Settings of one run.
     *
     * @param space          {@code nb201} or a HAT preset such as {@code hat-wmt14ende}
     * @param dataset        for nb201: the data set whose accuracy is searched
     * @param seed           seed of sampling, distillation and search
     * @param splitSeed      for HAT: which of the paper's splits (123, 456, 789) gives demonstrations and test set
     * @param poolSize       architectures the teacher labels for distillation
     * @param demonstrations for nb201: demonstrations drawn (each costs one expensive call)
     * @param constraint     e.g. {@code cell-params<=9216}; null for the space's default
     * @param teacher        how to choose the teacher
     * @param out            folder for the JSON result, plots and the LLM cache
     * @param data           the data folder
     */
    public record Options(String space, NatsBench.Dataset dataset, long seed, int splitSeed, int poolSize,
                          int demonstrations, String constraint, TeacherChoice teacher, Path out, Path data,
                          long maxCalls) {
        /** Options with no call budget for an LLM teacher. */
        public Options(String space, NatsBench.Dataset dataset, long seed, int splitSeed, int poolSize,
                       int demonstrations, String constraint, TeacherChoice teacher, Path out, Path data) {
            this(space, dataset, seed, splitSeed, poolSize, demonstrations, constraint, teacher, out, data,
                    Long.MAX_VALUE);
        }

        public Options {
            if (maxCalls < 0) {
                throw new IllegalArgumentException("max-calls: " + maxCalls + " must be at least 0");
            }
            if (poolSize < 20) {
                throw new IllegalArgumentException("pool-size: " + poolSize + " must be at least 20");
            }
            if (demonstrations < 3 || demonstrations > 100) {
                throw new IllegalArgumentException("demonstrations: " + demonstrations + " is not in [3, 100]");
            }
            if (splitSeed != 123 && splitSeed != 456 && splitSeed != 789) {
                throw new IllegalArgumentException("split: " + splitSeed + " is not one of [123, 456, 789]");
            }
        }
    }

    /** The output files a run writes into {@link Options#out()}. */
    public static final String JSON = "quickstart.json";
    /** The two-panel trajectory plot. */
    public static final String TRAJECTORY = "trajectory.png";
    /** The distilled predictor against the truth. */
    public static final String SCATTER = "distilled-vs-true.png";

    private final Options options;
    private final PrintWriter out;
    private final Function<String, SearchListener> progress;
    private final Map<String, String> environment;
    private BufferedImage trajectoryPlot;
    private BufferedImage scatterPlot;
    private int maxTries = DEFAULT_MAX_TRIES;

    /** The searches' default draws per candidate under the constraint (the builders' default). */
    public static final int DEFAULT_MAX_TRIES = 10_000;

    /**
     * @param options     the run's settings
     * @param out         where the report is printed
     * @param progress    a progress listener per search (label -> listener), or a no-op
     * @param environment the variables that may configure an LLM teacher (e.g. {@code System.getenv()})
     */
    public Quickstart(Options options, PrintWriter out, Function<String, SearchListener> progress,
                      Map<String, String> environment) {
        this.options = options;
        this.out = out;
        this.progress = progress;
        this.environment = Map.copyOf(environment);
    }

    /**
     * What a run computed: the report and the two plots, not yet written anywhere.
     *
     * @param report         what {@code quickstart.json} holds
     * @param trajectory     the two-panel trajectory plot
     * @param distilledVsTrue the distilled predictor against the truth
     */
    public record Result(Report report, BufferedImage trajectory, BufferedImage distilledVsTrue) {
        /**
         * Writes the three outputs to the given files (the caller chooses them: a command writes temporary
         * files and moves them into place together).
         *
         * @param json              where the report goes, as indented JSON
         * @param trajectoryPng     where the trajectory plot goes (PNG)
         * @param distilledVsTruePng where the distilled-vs-true scatter plot goes (PNG)
         * @throws LlmnasException when a file cannot be written
         */
        public void writeTo(Path json, Path trajectoryPng, Path distilledVsTruePng) {
            try {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            } catch (IOException e) {
                throw new LlmnasException("cannot write " + json + ": " + e.getMessage(), e);
            }
            Plots.write(trajectory, trajectoryPng);
            Plots.write(distilledVsTrue, distilledVsTruePng);
        }
    }

    /**
     * Checks the space name and the constraint before any work, with messages naming the command-line options.
     *
     * @return the parsed constraint
     * @throws IllegalArgumentException naming {@code --space} or {@code --constraint}, the value and what is allowed
     */
    public static Constraint check(String spaceName, String constraint) {
        SearchSpace space = space(spaceName);
        String text = constraint == null ? defaultConstraint(space) : constraint;
        try {
            Matcher m = CONSTRAINT.matcher(text);
            if (m.matches() && m.group(1).startsWith("latency-") && !space.metricNames().contains(m.group(1))
                    && !space.name().equals("nb201")) {
                // the latency model is trained later from the data folder: here the device is checked, and the
                // bound's form; the values are known only once the model exists
                try {
                    HatLatencyData.set(space.name(), HatLatencyData.Device.of(m.group(1).substring("latency-".length())));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("constraint: metric '" + m.group(1) + "': " + e.getMessage(), e);
                }
                space = space.withMetric(m.group(1), a -> 0.0);
            }
            return parseConstraint(text, space);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + e.getMessage(), e);
        }
    }

    /** The spaces quickstart runs on. */
    public static final List<String> SPACES = List.of("nb201", "hat-wmt14ende", "hat-wmt14enfr", "hat-wmt19ende");

    private static SearchSpace space(String name) {
        if (!SPACES.contains(name)) {
            throw new IllegalArgumentException("--space: '" + name + "' is not one of " + SPACES);
        }
        return name.equals("nb201") ? Nb201Space.space() : HatSpaces.forTask(name);
    }

    private static String defaultConstraint(SearchSpace space) {
        return space.name().equals("nb201") ? "cell-params<=9216" : "flops<=3.0e9";
    }

    /**
     * Draws per candidate before the searches repair candidates toward the constraint's bound (the builders'
     * {@code maxTries}). At least 1. Default: {@value #DEFAULT_MAX_TRIES}.
     *
     * @return this
     */
    public Quickstart maxTries(int maxTries) {
        if (maxTries < 1) {
            throw new IllegalArgumentException("max-tries: " + maxTries + " must be at least 1");
        }
        this.maxTries = maxTries;
        return this;
    }

    /**
     * Parses {@code metric<=value} or {@code metric>=value} and checks that some architecture of the space can
     * meet it (see {@link Constraint#unsatisfiableReason}), so that an impossible bound is refused before any work.
     */
    public static Constraint parseConstraint(String text, SearchSpace space) {
        Matcher m = CONSTRAINT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new IllegalArgumentException("constraint: '" + text + "' is not of the form METRIC<=VALUE or"
                    + " METRIC>=VALUE; metrics of " + space.name() + ": " + space.metricNames());
        }
        String metric = m.group(1);
        if (!space.metricNames().contains(metric)) {
            throw new IllegalArgumentException("constraint: metric '" + metric + "' is not one of "
                    + space.metricNames() + " of " + space.name() + (space.name().startsWith("hat-")
                    ? " (or latency-DEVICE for a device HAT measured: " + HatLatencyData.sets().stream()
                    .filter(d -> space.name().equals("hat-" + d.task())).map(d -> "latency-" + d.device().id())
                    .toList() + ")" : ""));
        }
        double bound;
        try {
            bound = Double.parseDouble(m.group(3));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("constraint: '" + m.group(3) + "' is not a number");
        }
        Constraint constraint = m.group(2).equals("<=") ? Constraint.atMost(metric, bound)
                : Constraint.atLeast(metric, bound);
        constraint.unsatisfiableReason(space).ifPresent(reason -> {
            throw new IllegalArgumentException("constraint: " + reason);
        });
        return constraint;
    }

    /** Runs a search, saying in command-line terms what to change when feasible candidates were too rare. */
    private SearchResult search(dev.llmnas.core.SearchStrategy search) {
        try {
            return search.run();
        } catch (dev.llmnas.search.SamplingException e) {
            throw new LlmnasException("no architecture meeting " + e.constraints() + " was found in "
                    + e.tries() + " draws per candidate, nor by repairing draws toward the bound; such architectures"
                    + " are rare or absent: raise --max-tries (now " + e.tries() + ") or relax --constraint ("
                    + e.getMessage() + ")", e);
        }
    }

    /**
     * Runs everything and returns the report and plots without writing any file (an LLM teacher's answer
     * cache, {@code llm-cache.jsonl} in the output folder, is the exception: answers paid for are kept).
     */
    public Result compute() {
        long started = System.nanoTime();
        Draft d = new Draft();
        if (options.space().equals("nb201")) {
            runNb201(d);
        } else {
            runHat(d);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
                Report report = new Report(options.space(), options.seed(), options.poolSize(), d.latencyModel, d.teacher,
                d.teacherKind, d.split, d.dataset, d.demonstrations, d.quality, d.expensivePredictor, d.constraint,
                d.best, d.constrainedOptimum, d.hybridCalls, d.evolutionCalls, d.evolutionTrueAccuracy,
                d.evolutionBestScore, d.switchIteration, d.llm, seconds,
                new Report.Versions(dev.llmnas.core.LlmnasVersion.get(), System.getProperty("java.version")));
        out.printf(Locale.ROOT, "%nwall time: %.1f s%n", seconds);
        out.flush();
        return new Result(report, trajectoryPlot, scatterPlot);
    }

    /**
     * Runs everything and writes {@code quickstart.json} and the plots into the output folder directly.
     *
     * @return what the run found (also in {@code quickstart.json})
     * @throws IllegalArgumentException on bad options (space, constraint, data folder contents)
     * @throws LlmnasException          when a file cannot be read or written
     */
    public Report run() {
        Result r = compute();
        try {
            Files.createDirectories(options.out());
        } catch (IOException e) {
            throw new LlmnasException("cannot create output folder " + options.out() + ": " + e.getMessage(), e);
        }
        r.writeTo(options.out().resolve(JSON), options.out().resolve(TRAJECTORY), options.out().resolve(SCATTER));
        return r.report();
    }

    /** The report's fields as the steps find them; the space-specific ones stay {@code null} when they do not apply. */
    private static final class Draft {
        LatencyProvenance latencyModel;
        String teacher;
        String teacherKind;
        Integer split;
        String dataset;
        int demonstrations;
        Report.Quality quality;
        String expensivePredictor;
        Report.ConstraintFields constraint;
        Report.Best best;
        Double constrainedOptimum;
        long hybridCalls;
        long evolutionCalls;
        Double evolutionTrueAccuracy;
        Double evolutionBestScore;
        int switchIteration;
        Report.LlmSpend llm;
    }

    // ---- NAS-Bench-201 -----------------------------------------------------------------------------------

    private void runNb201(Draft report) {
        SearchSpace space = Nb201Space.space();
        NatsBench.Dataset ds = options.dataset();
        NatsBench table = NatsBench.load(DataPaths.natsBench(options.data()));
        Constraint constraint = parseConstraint(options.constraint() == null ? "cell-params<=9216" : options.constraint(), space);
        SplittableRandom rng = new SplittableRandom(options.seed());
        section("NAS-Bench-201, " + ds.id() + ": true accuracies of all " + table.size()
                + " architectures are known, so every quality figure below is real");

        NatsBench.TabularPredictor expensive = table.predictor(ds);
        Set<Architecture> used = new LinkedHashSet<>();
        List<Architecture> demoArchs = distinct(space, rng, options.demonstrations(), used);
        double[] demoScores = expensive.predictAll(demoArchs);
        long demoCalls = expensive.calls();

        Teacher teacher = teacher(space, demoArchs, demoScores, TaskDescription.nasBench201(ds));
        report.teacher = teacher.description();
        report.teacherKind = teacher.kind();
        report.demonstrations = demoArchs.size();

        List<Architecture> pool = distinct(space, rng, options.poolSize(), used);
        List<Architecture> heldOut = distinct(space, rng, Math.min(HELD_OUT, Nb201Space.SIZE - used.size()), used);
        DistilledPredictor distilled = distill(teacher.predictor(), space, pool);
        double[] truth = heldOut.stream().mapToDouble(a -> table.accuracy(a, ds)).toArray();
        double[] predicted = distilled.predictAll(heldOut);
        Report.Quality quality = quality("held-out architectures (true " + ds.id() + " accuracy)",
                truth, predicted, heldOut, teacher.predictor());
        report.quality = quality;
        scatterPlot = Plots.predictedVsTrue(truth, predicted, "Distilled vs true (" + heldOut.size()
                + " held-out)", ds.id() + " accuracy (%)", quality.distilledMae(), quality.distilledKendall());

        double optimum = table.records().stream().map(LabelledArchitecture::architecture)
                .filter(a -> constraint.isSatisfiedBy(a, space)).mapToDouble(a -> table.accuracy(a, ds)).max()
                .orElseThrow(() -> new IllegalArgumentException("constraint: no architecture satisfies "
                        + constraint.description()));

        section("HybridSearch under " + constraint.description() + " (distilled predictor first, true accuracy after the switch)");
        HybridSearch hybrid = HybridSearch.builder().space(space).initialPredictor(distilled).finalPredictor(expensive)
                .constraint(constraint).seed(options.seed()).maxTries(maxTries).listener(progress.apply("hybrid")).build();
        long before = expensive.calls();
        SearchResult h = search(hybrid);
        long hybridCalls = expensive.calls() - before + demoCalls;

        NatsBench.TabularPredictor expensiveOnly = table.predictor(ds);
        SearchResult e = search(EvolutionarySearch.builder().space(space).predictor(expensiveOnly).constraint(constraint)
                .seed(options.seed()).maxTries(maxTries).listener(progress.apply("evolution")).build());

        double hybridAcc = table.accuracy(h.best().architecture(), ds);
        double evoAcc = table.accuracy(e.best().architecture(), ds);
        out.println("found:        " + Nb201Space.toArchString(h.best().architecture()));
        out.printf(Locale.ROOT, "true accuracy %.2f%% (best under the constraint: %.2f%%, regret %.2f)%n",
                hybridAcc, optimum, optimum - hybridAcc);
        out.println("efficiency:   " + readableEfficiency(space.metrics(h.best().architecture()), null));
        out.printf(Locale.ROOT, "expensive calls: %d by HybridSearch (%d demonstrations included) vs %d by full evolution"
                        + " with the same seed (paper's nominal budget 30 x 125 = 3750): %.0f%% of full evolution%n",
                hybridCalls, demoCalls, expensiveOnly.calls(), 100.0 * hybridCalls / expensiveOnly.calls());
        out.printf(Locale.ROOT, "full evolution found %.2f%% (regret %.2f)%n", evoAcc, optimum - evoAcc);

        double[] trueBest = h.history().stream().mapToDouble(s -> table.accuracy(s.best(), ds)).toArray();
        double[] evolutionTrueBest = e.history().stream().mapToDouble(s -> table.accuracy(s.best(), ds)).toArray();
        trajectoryPlot = Plots.trajectory("HybridSearch on NAS-Bench-201 " + ds.id(), h, hybrid.switchIteration(),
                "ranking predictor's score (" + ds.id() + " accuracy, %)", "true " + ds.id() + " accuracy (%)",
                List.of(new Plots.Curve("HybridSearch", trueBest), new Plots.Curve("full evolution", evolutionTrueBest)));

        report.dataset = ds.id();
        report.constraint = constraintFields(constraint);
        report.best = best(h, space, null, hybridAcc, optimum - hybridAcc);
        report.constrainedOptimum = optimum;
        report.hybridCalls = hybridCalls;
        report.evolutionCalls = expensiveOnly.calls();
        report.evolutionTrueAccuracy = evoAcc;
        report.switchIteration = hybrid.switchIteration();
        close(teacher.predictor(), report);
    }

    // ---- HAT ---------------------------------------------------------------------------------------------

    private void runHat(Draft report) {
        SearchSpace space = HatSpaces.forTask(options.space());
        String task = space.name().substring("hat-".length());
        String constraintText = options.constraint() == null ? "flops<=3.0e9" : options.constraint();
        LatencyPredictor latency = latencyModel(constraintText, space, options.data(), options.seed());
        if (latency != null) {
            space = latency.addTo(space);
        }
        Constraint constraint = parseConstraint(constraintText, space);
        if (latency != null) {
            refuseUnreachableLatency(constraint, space, latency);
        }
        if (latency != null) {
            LatencyProvenance lp = latency.provenance();
            out.printf(Locale.ROOT, "latency model: %s = %s trained on %s (%d rows, %s); test RMSE %.2f ms,"
                            + " MAPD %.2f%% (measurement noise %.2f%%)%n", lp.metric(), lp.model(), lp.file(),
                    lp.rows(), lp.device(), lp.testRmseMs(), 100 * lp.testMapd(), 100 * lp.measurementNoise());
            report.latencyModel = lp;
        }
        section(space.name() + ": demonstrations and test set from the paper's split " + options.splitSeed()
                + " (trained from scratch, valid BLEU)");
        List<LabelledArchitecture> train = LlmasJsonl.read(DataPaths.seedArchs(options.data(), options.splitSeed(), task, "train"), space,
                "scratch.valid_BLEU");
        List<LabelledArchitecture> test = LlmasJsonl.read(DataPaths.seedArchs(options.data(), options.splitSeed(), task, "test"), space,
                "scratch.valid_BLEU");
        List<Architecture> demoArchs = train.stream().map(LabelledArchitecture::architecture).toList();
        double[] demoScores = train.stream().mapToDouble(r -> r.score("scratch.valid_BLEU")).toArray();

        Teacher teacher = teacher(space, demoArchs, demoScores, TaskDescription.machineTranslation(task));
        report.teacher = teacher.description();
        report.teacherKind = teacher.kind();
        report.split = options.splitSeed();
        report.demonstrations = demoArchs.size();

        List<Architecture> pool = LlmasJsonl.readPool(DataPaths.distillPool(options.data()), space, options.poolSize());
        DistilledPredictor distilled = distill(teacher.predictor(), space, pool);
        List<Architecture> testArchs = test.stream().map(LabelledArchitecture::architecture).toList();
        double[] truth = test.stream().mapToDouble(r -> r.score("scratch.valid_BLEU")).toArray();
        double[] predicted = distilled.predictAll(testArchs);
        Report.Quality quality = quality("test architectures of the split (trained from scratch)",
                truth, predicted, testArchs, teacher.predictor());
        report.quality = quality;
        scatterPlot = Plots.predictedVsTrue(truth, predicted, "Distilled vs true (" + task + ", "
                + testArchs.size() + " test)", "valid BLEU", quality.distilledMae(), quality.distilledKendall());

        // No supernet offline: the expensive phase uses a regressor on the demonstrations as a stand-in.
        PerformancePredictor stage2 = RidgePredictor.fit(space, demoArchs, demoScores, 1.0, Direction.HIGHER_IS_BETTER);
        CountingPredictor expensive = new CountingPredictor(stage2);
        section("HybridSearch under " + constraint.description() + " (distilled predictor first, then "
                + stage2.name() + " standing in for a supernet)");
        out.println("note: the expensive side here is a STAND-IN, not a supernet and not training: a ridge regressor"
                + " fitted on the " + demoArchs.size() + " demonstrations. No trained-from-scratch BLEU exists offline"
                + " for new architectures, so the BLEU below is that regressor's estimate; plug in your supernet as"
                + " the final predictor for real figures.");
        HybridSearch hybrid = HybridSearch.builder().space(space).initialPredictor(distilled).finalPredictor(expensive)
                .constraint(constraint).seed(options.seed()).maxTries(maxTries).listener(progress.apply("hybrid")).build();
        SearchResult h = search(hybrid);
        CountingPredictor expensiveOnly = new CountingPredictor(stage2);
        SearchResult e = search(EvolutionarySearch.builder().space(space).predictor(expensiveOnly).constraint(constraint)
                .seed(options.seed()).maxTries(maxTries).listener(progress.apply("evolution")).build());
        out.println("found:");
        space.describe(h.best().architecture()).forEach(l -> out.println("  " + l));
        out.printf(Locale.ROOT, "valid BLEU %.2f as estimated by the stand-in %s (full evolution's best: %.2f)%n",
                h.best().score(), stage2.name(), e.best().score());
        out.println("efficiency:   " + readableEfficiency(space.metrics(h.best().architecture()), latency));
        out.printf(Locale.ROOT, "expensive calls: %d by HybridSearch vs %d by full evolution with the same seed"
                        + " (paper's nominal budget 3750): %.0f%%%n",
                expensive.calls(), expensiveOnly.calls(), 100.0 * expensive.calls() / expensiveOnly.calls());
        double[] hybridRef = h.history().stream().mapToDouble(s -> stage2.predict(s.best())).toArray();
        double[] evolutionRef = e.history().stream().mapToDouble(s -> stage2.predict(s.best())).toArray();
        trajectoryPlot = Plots.trajectory("HybridSearch on " + space.name(), h, hybrid.switchIteration(),
                "ranking predictor's score (valid BLEU)", "Best architecture so far, scored by the stand-in"
                        + " (no true BLEU exists offline)", "valid BLEU by the stand-in " + stage2.name(),
                List.of(new Plots.Curve("HybridSearch", hybridRef), new Plots.Curve("full evolution", evolutionRef)));
        report.expensivePredictor = "stand-in: " + stage2.name() + " fitted on the demonstrations";
        report.constraint = constraintFields(constraint);
        report.best = best(h, space, readableEfficiency(space.metrics(h.best().architecture()), latency), null, null);
        report.hybridCalls = expensive.calls();
        report.evolutionCalls = expensiveOnly.calls();
        report.evolutionBestScore = e.best().score();
        report.switchIteration = hybrid.switchIteration();
        close(teacher.predictor(), report);
    }

    /**
     * Refuses, before any teacher work, a latency bound that not even the space's smallest architecture (every
     * dimension at its smallest choice) meets, or for a lower bound, not even its largest: latency grows with
     * every dimension of the HAT space, so such a bound leaves nothing to search.
     *
     * @throws IllegalArgumentException naming the constraint, the device and the predicted extremes
     */
    static void refuseUnreachableLatency(Constraint constraint, SearchSpace space, LatencyPredictor latency) {
        if (!(constraint instanceof Constraint.MetricBound b) || !b.metric().equals(latency.name())) {
            return;
        }
        var range = space.metricRange(HatSpaces.FLOPS);
        if (range.isEmpty()) {
            return;
        }
        double smallest = latency.predict(range.get().argMin());
        double largest = latency.predict(range.get().argMax());
        if (b.upper() ? b.bound() < smallest : b.bound() > largest) {
            throw new IllegalArgumentException(String.format(Locale.ROOT, "--constraint: %s cannot be met in space %s:"
                    + " the latency model predicts %.1f ms on %s for its smallest architecture and %.1f ms for its"
                    + " largest", constraint.description(), space.name(), smallest, latency.provenance().device(),
                    largest));
        }
    }

    /**
     * For a constraint on {@code latency-<device>} (e.g. {@code latency-titanxp<=150}) on a HAT preset: the
     * latency predictor of that task and device, trained on HAT's measurements with {@code seed}; null for any
     * other constraint.
     *
     * @throws IllegalArgumentException when the device is unknown or HAT measured none for the task
     */
    public static LatencyPredictor latencyModel(String constraint, SearchSpace space, Path data, long seed) {
        Matcher m = CONSTRAINT.matcher(constraint == null ? "" : constraint);
        if (!m.matches() || !m.group(1).startsWith("latency-") || space.metricNames().contains(m.group(1))) {
            return null;
        }
        String device = m.group(1).substring("latency-".length());
        HatLatencyData.DataSet set;
        try {
            set = HatLatencyData.set(space.name(), HatLatencyData.Device.of(device));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("constraint: metric '" + m.group(1) + "': " + e.getMessage(), e);
        }
        return LatencyPredictor.train(HatLatencyData.load(set.file(data), set), seed);
    }

    /**
     * Efficiency metrics in readable units (latency, FLOPs, parameters and embedding parameters first, then the
     * others in the metrics' order): parameter counts in millions
     * ({@code 32.6 M params}), FLOPs in GFLOPs ({@code 2.86 GFLOPs}), a latency model's metric in ms with its device
     * ({@code latency 142.3 ms (titanxp, predicted)}, first); small counts stay whole numbers
     * ({@code cell-params 9216} is not a million, so it stays whole), other values keep 4 significant digits.
     *
     * @param metrics the metrics of one architecture, by name
     * @param latency the latency model whose metric is among them, or {@code null}
     * @return the metrics joined with {@code ", "}
     */
    public static String readableEfficiency(Map<String, Double> metrics, LatencyPredictor latency) {
        List<String> parts = new ArrayList<>();
        String latencyMetric = latency == null ? null : latency.name();
        if (latencyMetric != null && metrics.get(latencyMetric) != null) {
            parts.add(String.format(Locale.ROOT, "latency %.1f ms (%s, predicted)", metrics.get(latencyMetric),
                    latency.provenance().device()));
        }
        // the headline metrics first (total FLOPs, parameters, embedding parameters), then the others in order
        List<String> names = new ArrayList<>();
        for (String headline : List.of(HatSpaces.FLOPS, HatSpaces.PARAMS, HatSpaces.EMBEDDING_PARAMS)) {
            if (metrics.containsKey(headline)) {
                names.add(headline);
            }
        }
        metrics.keySet().stream().filter(n -> !names.contains(n) && !n.equals(latencyMetric)).forEach(names::add);
        for (String name : names) {
            Double boxed = metrics.get(name);
            if (boxed == null) {
                continue;
            }
            double v = boxed;
            if (name.endsWith("flops") && Math.abs(v) >= 1e6) {
                String what = name.equals(HatSpaces.FLOPS) ? "" : " (" + name + ")";
                parts.add(String.format(Locale.ROOT, "%.2f GFLOPs%s", v / 1e9, what));
            } else if (name.equals(HatSpaces.PARAMS) && Math.abs(v) >= 1e5) {
                parts.add(String.format(Locale.ROOT, "%.1f M params", v / 1e6));
            } else if (name.equals(HatSpaces.EMBEDDING_PARAMS) && Math.abs(v) >= 1e5) {
                parts.add(String.format(Locale.ROOT, "%.1f M embedding params", v / 1e6));
            } else if (name.endsWith("params") && Math.abs(v) >= 1e5) {
                parts.add(String.format(Locale.ROOT, "%.1f M %s", v / 1e6, name));
            } else if (v == Math.rint(v)) {
                parts.add(String.format(Locale.ROOT, "%s %d", name, (long) v));
            } else {
                parts.add(String.format(Locale.ROOT, "%s %.4g", name, v));
            }
        }
        return String.join(", ", parts);
    }

    /** Releases an LLM teacher's threads and cache file, and reports what it spent. */
    private void close(PerformancePredictor predictor, Draft report) {
        if (predictor instanceof LlmPerformancePredictor llm) {
            var u = llm.usage();
            out.printf("llm usage:    %d calls (%d failed), %d cache hits, tokens in/out %d/%d%s%n", u.calls(),
                    u.failedCalls(), u.cacheHits(), u.inputTokens(), u.outputTokens(), u.unusual() == 0 ? ""
                            : ", " + u.unusual() + " scores far outside the demonstrations' range (kept)");
            report.llm = new Report.LlmSpend(u.calls(), u.cacheHits(), u.inputTokens(), u.outputTokens());
        }
        if (predictor instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new LlmnasException("cannot close " + predictor.name() + ": " + e.getMessage(), e);
            }
        }
    }

    // ---- shared steps ------------------------------------------------------------------------------------

    private record Teacher(PerformancePredictor predictor, String description) {
        /** {@code llm} or {@code fewshot}, for the report. */
        String kind() {
            return predictor instanceof LlmPerformancePredictor ? "llm" : "fewshot";
        }
    }

    /** The constraint as fields: metric, relation and bound, with the readable text. */
    private static Report.ConstraintFields constraintFields(Constraint constraint) {
        if (constraint instanceof Constraint.MetricBound b) {
            return new Report.ConstraintFields(b.metric(), b.upper() ? "<=" : ">=", b.bound(), constraint.description());
        }
        return new Report.ConstraintFields(null, null, null, constraint.description());
    }

    private Teacher teacher(SearchSpace space, List<Architecture> demoArchs, double[] demoScores, TaskDescription task) {
        // Only an explicit --teacher llm calls a model: a key that happens to be in the shell must not.
        Optional<LlmModels.Configured> llm = options.teacher() == TeacherChoice.LLM
                ? LlmModels.fromVariables(environment) : Optional.empty();
        if (llm.isEmpty() && options.teacher() == TeacherChoice.LLM) {
            throw new IllegalArgumentException("teacher: llm requested but no LLM is configured; "
                    + LlmModels.describeEnvironment());
        }
        Teacher t;
        if (llm.isPresent()) {
            List<Demonstration> demos = new ArrayList<>();
            for (int i = 0; i < demoArchs.size(); i++) {
                demos.add(Demonstration.of(space, demoArchs.get(i), demoScores[i]));
            }
            LlmPerformancePredictor p = llm.get().predictorBuilder().space(space).task(task).demonstrations(demos)
                    .cacheFile(options.out().resolve("llm-cache.jsonl")).seed(options.seed())
                    .budget(dev.llmnas.llm.Budget.calls(options.maxCalls())).build();
            long planned = options.poolSize() + TEACHER_CHECK;
            out.println("llm calls:    planned " + planned + " (" + options.poolSize() + " pool architectures + up to "
                    + TEACHER_CHECK + " for the teacher check; answers already in the cache cost none, unusable replies"
                    + " are asked again)" + (options.maxCalls() == Long.MAX_VALUE ? "; no --max-calls budget"
                    : "; stops after --max-calls " + options.maxCalls()));
            t = new Teacher(p, "LLM-PP with " + llm.get().description() + ", " + demos.size()
                    + " demonstrations (answers cached in " + options.out().resolve("llm-cache.jsonl") + ")");
        } else {
            RidgePredictor p = CheapPredictors.fewShotTeacher(space, demoArchs, demoScores,
                    options.teacher() == TeacherChoice.FEWSHOT_ENCODING);
            t = new Teacher(p, "OFFLINE DEFAULT: " + p.description()
                    + " (offline; --teacher llm uses LLM-PP with the model the environment configures)");
        }
        out.println("teacher:      " + t.description());
        out.flush();
        return t;
    }

    private DistilledPredictor distill(PerformancePredictor teacher, SearchSpace space, List<Architecture> pool) {
        out.println("distilling:   the teacher labels " + pool.size() + " architectures; XGBoost learns its labels");
        return XGBoostDistiller.builder().seed(options.seed()).build().distill(teacher, space, pool);
    }

    /** Teacher quality is measured on at most this many architectures: an LLM teacher pays per call. */
    private static final int TEACHER_CHECK = 200;

    private Report.Quality quality(String what, double[] truth, double[] distilled, List<Architecture> archs,
                                   PerformancePredictor teacher) {
        int n = Math.min(TEACHER_CHECK, archs.size());
        double[] teacherScores = teacher.predictAll(archs.subList(0, n));
        double[] teacherTruth = java.util.Arrays.copyOf(truth, n);
        Report.Quality q = new Report.Quality(what, truth.length, PredictorMetrics.mae(truth, distilled),
                PredictorMetrics.kendallTau(truth, distilled), n, PredictorMetrics.mae(teacherTruth, teacherScores),
                PredictorMetrics.kendallTau(teacherTruth, teacherScores));
        out.printf(Locale.ROOT, "quality on %d %s: distilled MAE %.2f, Kendall tau %.2f"
                        + " (teacher on the first %d: MAE %.2f, Kendall tau %.2f)%n", truth.length, what,
                q.distilledMae(), q.distilledKendall(), n, q.teacherMae(), q.teacherKendall());
        return q;
    }

    private static Report.Best best(SearchResult r, SearchSpace space, String efficiency, Double trueAccuracy,
                                    Double regret) {
        Architecture a = r.best().architecture();
        return new Report.Best(a.values(), space.name().equals("nb201") ? Nb201Space.toArchString(a) : null,
                r.best().score(), r.best().predictor(), space.metrics(a), efficiency, trueAccuracy, regret);
    }

    private static List<Architecture> distinct(SearchSpace space, SplittableRandom rng, int n, Set<Architecture> used) {
        List<Architecture> out = new ArrayList<>(n);
        int tries = 0;
        while (out.size() < n) {
            if (++tries > n * 100 + 10_000) {
                throw new IllegalArgumentException("cannot draw " + n + " distinct new architectures from " + space.name());
            }
            Architecture a = space.sample(rng);
            if (used.add(a)) {
                out.add(a);
            }
        }
        return out;
    }

    private void section(String title) {
        out.println();
        out.println("== " + title);
    }
}
