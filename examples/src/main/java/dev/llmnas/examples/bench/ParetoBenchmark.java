package dev.llmnas.examples.bench;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.metrics.FrontRegret;
import dev.llmnas.core.metrics.Hypervolume;
import dev.llmnas.core.metrics.MeanStd;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.search.HybridSearch;
import dev.llmnas.search.MultiObjectiveSearch;
import dev.llmnas.search.Objective;
import dev.llmnas.search.ParetoResult;
import dev.llmnas.search.RandomSearch;
import dev.llmnas.search.Refit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Measures multi-objective search on NAS-Bench-201, where the true Pareto front of accuracy (maximised)
 * against {@code cell-params} (minimised) is known from all 15,625 architectures. Every method gets the same
 * budget of expensive calls (one call stands for one architecture trained from scratch; a cheap predictor's own
 * expensive calls, such as few-shot demonstrations, are charged to the method that uses it):
 * <ol>
 *   <li>{@code random}: random search; its front is taken over everything it scored;</li>
 *   <li>{@code nsga2[teacher]}: {@link MultiObjectiveSearch} with an XGBoost predictor distilled from the teacher
 *   (see {@link CheapPredictors}) before the switch and for screening, the true accuracy after it;</li>
 *   <li>{@code bounds[teacher]}: the simple alternative, one constrained {@link HybridSearch} per bound
 *   {@code cell-params <= b} at evenly spaced bounds, the budget split between them; its front is taken over
 *   everything the runs scored with the true accuracy.</li>
 * </ol>
 * Per method: expensive calls, the hypervolume of its front as a fraction of the true front's (reference point:
 * the table's worst accuracy and largest cell-params), and the front regret ({@link FrontRegret}).
 */
public final class ParetoBenchmark {

