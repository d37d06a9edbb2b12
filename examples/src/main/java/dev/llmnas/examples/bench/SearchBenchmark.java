package dev.llmnas.examples.bench;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.metrics.MeanStd;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.search.EvolutionarySearch;
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
     */
    public record Settings(NatsBench.Dataset dataset, int seeds, int iterations, int population,
                           double switchAtFraction, boolean deduplicate) {
        public Settings {
            Objects.requireNonNull(dataset, "dataset");
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
     */
    public record Run(String method, long seed, Architecture best, double accuracy, double regret,
                      long expensiveCalls, long cheapCalls, Duration wallTime) {
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
            return m;
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

        /** A plain-text table for the console. */
        public String table() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "NAS-Bench-201 %s: true optimum %.2f%%, %d seeds, %d x %d, switch at"
                            + " %.2f, deduplicate %s%n", settings.dataset().id(), optimum, settings.seeds(),
                    settings.iterations(), settings.population(), settings.switchAtFraction(),
                    settings.deduplicate()));
            int width = Math.max(10, methods.stream().mapToInt(m -> m.method().length()).max().orElse(10));
            sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-15s  %-13s  %s%n", "method", "accuracy",
                    "regret", "expensive calls (of " + settings.paperBudget() + ")"));
            for (Summary m : methods) {
                sb.append(String.format(Locale.ROOT, "%-" + width + "s  %-15s  %-13s  %s = %.1f%%%n", m.method(),
                        m.accuracy().format(2), m.regret().format(2), m.expensiveCalls().format(0),
                        100 * m.expensiveFraction()));
            }
            Summary h = method(hybridMethod);
            Summary e = method("evolution");
            sb.append(String.format(Locale.ROOT, "hybrid vs evolution: %.2f points %s evolution's mean accuracy,"
                            + " with %.0f%% of evolution's expensive calls (%.1f%% of the nominal budget %d = %d"
                            + " iterations x %d); random search had the hybrid's budget%n",
                    Math.abs(e.accuracy().mean() - h.accuracy().mean()),
                    e.accuracy().mean() >= h.accuracy().mean() ? "below" : "above",
                    100 * h.expensiveCalls().mean() / e.expensiveCalls().mean(), 100 * h.expensiveFraction(),
                    settings.paperBudget(), settings.iterations(), settings.population()));
            return sb.toString();
        }

        /** The JSON form: one object per method. */
        public List<Map<String, Object>> toJson() {
            return methods.stream().map(Summary::toJson).toList();
        }
    }

    private SearchBenchmark() {
    }

    /**
     * Runs all three methods on every seed.
     *
     * @param table        the NATS-Bench table
     * @param settings     what to run
     * @param hybridMethod the hybrid's name in the report, e.g. {@code hybrid[proxy:cifar100]}
     * @param cheap        builds the hybrid's cheap predictor per seed
     * @param progress     told after each run (may be {@code null})
     */
    public static Report run(NatsBench table, Settings settings, String hybridMethod, CheapPredictorFactory cheap,
                             Progress progress) {
        long started = System.nanoTime();
        SearchSpace space = Nb201Space.space();
        double optimum = table.optimum(settings.dataset());
        List<Run> random = new ArrayList<>();
        List<Run> evolution = new ArrayList<>();
        List<Run> hybrid = new ArrayList<>();
        long total = 3L * settings.seeds();
        long done = 0;
        for (long seed = 1; seed <= settings.seeds(); seed++) {
            PerformancePredictor expensive = table.predictor(settings.dataset());

            CheapPredictor c = cheap.build(seed);
            SearchResult h = HybridSearch.builder().space(space).initialPredictor(c.predictor())
                    .finalPredictor(expensive).switchAtFraction(settings.switchAtFraction())
                    .iterations(settings.iterations()).populationSize(settings.population())
                    .parents(settings.parents()).mutations(settings.mutations()).crossovers(settings.crossovers())
                    .deduplicate(settings.deduplicate()).seed(seed).build().run();
            long hybridCalls = h.callsTo(expensive.name()) + c.expensiveCalls();
            hybrid.add(run(hybridMethod, seed, h, table, settings, optimum, hybridCalls,
                    h.callsTo(c.predictor().name())));
            report(progress, ++done, total, hybridMethod + " seed " + seed);

            SearchResult e = EvolutionarySearch.builder().space(space).predictor(expensive)
                    .iterations(settings.iterations()).populationSize(settings.population())
                    .parents(settings.parents()).mutations(settings.mutations()).crossovers(settings.crossovers())
                    .deduplicate(settings.deduplicate()).seed(seed).build().run();
            evolution.add(run("evolution", seed, e, table, settings, optimum, e.callsTo(expensive.name()), 0));
            report(progress, ++done, total, "evolution seed " + seed);

            // the same expensive budget as the hybrid on this seed, its cheap predictor's calls included
            SearchResult r = RandomSearch.builder().space(space).predictor(expensive)
                    .budget((int) Math.max(1, hybridCalls)).batchSize(settings.population()).seed(seed).build().run();
            random.add(run("random", seed, r, table, settings, optimum, r.callsTo(expensive.name()), 0));
            report(progress, ++done, total, "random seed " + seed);
        }
        List<Summary> summaries = List.of(summarize("random", random, settings),
                summarize("evolution", evolution, settings), summarize(hybridMethod, hybrid, settings));
        return new Report(settings, hybridMethod, optimum, summaries, Duration.ofNanos(System.nanoTime() - started));
    }

    private static void report(Progress progress, long done, long total, String detail) {
        if (progress != null) {
            progress.update(done, total, detail);
        }
    }

    private static Run run(String method, long seed, SearchResult result, NatsBench table, Settings settings,
                           double optimum, long expensiveCalls, long cheapCalls) {
        Architecture best = result.best().architecture();
        double accuracy = table.accuracy(best, settings.dataset());
        return new Run(method, seed, best, accuracy, optimum - accuracy, expensiveCalls, cheapCalls,
                result.wallTime());
    }

    private static Summary summarize(String method, List<Run> runs, Settings settings) {
        MeanStd calls = MeanStd.of(runs.stream().mapToDouble(Run::expensiveCalls).toArray());
        return new Summary(method, MeanStd.of(runs.stream().mapToDouble(Run::accuracy).toArray()),
                MeanStd.of(runs.stream().mapToDouble(Run::regret).toArray()), calls,
                calls.mean() / settings.paperBudget(), runs);
    }
}
