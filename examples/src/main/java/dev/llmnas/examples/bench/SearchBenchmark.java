package dev.llmnas.examples.bench;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.metrics.MeanStd;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.search.EvolutionarySearch;
import dev.llmnas.search.GuidedSchedule;
import dev.llmnas.search.HybridSearch;
import dev.llmnas.search.RandomSearch;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares three searches on NAS-Bench-201 on the same seeds, with the table's true accuracy as the expensive
 * predictor (one call stands for one architecture trained from scratch):
 * <ol>
 *   <li>{@code evolution}: HAT's evolution ranked by the expensive predictor throughout;</li>
 *   <li>{@code hybrid[...]}: HybridSearch ranked by a cheap predictor (built per seed by a
 *   {@link CheapPredictorFactory}, e.g. XGBoost distilled from a teacher) until the switch point, then by the
 *   expensive one;</li>
 *   <li>{@code random}: random search given, per seed, exactly the expensive calls the hybrid used.</li>
 * </ol>
 * For each it reports the true accuracy of the returned architecture, its regret to the data set's true
 * optimum, and the expensive calls made (a cheap predictor's own expensive calls, such as few-shot
 * demonstrations, are charged to the hybrid).
 */
public final class SearchBenchmark {

    /**
     * What to run.
     *
     * @param dataset          the data set whose true accuracy is the expensive predictor
     * @param seeds            how many seeds (1, 2, ... seeds)
     * @param iterations       evolution iterations (the paper: 30)
     * @param population       population size (the paper: 125); parents, mutations and crossovers keep HAT's
     *                         1 : 2 : 2 proportions
     * @param switchAtFraction HybridSearch's switch point as a fraction of the iterations (the paper: 0.5)
     * @param deduplicate      whether populations hold no repeated architecture
     * @param firstSeed        the first seed: runs use seeds {@code firstSeed .. firstSeed + seeds - 1} (e.g. 101
     *                         for tuning seeds kept apart from the reported 1..30)
     * @param methods          which methods run, a non-empty subset of {@link #METHODS}, reported in that order
     * @param guided           the {@code guided} method's schedule (HybridSearch's guided schedule)
     * @param variants         further guided schedules run as extra methods (e.g. an ablation), by label; each is
     *                         reported as {@code guided[...] <label>} after the guided hybrid. Needs {@code guided}
     *                         among the methods when not empty
     */
    public record Settings(NatsBench.Dataset dataset, int seeds, int iterations, int population,
                           double switchAtFraction, boolean deduplicate, long firstSeed, List<String> methods,
                           GuidedSchedule guided, Map<String, GuidedSchedule> variants) {
        /** The methods in report order: random, evolution, the paper's hybrid and the guided hybrid. */
        public static final List<String> METHODS = List.of("random", "evolution", "hybrid", "guided");
        /** The methods run by default: those of the paper's comparison. */
        public static final List<String> DEFAULT_METHODS = List.of("random", "evolution", "hybrid");

        /** The paper's comparison (random, evolution, hybrid) from seed 1, with the default guided schedule. */
        public Settings(NatsBench.Dataset dataset, int seeds, int iterations, int population,
                        double switchAtFraction, boolean deduplicate) {
            this(dataset, seeds, iterations, population, switchAtFraction, deduplicate, 1, DEFAULT_METHODS,
                    GuidedSchedule.defaults());
        }

        /** Without variants. */
        public Settings(NatsBench.Dataset dataset, int seeds, int iterations, int population,
                        double switchAtFraction, boolean deduplicate, long firstSeed, List<String> methods,
                        GuidedSchedule guided) {
            this(dataset, seeds, iterations, population, switchAtFraction, deduplicate, firstSeed, methods, guided,
                    Map.of());
        }

        public Settings {
            Objects.requireNonNull(dataset, "dataset");
            Objects.requireNonNull(guided, "guided");
            if (methods == null || methods.isEmpty() || !METHODS.containsAll(methods)) {
                throw new IllegalArgumentException("methods: " + methods + " is not allowed; it must be a non-empty"
                        + " subset of " + METHODS);
            }
            methods = METHODS.stream().filter(methods::contains).toList();
            variants = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(variants));
            if (!variants.isEmpty() && !methods.contains("guided")) {
                throw new IllegalStateException("variants: " + variants.keySet() + " need the guided method among "
                        + methods);
            }
            if (firstSeed < 0) {
                throw new IllegalArgumentException("firstSeed: " + firstSeed + " is not allowed; it must be >= 0");
            }
            if (seeds < 1) {
                throw new IllegalArgumentException("seeds: " + seeds + " is not allowed; it must be at least 1");
            }
            if (iterations < 1) {
                throw new IllegalArgumentException("iterations: " + iterations
                        + " is not allowed; it must be at least 1");
            }
            if (population < 5) {
                throw new IllegalArgumentException("population: " + population
                        + " is not allowed; it must be at least 5 (parents, mutations and crossovers 1 : 2 : 2)");
            }
            if (!(switchAtFraction >= 0 && switchAtFraction <= 1)) {
                throw new IllegalArgumentException("switch-at: " + switchAtFraction
                        + " is not allowed; it must be a fraction in [0, 1]");
            }
        }