    /**
     * What to run.
     *
     * @param datasets     data sets whose true accuracy is the expensive predictor
     * @param seeds        number of seeds: firstSeed..firstSeed + seeds - 1
     * @param budget       expensive calls per method and seed
     * @param population   NSGA-II population (survivors per generation)
     * @param offspring    NSGA-II offspring per generation
     * @param iterations   NSGA-II generations at most (the budget usually ends the run first)
     * @param switchAt     the first NSGA-II generation ranked by the true accuracy
     * @param screening    candidates per offspring the cheap predictor screens after the switch
     * @param mutation     NSGA-II's probability that a mutation resamples each gene
     * @param crossover    NSGA-II's crossover probability
     * @param bounds       number of evenly spaced cell-params bounds of the constrained-search alternative
     * @param nicheElites  NSGA-II's {@code nicheElites}: best cells kept per cell-params level (0 = plain NSGA-II)
     * @param polish       NSGA-II's {@code polish}: expensive calls at the end spent on Pareto local search
     * @param firstSeed    the first seed (1 for the reported figures; e.g. 101 to tune on other seeds)
     * @param refit        NSGA-II's {@code refit} of the cheap predictor: {@code none} or {@code ridge} (ridge, lambda 1)
     * @param levelTopK    NSGA-II's {@code levelTopK}: candidates per cell-params level per generation (0 = off)
     * @param levelSweep   NSGA-II's {@code levelSweep}: expensive calls at the end spent on sweeping the
     *                     cell-params levels (0 = off)
     * @param climb        NSGA-II's {@code climb}: the last expensive calls during which a share of each generation
     *                     climbs the found front's levels (0 = off)
     * @param climbShare   NSGA-II's {@code climbShare}: that share of each generation's offspring, in (0, 1]
     */
    public record Settings(List<NatsBench.Dataset> datasets, int seeds, int budget, int population, int offspring,
                           int iterations, int switchAt, int screening, double mutation, double crossover, int bounds,
                           int nicheElites, int polish, long firstSeed, String refit, int levelTopK,
                           int levelSweep, int climb, double climbShare) {
        /** As the canonical constructor with plain NSGA-II and seeds from 1. */
        public Settings(List<NatsBench.Dataset> datasets, int seeds, int budget, int population, int offspring,
                        int iterations, int switchAt, int screening, double mutation, double crossover, int bounds) {
            this(datasets, seeds, budget, population, offspring, iterations, switchAt, screening, mutation, crossover,
                    bounds, 0, 0, 1, "none", 0, 0, 0, MultiObjectiveSearch.DEFAULT_CLIMB_SHARE);
        }

        /** As the canonical constructor without front climbing. */
        public Settings(List<NatsBench.Dataset> datasets, int seeds, int budget, int population, int offspring,
                        int iterations, int switchAt, int screening, double mutation, double crossover, int bounds,
                        int nicheElites, int polish, long firstSeed, String refit, int levelTopK, int levelSweep) {
            this(datasets, seeds, budget, population, offspring, iterations, switchAt, screening, mutation, crossover,
                    bounds, nicheElites, polish, firstSeed, refit, levelTopK, levelSweep, 0,
                    MultiObjectiveSearch.DEFAULT_CLIMB_SHARE);
        }

        public Settings {
            datasets = List.copyOf(datasets);
            if (datasets.isEmpty()) {
                throw new IllegalArgumentException("datasets: empty; name at least one of cifar10, cifar100,"
                        + " imagenet16");
            }
            if (datasets.stream().distinct().count() < datasets.size()) {
                throw new IllegalArgumentException("datasets: " + datasets.stream().map(NatsBench.Dataset::id).toList()
                        + " is not allowed; each data set must appear once");
            }
            positive("seeds", seeds, 1);
            positive("population", population, 2);
            if (budget < population) {
                throw new IllegalArgumentException("budget: " + budget + " is not allowed; it must be at least the"
                        + " population " + population);
            }
            positive("offspring", offspring, 1);
            positive("iterations", iterations, 2);
            if (switchAt < 0 || switchAt >= iterations) {
                throw new IllegalArgumentException("switchAt: " + switchAt + " is not allowed; it must be in [0, "
                        + (iterations - 1) + "] (below the iterations " + iterations + ")");
            }
            positive("screening", screening, 1);
            positive("bounds", bounds, 2);
            positive("nicheElites", nicheElites, 0);
            positive("polish", polish, 0);
            if (polish > budget) {
                throw new IllegalArgumentException("polish: " + polish + " is not allowed; it must be at most the"
                        + " budget " + budget);
            }
            if (!REFITS.contains(refit)) {
                throw new IllegalArgumentException("refit: '" + refit + "' is not allowed; it must be one of "
                        + String.join(", ", REFITS));
            }
            positive("levelSweep", levelSweep, 0);
            if (polish + levelSweep > budget) {
                throw new IllegalArgumentException("levelSweep: " + levelSweep + " is not allowed with polish "
                        + polish + "; together they must be at most the budget " + budget);
            }
            if (levelSweep > 0 && screening < 2) {
                throw new IllegalArgumentException("screening: " + screening + " is not allowed with levelSweep "
                        + levelSweep + "; it needs at least 2");
            }
            positive("climb", climb, 0);
            if (climb > 0 && switchAt == 0) {
                throw new IllegalArgumentException("climb: " + climb + " is not allowed with switchAt 0; climbing"
                        + " orders candidates by the cheap predictor, which then ranks no generation");
            }
            if (climb > budget) {
                throw new IllegalArgumentException("climb: " + climb + " is not allowed; it must be at most the budget "
                        + budget);
            }
            if (!(climbShare > 0 && climbShare <= 1)) {
                throw new IllegalArgumentException("climbShare: " + climbShare + " is not allowed; it must be in (0, 1]");
            }
            positive("levelTopK", levelTopK, 0);
            if ((levelTopK > 0 || !"none".equals(refit)) && screening < 2) {
                throw new IllegalArgumentException("screening: " + screening + " is not allowed with refit "
                        + refit + " and levelTopK " + levelTopK + "; they need at least 2");
            }
            if (firstSeed < 1) {
                throw new IllegalArgumentException("firstSeed: " + firstSeed + " is not allowed; it must be at least 1");
            }
            if (!(mutation >= 0 && mutation <= 1)) {
                throw new IllegalArgumentException("mutation: " + mutation + " is not allowed; it must be a"
                        + " probability in [0, 1]");
            }
            if (!(crossover >= 0 && crossover <= 1)) {
                throw new IllegalArgumentException("crossover: " + crossover + " is not allowed; it must be a"
                        + " probability in [0, 1]");
            }
        }

        /** The refits {@code --refit} offers: none, ridge (lambda 1) and ridge with per-level residual terms. */
        public static final List<String> REFITS = List.of("none", "ridge", "ridge-level");

        private static void positive(String field, int value, int min) {
            if (value < min) {
                throw new IllegalArgumentException(field + ": " + value + " is not allowed; it must be at least "
                        + min);
            }
        }
    }

