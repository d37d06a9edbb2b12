package dev.llmnas.benchmarks;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.CountingPredictor;
import dev.llmnas.core.Direction;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.predictors.XGBoostDistiller;
import dev.llmnas.search.EvolutionarySearch;
import dev.llmnas.search.HybridSearch;
import io.jenetics.Genotype;
import io.jenetics.IntegerChromosome;
import io.jenetics.IntegerGene;
import io.jenetics.Mutator;
import io.jenetics.Phenotype;
import io.jenetics.TruncationSelector;
import io.jenetics.UniformCrossover;
import io.jenetics.engine.Engine;
import io.jenetics.engine.EvolutionResult;
import io.jenetics.engine.RetryConstraint;
import io.jenetics.util.RandomRegistry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The search engine's own cost (sampling, mutation, crossover, constraint checks, encoding, caching,
 * bookkeeping) on the HAT space, with a cheap predictor (a fixed linear function of the {@code means}
 * encoding, or an XGBoost student distilled from it) so that the engine dominates. Compared with Jenetics 7.2 running the same search problem: the same
 * genes (one integer gene per HAT value, 6 slots per per-layer dimension), the same decoding into an
 * {@link Architecture}, the same predictor and constraint, population 125 with the best 25 surviving and 100
 * offspring bred from them by mutation (0.3) and uniform crossover, 30 generations, single-threaded.
 *
 * <p>Each benchmark op is one full 30 &times; 125 search, timed one by one (sample mode, so the table has
 * medians: {@code p0.50}); the teardown prints the fitness evaluations per search of each engine, to turn times
 * into cost per candidate and per evaluation. {@code predictorOnly} ({@code predict} one by one, as Jenetics
 * calls it) and {@code predictorBatched} ({@code predictAll} per 125, as llmnas calls it) score 3,750
 * architectures with the predictor alone: the floors under the two engines.
 *
 * <pre>
 * mvn -B -q -o -pl benchmarks -am package -DskipTests
 * for c in none flops; do for p in linear xgboost; do
 *   java -jar benchmarks/target/llmnas-benchmarks.jar SearchOverheadBenchmark -p constraint=$c -p predictor=$p \
 *       -f 1 -wi 3 -i 5 -w 1s -r 1s -rf json -rff jmh-$c-$p.json
 * done; done
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class SearchOverheadBenchmark {
    private static final int ITERATIONS = 30;
    private static final int POPULATION = 125;
    private static final int PARENTS = 25;

    /** {@code none}, or {@code flops}: at most 3.0 GFLOPs and 40M parameters, checked on every candidate. */
    @Param({"none", "flops"})
    public String constraint;

    /**
     * {@code linear}: fixed linear functions of the encoding; {@code xgboost}: XGBoost students distilled (300
     * rounds, depth 6) from those linear functions on 1,000 random HAT architectures, as LLM-Distill-PP's are.
     */
    @Param({"linear", "xgboost"})
    public String predictor;

    private SearchSpace space;
    private List<Constraint> constraints;
    private CountingPredictor cheap;
    private CountingPredictor cheap2;
    /** The same function as {@code cheap2}, counted apart. */
    private CountingPredictor jeneticsFitness;
    private Engine<IntegerGene, Double> jenetics;
    private List<Architecture> samples;
    private long seed;
    private final AtomicLong ourRuns = new AtomicLong();
    private final AtomicLong ourCalls = new AtomicLong();
    private final AtomicLong jeneticsRuns = new AtomicLong();

    /** A fixed linear function of an encoding: a fraction of a microsecond, so the engine's cost shows. */
    static final class Linear implements PerformancePredictor {
        private final String name;
        private final FeatureEncoding encoding;
        private final double[] weights;

        Linear(String name, SearchSpace space, long seed) {
            this.name = name;
            this.encoding = space.encoding();
            this.weights = new double[encoding.size()];
            SplittableRandom r = new SplittableRandom(seed);
            for (int i = 0; i < weights.length; i++) {
                weights[i] = r.nextDouble(-1, 1);
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        public double predict(Architecture architecture) {
            double[] x = new double[weights.length];
            encoding.encode(architecture, x, 0);
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += weights[i] * x[i];
            }
            return s;
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        space = HatSpaces.wmt14ende();
        constraints = constraint.equals("none") ? List.of()
                : List.of(Constraint.atMost(HatSpaces.FLOPS, 3.0e9), Constraint.atMost(HatSpaces.PARAMS, 40e6));
        PerformancePredictor a = new Linear("linear-a", space, 1);
        PerformancePredictor b = new Linear("linear-b", space, 2);
        if (predictor.equals("xgboost")) {
            List<Architecture> pool = new ArrayList<>();
            SplittableRandom p = new SplittableRandom(4);
            for (int i = 0; i < 1000; i++) {
                pool.add(space.sample(p));
            }
            XGBoostDistiller distiller = XGBoostDistiller.builder().seed(1).rounds(300).maxDepth(6).build();
            a = distiller.distill(a, space, pool);
            b = distiller.distill(b, space, pool);
            // the two students are named after their teachers: distinct names, as HybridSearch requires
        }
        cheap = new CountingPredictor(a);
        cheap2 = new CountingPredictor(b);
        jeneticsFitness = new CountingPredictor(b);
        jenetics = jeneticsEngine();
        samples = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        while (samples.size() < ITERATIONS * POPULATION) {
            Architecture sample = space.sample(r);
            if (feasible(sample)) {
                samples.add(sample);
            }
        }
    }

    @TearDown(Level.Trial)
    public void report() {
        if (ourRuns.get() > 0) {
            System.out.printf("%n[constraint=%s, predictor=%s] llmnas: %.0f predictor calls per search over %d"
                    + " candidates%n", constraint, predictor, ourCalls.get() / (double) ourRuns.get(),
                    ITERATIONS * POPULATION);
        }
        if (jeneticsRuns.get() > 0) {
            System.out.printf("%n[constraint=%s, predictor=%s] jenetics: %.0f fitness evaluations per search over %d"
                    + " candidates%n", constraint, predictor, jeneticsFitness.calls() / (double) jeneticsRuns.get(),
                    ITERATIONS * POPULATION);
        }
    }

    private boolean feasible(Architecture a) {
        for (Constraint c : constraints) {
            if (!c.isSatisfiedBy(a, space)) {
                return false;
            }
        }
        return true;
    }

    /** A full HS-NAS run: 15 iterations ranked by one cheap predictor, 15 by another. */
    @Benchmark
    public SearchResult hybridSearch() {
        SearchResult r = HybridSearch.builder().space(space).initialPredictor(cheap).finalPredictor(cheap2)
                .constraints(constraints).seed(seed++).build().run();
        ourRuns.incrementAndGet();
        ourCalls.addAndGet(r.calls().values().stream().mapToLong(Long::longValue).sum());
        return r;
    }

    /** HAT's evolution with one predictor: the same problem the Jenetics engine solves. */
    @Benchmark
    public SearchResult evolution() {
        SearchResult r = EvolutionarySearch.builder().space(space).predictor(cheap2).constraints(constraints)
                .seed(seed++).build().run();
        ourRuns.incrementAndGet();
        ourCalls.addAndGet(r.calls().values().stream().mapToLong(Long::longValue).sum());
        return r;
    }

    /** Jenetics 7.2 on the same genes, decoding, predictor and constraints. */
    @Benchmark
    public Phenotype<IntegerGene, Double> jenetics() {
        long s = seed++;
        Phenotype<IntegerGene, Double> best = RandomRegistry.with(new SplittableRandom(s),
                r -> jenetics.stream().limit(ITERATIONS).collect(EvolutionResult.toBestPhenotype()));
        jeneticsRuns.incrementAndGet();
        return best;
    }

    /**
     * The predictor alone through {@code predictAll} in 30 batches of 125, the way the llmnas engine calls it
     * (Jenetics calls {@code predict} one at a time, as {@link #predictorOnly} does).
     */
    @Benchmark
    public double predictorBatched() {
        double s = 0;
        for (int i = 0; i < samples.size(); i += POPULATION) {
            for (double v : cheap2.predictAll(samples.subList(i, Math.min(samples.size(), i + POPULATION)))) {
                s += v;
            }
        }
        return s;
    }

    /** The predictor alone on as many architectures as a search has candidates: the floor under both engines. */
    @Benchmark
    public double predictorOnly() {
        double s = 0;
        for (Architecture a : samples) {
            s += cheap2.predict(a);
        }
        return s;
    }

    // ---- the Jenetics side ------------------------------------------------------------------------------

    private Engine<IntegerGene, Double> jeneticsEngine() {
        List<IntegerChromosome> chromosomes = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (var d : space.dimensions()) {
            int n = d.choices().size();
            int length = d.kind() == dev.llmnas.core.Dimension.Kind.PER_LAYER ? d.maxLength() : 1;
            // IntegerChromosome.of(min, max, length) takes an exclusive max: indices 0 .. n-1
            chromosomes.add(IntegerChromosome.of(0, n, length));
            names.add(d.name());
        }
        var dims = space.dimensions();
        Genotype<IntegerGene> prototype = Genotype.of(chromosomes);
        java.util.function.Function<Genotype<IntegerGene>, Architecture> decode = g -> {
            Map<String, Object> values = new LinkedHashMap<>();
            Object[] scalars = new Object[dims.size()];
            for (int i = 0; i < dims.size(); i++) {
                var d = dims.get(i);
                if (d.kind() != dev.llmnas.core.Dimension.Kind.PER_LAYER) {
                    scalars[i] = d.choices().get(g.get(i).get(0).intValue());
                }
            }
            for (int i = 0; i < dims.size(); i++) {
                var d = dims.get(i);
                if (d.kind() == dev.llmnas.core.Dimension.Kind.PER_LAYER) {
                    int depthIndex = names.indexOf(d.depth());
                    int active = depthIndex < 0 ? d.maxLength() : (Integer) scalars[depthIndex];
                    List<Integer> layers = new ArrayList<>(active);
                    for (int l = 0; l < active; l++) {
                        layers.add((Integer) d.choices().get(g.get(i).get(l).intValue()));
                    }
                    values.put(d.name(), layers);
                } else {
                    values.put(d.name(), scalars[i]);
                }
            }
            return Architecture.of(values);
        };
        Engine.Builder<IntegerGene, Double> b = Engine.builder(g -> jeneticsFitness.predict(decode.apply(g)), prototype)
                .populationSize(POPULATION)
                .survivorsSize(PARENTS)
                .survivorsSelector(new TruncationSelector<>())
                .offspringSelector(new TruncationSelector<>(PARENTS))
                .alterers(new UniformCrossover<>(0.5), new Mutator<>(0.3))
                .maximizing()
                .executor(Runnable::run);
        if (!constraints.isEmpty()) {
            b.constraint(RetryConstraint.of(p -> feasible(decode.apply(p.genotype()))));
        }
        return b.build();
    }
}