        /** HAT's 25 : 50 : 50 at population 125, scaled. */
        int parents() {
            return Math.max(2, population / 5);
        }

        int mutations() {
            return (population - parents()) / 2;
        }

        int crossovers() {
            return population - parents() - mutations();
        }

        /** The expensive calls HAT's evolution would make without a cache: iterations &times; population. */
        public long paperBudget() {
            return (long) iterations * population;
        }
    }

    /** Builds the hybrid's cheap predictor for one seed. */
    @FunctionalInterface
    public interface CheapPredictorFactory {
        /**
         * @param seed the run's seed
         * @return the cheap predictor and the expensive calls spent building it
         */
        CheapPredictor build(long seed);
    }

    /**
     * A cheap predictor for one seed.
     *
     * @param predictor      the predictor
     * @param expensiveCalls calls to the expensive predictor spent building it (e.g. few-shot demonstrations)
     */
    public record CheapPredictor(PerformancePredictor predictor, long expensiveCalls) {
        public CheapPredictor {
            Objects.requireNonNull(predictor, "predictor");
            if (expensiveCalls < 0) {
                throw new IllegalArgumentException("expensiveCalls: " + expensiveCalls + " must not be negative");
            }
        }
    }

    /** Told after each run, for a progress bar. */
    @FunctionalInterface
    public interface Progress {
        void update(long done, long total, String detail);
    }

    /**
     * One search on one seed.
     *
     * @param accuracy       true accuracy (percent) of the returned architecture
     * @param regret         the data set's true optimum minus {@code accuracy}
     * @param expensiveCalls expensive calls made (including those spent on the cheap predictor)
     * @param cheapCalls     cheap predictor calls made
     * @param offset         expensive calls spent before the search's first one (the cheap predictor's own)
     * @param bestSoFar      after each of the search's expensive calls, in order, the true accuracy (percent) of
     *                       the architecture the search would return then: the best the expensive predictor has
     *                       scored so far
     */
    public record Run(String method, long seed, Architecture best, double accuracy, double regret,
                      long expensiveCalls, long cheapCalls, Duration wallTime, long offset, double[] bestSoFar) {
        public Run {
            bestSoFar = bestSoFar.clone();
        }

        /**
         * The true regret (points) of the architecture the search would return after {@code calls} expensive
         * calls in all (its cheap predictor's included), or NaN before the search's first call; after its last
         * call, its final regret.
         */
        public double regretAt(long calls, double optimum) {
            long i = calls - offset;
            if (i < 1 || bestSoFar.length == 0) {
                return Double.NaN;
            }
            return optimum - bestSoFar[(int) Math.min(i, bestSoFar.length) - 1];
        }
    }

    /**
     * One method over all seeds.
     *
     * @param expensiveFraction mean expensive calls over the paper's budget (iterations &times; population)
     */
    public record Summary(String method, MeanStd accuracy, MeanStd regret, MeanStd expensiveCalls,
                          double expensiveFraction, List<Run> runs) {
        public Summary {
            runs = List.copyOf(runs);
        }

        /** The JSON object: {@code method, accuracy_mean, accuracy_std, regret_mean, expensive_calls_mean, ...}. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.put("accuracy_mean", accuracy.mean());
            m.put("accuracy_std", accuracy.std());
            m.put("regret_mean", regret.mean());
            m.put("regret_std", regret.std());
            m.put("expensive_calls_mean", expensiveCalls.mean());
            m.put("expensive_calls_std", expensiveCalls.std());
            m.put("expensive_calls_fraction", expensiveFraction);
            m.put("seeds", runs.size());
            // per seed, so that a mean can be traced to the seeds that make it
            m.put("per_seed", runs.stream().map(r -> {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("seed", r.seed());
                o.put("regret", r.regret());
                o.put("expensive_calls", r.expensiveCalls());
                o.put("architecture", r.best().key());
                return o;
            }).toList());
            return m;
        }
    }

    /**
     * One method's mean regret-against-calls curve over the seeds.
     *
     * @param calls  expensive calls spent (its cheap predictor's included), ascending from the first at which
     *               every seed has made a search call
     * @param mean   mean true regret (points) over the seeds of the architecture each would return at that point
     * @param stdErr standard error of that mean
     * @param p25    first quartile over the seeds
     * @param p75    third quartile over the seeds
     */
    public record Curve(String method, long[] calls, double[] mean, double[] stdErr, double[] p25, double[] p75) {
        public Curve {
            calls = calls.clone();
            mean = mean.clone();
            stdErr = stdErr.clone();
            p25 = p25.clone();
            p75 = p75.clone();
        }

        /** The fewest calls at which the mean regret is at most {@code regret} points, or -1 when never. */
        public long callsToReach(double regret) {
            for (int i = 0; i < calls.length; i++) {
                if (mean[i] <= regret + 1e-12) {
                    return calls[i];
                }
            }
            return -1;
        }

        /** The JSON object: method, calls, mean_regret, stderr, p25, p75, calls_to_0.1. */
        public Map<String, Object> toJson() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("method", method);
            m.put("calls_to_regret_0.1", callsToReach(0.1));
            m.put("calls", calls);
            m.put("mean_regret", round(mean));
            m.put("stderr", round(stdErr));
            m.put("p25", round(p25));
            m.put("p75", round(p75));
            return m;
        }

        private static double[] round(double[] v) {
            double[] r = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                r[i] = Math.round(v[i] * 1e4) / 1e4;
            }
            return r;
        }
    }

    /** Everything measured. */
    public record Report(Settings settings, String hybridMethod, double optimum, List<Summary> methods,
                         Duration wallTime) {
        public Report {
            methods = List.copyOf(methods);
        }

        public Summary method(String name) {
            return methods.stream().filter(m -> m.method().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("method: '" + name + "' is not one of "
                            + methods.stream().map(Summary::method).toList()));
        }

        /** The guided hybrid's name in the report, derived from the hybrid's: {@code guided[...]}. */
        public String guidedMethod() {
            return guidedName(hybridMethod);
        }

        /** A plain-text table for the console. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "NAS-Bench-201 %s: true optimum %.2f%%, %d seeds, %d x %d,"
                            + " switch at %.2f, deduplicate %s, seeds %d..%d%n", settings.dataset().id(), optimum,
                    settings.seeds(), settings.iterations(), settings.population(), settings.switchAtFraction(),
                    settings.deduplicate(), settings.firstSeed(), settings.firstSeed() + settings.seeds() - 1));
            int width = Math.max(10, methods.stream().mapToInt(m -> m.method().length()).max().orElse(10));
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-15s  %-13s  %-36s  %s%n", "method", "accuracy",
                    "regret", "expensive calls (of " + settings.paperBudget() + ")", "calls to mean regret <= 0.1"));
            for (Summary m : methods) {
                long reach = curve(m.method()).callsToReach(0.1);
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-15s  %-13s  %-36s  %s%n", m.method(),
                        m.accuracy().format(2), m.regret().format(2), String.format(Locale.ROOT, "%s = %.1f%%",
                                m.expensiveCalls().format(0), 100 * m.expensiveFraction()),
                        reach < 0 ? "never" : String.valueOf(reach)));
            }
            if (has("evolution")) {
                Summary e = method("evolution");
                for (String name : List.of(hybridMethod, guidedMethod())) {
                    if (!has(name)) {
                        continue;
                    }
                    Summary h = method(name);
                    sb.append(String.format(Locale.ROOT, "%s vs evolution: %.2f points %s evolution's mean"
                                    + " accuracy, with %.0f%% of evolution's expensive calls (%.1f%% of the nominal"
                                    + " budget %d = %d iterations x %d)%n",
                            name.equals(hybridMethod) ? "hybrid" : "guided",
                            Math.abs(e.accuracy().mean() - h.accuracy().mean()),
                            e.accuracy().mean() >= h.accuracy().mean() ? "below" : "above",
                            100 * h.expensiveCalls().mean() / e.expensiveCalls().mean(), 100 * h.expensiveFraction(),
                            settings.paperBudget(), settings.iterations(), settings.population()));
                }
            }
            if (has("random")) {
                sb.append("random search had the ").append(has(hybridMethod) ? "hybrid's" : has(guidedMethod())
                        ? "guided hybrid's" : "default").append(" budget per seed").append(System.lineSeparator());
            }
            if (has(guidedMethod())) {
                sb.append("guided schedule: ").append(settings.guided().describe()).append(System.lineSeparator());
                settings.variants().forEach((label, g) -> sb.append(guidedMethod()).append(' ').append(label)
                        .append(": ").append(g.describe()).append(System.lineSeparator()));
            }
            return sb.toString();
        }

        private boolean has(String name) {
            return methods.stream().anyMatch(m -> m.method().equals(name));
        }

        /** The JSON form: one object per method. */
        public List<Map<String, Object>> toJson() {
            return methods.stream().map(Summary::toJson).toList();
        }

        /**
         * The regret-against-calls curve of a method: at each call count from the first at which every seed has
         * made one of its search's calls to the largest any seed made, the mean, standard error and quartiles over
         * the seeds of {@link Run#regretAt}.
         *
         * @throws IllegalArgumentException when the method is not in the report
         */
        public Curve curve(String name) {
            List<Run> runs = method(name).runs();
            long from = runs.stream().mapToLong(r -> r.offset() + 1).max().orElse(1);
            long to = Math.max(from, runs.stream().mapToLong(r -> r.offset() + r.bestSoFar().length).max().orElse(1));
            int n = (int) (to - from + 1);
            long[] calls = new long[n];
            double[] mean = new double[n];
            double[] se = new double[n];
            double[] p25 = new double[n];
            double[] p75 = new double[n];
            org.apache.commons.math3.stat.descriptive.rank.Percentile q =
                    new org.apache.commons.math3.stat.descriptive.rank.Percentile();
            double[] v = new double[runs.size()];
            for (int i = 0; i < n; i++) {
                calls[i] = from + i;
                for (int r = 0; r < v.length; r++) {
                    v[r] = runs.get(r).regretAt(calls[i], optimum);
                }
                MeanStd ms = MeanStd.of(v);
                mean[i] = ms.mean();
                // MeanStd's std is the population one: sample std / sqrt(n) = std / sqrt(n - 1)
                se[i] = v.length > 1 ? ms.std() / Math.sqrt(v.length - 1) : 0;
                q.setData(v);
                p25[i] = q.evaluate(25);
                p75[i] = q.evaluate(75);
            }
            return new Curve(name, calls, mean, se, p25, p75);
        }

        /** Every method's curve, in report order. */
        public List<Curve> curves() {
            return methods.stream().map(m -> curve(m.method())).toList();
        }
    }

    private SearchBenchmark() {
    }

    private static String methodName(String key, String hybridMethod) {
        if (key.startsWith("guided:")) {
            return guidedName(hybridMethod) + " " + key.substring("guided:".length());
        }
        return key.equals("hybrid") ? hybridMethod : key.equals("guided") ? guidedName(hybridMethod) : key;
    }

    static String guidedName(String hybridMethod) {
        return hybridMethod.startsWith("hybrid") ? "guided" + hybridMethod.substring("hybrid".length())
                : hybridMethod + "-guided";
    }

    /**
     * Runs the selected methods on every seed.
     *
     * @param table        the NATS-Bench table
     * @param settings     what to run
     * @param hybridMethod the hybrid's name in the report, e.g. {@code hybrid[proxy:cifar100]}; the guided hybrid
     *                     is named after it, {@code guided[proxy:cifar100]}
     * @param cheap        builds the hybrids' cheap predictor per seed (both hybrids share it)
     * @param progress     told after each run (may be {@code null})
     */
    public static Report run(NatsBench table, Settings settings, String hybridMethod, CheapPredictorFactory cheap,
                             Progress progress) {
        long started = System.nanoTime();
        SearchSpace space = Nb201Space.space();
        double optimum = table.optimum(settings.dataset());
        String guidedMethod = guidedName(hybridMethod);
        Map<String, List<Run>> runs = new LinkedHashMap<>();
        for (String m : settings.methods()) {
            runs.put(m, new ArrayList<>());
        }
        // the hybrids run first (random search takes their budget), then evolution, then random search
        List<String> order = new ArrayList<>();
        for (String m : List.of("hybrid", "guided", "evolution", "random")) {
            if (settings.methods().contains(m)) {
                order.add(m);
            }
            if (m.equals("guided")) {
                settings.variants().keySet().forEach(label -> order.add("guided:" + label));
            }
        }
        for (String m : order) {
            runs.putIfAbsent(m, new ArrayList<>());
        }
        long total = (long) order.size() * settings.seeds();
        long done = 0;
        for (long seed = settings.firstSeed(); seed < settings.firstSeed() + settings.seeds(); seed++) {
            boolean hybrids = settings.methods().contains("hybrid") || settings.methods().contains("guided");
            CheapPredictor c = hybrids ? cheap.build(seed) : null;
            long budget = -1;
            for (String method : order) {
                Recorder expensive = new Recorder(table.predictor(settings.dataset()), table, settings.dataset());
                SearchResult result;
                long offset = 0;
                long cheapCalls = 0;
                String name = method;
                boolean variant = method.startsWith("guided:");
                switch (variant ? "guided" : method) {
                    case "hybrid", "guided" -> {
                        HybridSearch.Builder b = HybridSearch.builder().space(space).initialPredictor(c.predictor())
                                .finalPredictor(expensive).switchAtFraction(settings.switchAtFraction())
                                .iterations(settings.iterations()).populationSize(settings.population())
                                .parents(settings.parents()).mutations(settings.mutations())
                                .crossovers(settings.crossovers()).deduplicate(settings.deduplicate()).seed(seed);
                        if (variant) {
                            b.guided(settings.variants().get(method.substring("guided:".length())));
                        } else if (method.equals("guided")) {
                            b.guided(settings.guided());
                        }
                        result = b.build().run();
                        offset = c.expensiveCalls();
                        cheapCalls = result.callsTo(c.predictor().name());
                        name = methodName(method, hybridMethod);
                    }
                    case "evolution" -> result = EvolutionarySearch.builder().space(space).predictor(expensive)
                            .iterations(settings.iterations()).populationSize(settings.population())
                            .parents(settings.parents()).mutations(settings.mutations())
                            .crossovers(settings.crossovers()).deduplicate(settings.deduplicate()).seed(seed).build()
                            .run();
                    default -> {
                        // the same expensive budget as the (first) hybrid on this seed, its cheap predictor's
                        // calls included; evolution's without a hybrid
                        long b = budget > 0 ? budget : (long) settings.iterations() * settings.population();
                        result = RandomSearch.builder().space(space).predictor(expensive)
                                .budget((int) Math.max(1, b)).batchSize(settings.population()).seed(seed).build()
                                .run();
                    }
                }
                long calls = result.callsTo(expensive.name());
                if (calls != expensive.calls()) {
                    throw new IllegalStateException(name + " seed " + seed + ": the result counts " + calls
                            + " expensive calls but the predictor saw " + expensive.calls());
                }
                if (budget < 0 && (method.equals("hybrid") || method.equals("guided"))) {
                    budget = calls + offset;
                }
                runs.get(method).add(run(name, seed, result, table, settings, optimum, calls + offset, cheapCalls,
                        offset, expensive.bestSoFar()));
                report(progress, ++done, total, name + " seed " + seed);
            }
        }
        List<Summary> summaries = new ArrayList<>();
        for (String m : settings.methods()) {
            summaries.add(summarize(methodName(m, hybridMethod), runs.get(m), settings));
            if (m.equals("guided")) {
                for (String label : settings.variants().keySet()) {
                    summaries.add(summarize(methodName("guided:" + label, hybridMethod), runs.get("guided:" + label),
                            settings));
                }
            }
        }
        return new Report(settings, hybridMethod, optimum, summaries, Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * The expensive predictor, recording in call order the true accuracy of the best architecture it has scored
     * so far (what the search would return at that point).
     */
    private static final class Recorder implements PerformancePredictor {
        private final PerformancePredictor delegate;
        private final NatsBench table;
        private final NatsBench.Dataset dataset;
        private final List<Double> bestSoFar = new ArrayList<>();
        private double bestScore;
        private double bestAccuracy = Double.NaN;

        Recorder(PerformancePredictor delegate, NatsBench table, NatsBench.Dataset dataset) {
            this.delegate = delegate;
            this.table = table;
            this.dataset = dataset;
            this.bestScore = delegate.direction().worst();
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Direction direction() {
            return delegate.direction();
        }

        @Override
        public double predict(Architecture architecture) {
            double v = delegate.predict(architecture);
            record(architecture, v);
            return v;
        }

        @Override
        public double[] predictAll(List<Architecture> architectures) {
            double[] v = delegate.predictAll(architectures);
            for (int i = 0; i < v.length; i++) {
                record(architectures.get(i), v[i]);
            }
            return v;
        }

        private void record(Architecture a, double score) {
            if (Double.isNaN(bestAccuracy) || direction().isBetter(score, bestScore)) {
                bestScore = score;
                bestAccuracy = table.accuracy(a, dataset);
            }
            bestSoFar.add(bestAccuracy);
        }

        long calls() {
            return bestSoFar.size();
        }

        double[] bestSoFar() {
            return bestSoFar.stream().mapToDouble(Double::doubleValue).toArray();
        }
    }

    private static void report(Progress progress, long done, long total, String detail) {
        if (progress != null) {
            progress.update(done, total, detail);
        }
    }

    private static Run run(String method, long seed, SearchResult result, NatsBench table, Settings settings,
                           double optimum, long expensiveCalls, long cheapCalls, long offset, double[] bestSoFar) {
        Architecture best = result.best().architecture();
        double accuracy = table.accuracy(best, settings.dataset());
        return new Run(method, seed, best, accuracy, optimum - accuracy, expensiveCalls, cheapCalls,
                result.wallTime(), offset, bestSoFar);
    }

    private static Summary summarize(String method, List<Run> runs, Settings settings) {
        MeanStd calls = MeanStd.of(runs.stream().mapToDouble(Run::expensiveCalls).toArray());
        return new Summary(method, MeanStd.of(runs.stream().mapToDouble(Run::accuracy).toArray()),
                MeanStd.of(runs.stream().mapToDouble(Run::regret).toArray()), calls,
                calls.mean() / settings.paperBudget(), runs);
    }
}