    /**
     * One method on one data set and seed.
     *
     * @param expensiveCalls  expensive calls made, the cheap predictor's included
     * @param hypervolume     the front's hypervolume as a fraction of the true front's
     * @param regret          the front regret (accuracy points)
     * @param front           the method's front: (cell-params, accuracy) of each non-dominated architecture
     * @param pointRegret     the regret at each true-front point, in the true front's order of cell-params
     */
    public record Run(String method, NatsBench.Dataset dataset, long seed, long expensiveCalls, double hypervolume,
                      FrontRegret regret, List<double[]> front, double[] pointRegret, Duration wallTime) {
        public Run {
            front = List.copyOf(front);
            pointRegret = pointRegret.clone();
        }
    }

    /** One method on one data set over all seeds. */
    public record Summary(String method, NatsBench.Dataset dataset, MeanStd expensiveCalls, MeanStd hypervolume,
                          MeanStd regretMean, MeanStd regretWorst, double regretWorstMax, int truePoints,
                          List<Run> runs) {
        public Summary {
            runs = List.copyOf(runs);
        }

        /** The JSON object of this summary. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.put("dataset", dataset.id());
            m.put("expensive_calls_mean", expensiveCalls.mean());
            m.put("expensive_calls_max", runs.stream().mapToLong(Run::expensiveCalls).max().orElse(0));
            m.put("hypervolume_fraction_mean", hypervolume.mean());
            m.put("hypervolume_fraction_std", hypervolume.std());
            m.put("front_regret_mean", regretMean.mean());
            m.put("front_regret_mean_std", regretMean.std());
            m.put("front_regret_worst_mean", regretWorst.mean());
            m.put("front_regret_worst_max", regretWorstMax);
            m.put("true_front_points", truePoints);
            // per true-front point (cheapest first): regret mean and max over the seeds, and how many seeds missed it
            List<Map<String, Object>> points = new ArrayList<>();
            for (int p = 0; p < truePoints; p++) {
                int at = p;
                double[] r = runs.stream().mapToDouble(x -> x.pointRegret()[at]).toArray();
                Map<String, Object> point = new LinkedHashMap<>();
                point.put("index", p);
                point.put("regret_mean", java.util.Arrays.stream(r).average().orElse(0));
                point.put("regret_max", java.util.Arrays.stream(r).max().orElse(0));
                point.put("seeds_missed", java.util.Arrays.stream(r).filter(x -> x > 1e-9).count());
                points.add(point);
            }
            m.put("per_point", points);
            m.put("seeds", runs.size());
            return m;
        }
    }

    /** Everything measured. */
    public record Report(Settings settings, List<String> teachers, List<Summary> summaries, Duration wallTime) {
        public Report {
            teachers = List.copyOf(teachers);
            summaries = List.copyOf(summaries);
        }

        /** The summary of a method on a data set. */
        public Summary summary(String method, NatsBench.Dataset dataset) {
            return summaries.stream().filter(s -> s.method().equals(method) && s.dataset() == dataset).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("method: '" + method + "' on " + dataset.id()
                            + " was not measured"));
        }

        /** A plain-text table for the console. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "NAS-Bench-201 Pareto front of accuracy vs cell-params: %d seeds from %d,"
                            + " budget %d expensive calls, NSGA-II population %d + %d, switch at %d of %d, screening %d,"
                            + " niche elites %d, polish %d, level sweep %d, climb %d (share %.2f), refit %s, level k %d, mutation %.2f, crossover %.2f, %d bounds%n", settings.seeds(),
                    settings.firstSeed(), settings.budget(),
                    settings.population(), settings.offspring(), settings.switchAt(), settings.iterations(), settings.screening(),
                    settings.nicheElites(), settings.polish(), settings.levelSweep(), settings.climb(), settings.climbShare(), settings.refit(), settings.levelTopK(), settings.mutation(), settings.crossover(), settings.bounds()));
            int width = Math.max(10, summaries.stream().mapToInt(s -> s.method().length()).max().orElse(10));
            sb.append(String.format(Locale.ROOT, "%-10s  %-" + width + "s  %-15s  %-17s  %-15s  %-15s  %s%n",
                    "dataset", "method", "expensive calls", "hypervolume", "regret mean", "regret worst",
                    "worst of seeds"));
            for (Summary s : summaries) {
                sb.append(String.format(Locale.ROOT, "%-10s  %-" + width + "s  %-15s  %-17s  %-15s  %-15s  %.3f%n",
                        s.dataset().id(), s.method(), s.expensiveCalls().format(0), s.hypervolume().format(5),
                        s.regretMean().format(3), s.regretWorst().format(3), s.regretWorstMax()));
            }
            return sb.toString();
        }

        /** The JSON form: one object per method and data set. */
        public List<Map<String, Object>> toJson() {
            return summaries.stream().map(Summary::toJson).toList();
        }
    }

    /** The true front and the table's extremes on one data set. */
    public record TrueFront(double[] cost, double[] accuracy, double worstAccuracy, double maxCost,
                            double hypervolume) {
    }

    /** Told after each run, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total, String detail);
    }

    /** What the plot of one data set and teacher shows: the first seed's NSGA-II evaluated points and front. */
    public interface FrontSink {
        /**
         * @param dataset the data set searched
         * @param teacher the teacher of the run's cheap predictor
         * @param method  the method's name in the report, e.g. {@code nsga2[fewshot]}
         * @param result  the first seed's NSGA-II result
         * @param truth   the data set's true front
         */
        void accept(NatsBench.Dataset dataset, TeacherSpec teacher, String method, ParetoResult result,
                    TrueFront truth);
    }

    private ParetoBenchmark() {
    }

    /**
     * The true Pareto front of accuracy against cell-params over every architecture of the table.
     */
    public static TrueFront trueFront(NatsBench table, NatsBench.Dataset dataset) {
        List<double[]> all = new ArrayList<>(table.size());
        for (LabelledArchitecture r : table.records()) {
            all.add(new double[] {r.metric(Nb201Space.CELL_PARAMS), r.score(dataset.id())});
        }
        all.sort(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparing(p -> -p[1]));
        List<double[]> front = new ArrayList<>();
        double best = Double.NEGATIVE_INFINITY;
        double worst = Double.POSITIVE_INFINITY;
        double maxCost = Double.NEGATIVE_INFINITY;
        for (double[] p : all) {
            worst = Math.min(worst, p[1]);
            maxCost = Math.max(maxCost, p[0]);
            if (p[1] > best) {
                front.add(p);
                best = p[1];
            }
        }
        double[] cost = front.stream().mapToDouble(p -> p[0]).toArray();
        double[] acc = front.stream().mapToDouble(p -> p[1]).toArray();
        return new TrueFront(cost, acc, worst, maxCost, hypervolume(cost, acc, worst, maxCost));
    }

    private static double hypervolume(double[] cost, double[] acc, double worst, double maxCost) {
        double[][] points = new double[cost.length][];
        for (int i = 0; i < cost.length; i++) {
            points[i] = new double[] {cost[i], -acc[i]};
        }
        return Hypervolume.of2d(points, new double[] {maxCost, -worst});
    }

    /**
     * Runs every method on every data set and seed.
     *
     * @param teachers  the cheap predictor's teachers per data set
     * @param cheap     builds the cheap predictor of a data set and teacher for a seed
     * @param progress  told after each run (may be null)
     * @param sink      given the first seed's NSGA-II result per data set and teacher, for plots (may be null)
     */
    public static Report run(NatsBench table, Settings settings,
                             Function<NatsBench.Dataset, List<TeacherSpec>> teachers,
                             CheapFactory cheap, Progress progress, FrontSink sink) {
        long started = System.nanoTime();
        List<Summary> summaries = new ArrayList<>();
        Set<String> teacherIds = new LinkedHashSet<>();
        long total = 0;
        for (NatsBench.Dataset d : settings.datasets()) {
            total += (long) settings.seeds() * (1 + 2L * teachers.apply(d).size());
        }
        long done = 0;
        for (NatsBench.Dataset dataset : settings.datasets()) {
            TrueFront truth = trueFront(table, dataset);
            Map<String, List<Run>> runs = new LinkedHashMap<>();
            List<TeacherSpec> specs = teachers.apply(dataset);
            specs.forEach(t -> teacherIds.add(t.id()));
            for (long seed = settings.firstSeed(); seed < settings.firstSeed() + settings.seeds(); seed++) {
                PerformancePredictor expensive = table.predictor(dataset);
                runs.computeIfAbsent("random", k -> new ArrayList<>())
                        .add(random(table, dataset, settings, seed, expensive, truth));
                report(progress, ++done, total, dataset.id() + " random seed " + seed);
                for (TeacherSpec teacher : specs) {
                    SearchBenchmark.CheapPredictor c = cheap.build(dataset, teacher, seed);
                    String nsga = "nsga2[" + teacher.id() + "]";
                    long t0 = System.nanoTime();
                    ParetoResult r = nsga2(settings, seed, c, expensive);
                    runs.computeIfAbsent(nsga, k -> new ArrayList<>()).add(measure(nsga, dataset, seed,
                            r.search().callsTo(expensive.name()) + c.expensiveCalls(), r.front(), truth, table,
                            System.nanoTime() - t0));
                    if (sink != null && seed == settings.firstSeed()) {
                        sink.accept(dataset, teacher, nsga, r, truth);
                    }
                    report(progress, ++done, total, dataset.id() + " " + nsga + " seed " + seed);
                    String bounds = "bounds" + settings.bounds() + "[" + teacher.id() + "]";
                    runs.computeIfAbsent(bounds, k -> new ArrayList<>())
                            .add(bounds(bounds, table, dataset, settings, seed, c, expensive, truth));
                    report(progress, ++done, total, dataset.id() + " " + bounds + " seed " + seed);
                }
            }
            runs.forEach((method, list) -> summaries.add(summarize(method, dataset, list, truth)));
        }
        return new Report(settings, List.copyOf(teacherIds), summaries, Duration.ofNanos(System.nanoTime() - started));
    }

    /** Builds the cheap predictor of a data set and teacher for one seed. */
    @FunctionalInterface
    public interface CheapFactory {
        SearchBenchmark.CheapPredictor build(NatsBench.Dataset dataset, TeacherSpec teacher, long seed);
    }

    /** Fewest expensive samples of a cell-params level before {@code ridge-level} fits its own residual terms. */
    static final int LEVEL_REFIT_MIN_SAMPLES = 10;

    static ParetoResult nsga2(Settings settings, long seed, SearchBenchmark.CheapPredictor cheap,
                              PerformancePredictor expensive) {
        int budget = (int) Math.max(settings.population(), settings.budget() - cheap.expensiveCalls());
        MultiObjectiveSearch.Builder b = MultiObjectiveSearch.builder().space(Nb201Space.space()).initialPredictor(cheap.predictor())
                .finalPredictor(expensive).objective(Objective.minimize(Nb201Space.CELL_PARAMS))
                .populationSize(settings.population()).offspring(settings.offspring()).iterations(settings.iterations())
                .switchAt(settings.switchAt()).screening(settings.screening()).nicheElites(settings.nicheElites())
                .polish(Math.min(settings.polish() + settings.levelSweep(), budget)).levelTopK(settings.levelTopK())
                .levelSweep(Math.min(settings.levelSweep(), budget)).climb(Math.min(settings.climb(), budget))
                .climbShare(settings.climbShare())
                .mutationProbability(settings.mutation()).crossoverProbability(settings.crossover()).budget(budget).seed(seed);
        if (settings.refit().equals("ridge")) {
            b.refit(Refit.ridge(1.0));
        } else if (settings.refit().equals("ridge-level")) {
            b.refit(Refit.perLevel(Refit.ridge(1.0), LEVEL_REFIT_MIN_SAMPLES));
        }
        return b.build()
                .search();
    }

    private static Run random(NatsBench table, NatsBench.Dataset dataset, Settings settings, long seed,
                              PerformancePredictor expensive, TrueFront truth) {
        long t0 = System.nanoTime();
        SearchResult r = RandomSearch.builder().space(Nb201Space.space()).predictor(expensive)
                .budget(settings.budget()).batchSize(100).paretoMetric(Nb201Space.CELL_PARAMS).seed(seed).build()
                .run();
        return measure("random", dataset, seed, r.callsTo(expensive.name()), r.paretoFront(), truth, table,
                System.nanoTime() - t0);
    }

    /**
     * One HybridSearch per bound, run from the smallest bound up, each given an equal share of what the budget
     * still holds (so calls a run saved through its cache go to the next): population P with HAT's 1 : 2 : 2
     * proportions, deduplicated, switching at generation 5 of 10, costs at most P + 4 &times; 0.8 P calls.
     */
    private static Run bounds(String method, NatsBench table, NatsBench.Dataset dataset, Settings settings,
                              long seed, SearchBenchmark.CheapPredictor cheap, PerformancePredictor expensive,
                              TrueFront truth) {
        long t0 = System.nanoTime();
        SearchSpace space = Nb201Space.space();
        int k = settings.bounds();
        long remaining = settings.budget() - cheap.expensiveCalls();
        long calls = cheap.expensiveCalls();
        List<ScoredArchitecture> found = new ArrayList<>();
        for (int b = 0; b < k; b++) {
            long share = remaining / (k - b);
            int population = (int) Math.max(5, Math.floor(share / (1 + 4 * 0.8)));
            int parents = Math.max(2, population / 5);
            int mutations = (population - parents) / 2;
            int crossovers = population - parents - mutations;
            double bound = truth.maxCost() * b / (k - 1);
            SearchResult r = HybridSearch.builder().space(space).initialPredictor(cheap.predictor())
                    .finalPredictor(expensive).constraint(Constraint.atMost(Nb201Space.CELL_PARAMS, bound))
                    .iterations(10).switchAt(5).populationSize(population).parents(parents).mutations(mutations)
                    .crossovers(crossovers).deduplicate(true).paretoMetric(Nb201Space.CELL_PARAMS)
                    .seed(seed * 1_000 + b).build().run();
            calls += r.callsTo(expensive.name());
            remaining -= r.callsTo(expensive.name());
            found.addAll(r.paretoFront());
        }
        return measure(method, dataset, seed, calls, found, truth, table, System.nanoTime() - t0);
    }

    private static Run measure(String method, NatsBench.Dataset dataset, long seed, long calls,
                               List<ScoredArchitecture> found, TrueFront truth, NatsBench table, long nanos) {
        double[] cost = new double[found.size()];
        double[] acc = new double[found.size()];
        for (int i = 0; i < cost.length; i++) {
            Architecture a = found.get(i).architecture();
            cost[i] = Nb201Space.space().metric(a, Nb201Space.CELL_PARAMS);
            // the table's accuracy, whatever predictor the method's front was scored with
            acc[i] = table.accuracy(a, dataset);
        }
        FrontRegret regret = FrontRegret.of(truth.cost(), truth.accuracy(), cost, acc, truth.worstAccuracy());
        double hv = hypervolume(cost, acc, truth.worstAccuracy(), truth.maxCost()) / truth.hypervolume();
        List<double[]> front = new ArrayList<>();
        for (int i = 0; i < cost.length; i++) {
            front.add(new double[] {cost[i], acc[i]});
        }
        double[] points = FrontRegret.perPoint(truth.cost(), truth.accuracy(), cost, acc, truth.worstAccuracy());
        return new Run(method, dataset, seed, calls, hv, regret, front, points, Duration.ofNanos(nanos));
    }

    private static Summary summarize(String method, NatsBench.Dataset dataset, List<Run> runs, TrueFront truth) {
        return new Summary(method, dataset, MeanStd.of(runs.stream().mapToDouble(Run::expensiveCalls).toArray()),
                MeanStd.of(runs.stream().mapToDouble(Run::hypervolume).toArray()),
                MeanStd.of(runs.stream().mapToDouble(r -> r.regret().mean()).toArray()),
                MeanStd.of(runs.stream().mapToDouble(r -> r.regret().worst()).toArray()),
                runs.stream().mapToDouble(r -> r.regret().worst()).max().orElse(0), truth.cost().length, runs);
    }

    private static void report(Progress progress, long done, long total, String detail) {
        if (progress != null) {
            progress.update(done, total, detail);
        }
    }

}
