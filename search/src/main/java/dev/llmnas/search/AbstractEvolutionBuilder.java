package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.SearchStrategy;
import java.util.List;
import java.util.function.Supplier;

/**
 * Settings of HAT's evolutionary search, shared by {@link HybridSearch} and {@link EvolutionarySearch}. Each
 * iteration scores the population, keeps the best {@code parents}, and fills the next population with
 * {@code mutations} mutated parents and {@code crossovers} uniform crossovers of two parents, each redrawn
 * until it satisfies every constraint. The defaults are HAT's and the paper's.
 *
 * @param <B> the concrete builder
 * @param <S> the strategy it builds
 */
public abstract class AbstractEvolutionBuilder<B extends AbstractEvolutionBuilder<B, S>, S extends SearchStrategy>
        extends AbstractSearchBuilder<B, S> {
    int iterations = 30;
    int populationSize = 125;
    int parents = 25;
    int mutations = 50;
    double mutationProbability = 0.3;
    int crossovers = 50;
    private boolean populationSizeSet;
    private boolean parentsSet;
    private boolean mutationsSet;
    private boolean crossoversSet;
    boolean deduplicate;
    Supplier<List<Architecture>> initialPopulation;

    AbstractEvolutionBuilder() {
    }

    /** Number of iterations (generations); each scores one population. At least 1. Default: 30. */
    public B iterations(int iterations) {
        this.iterations = atLeast("iterations", iterations, 1);
        return self();
    }

    /**
     * Candidates per iteration, {@code parents + mutations + crossovers}. Those of the three not set explicitly
     * are derived from what remains in HAT's 1:2:2 ratio: {@code populationSize(50)} alone gives 10 parents, 20
     * mutations and 20 crossovers; 125 gives HAT's 25/50/50; {@code populationSize(60).parents(20)} gives 20
     * mutations and 20 crossovers (with fewer than 2 parents, the rest are all mutations). When not set, it is
     * the sum of the three. At least 1. Default: 125.
     */
    public B populationSize(int populationSize) {
        this.populationSize = atLeast("populationSize", populationSize, 1);
        this.populationSizeSet = true;
        return self();
    }

    /**
     * The best candidates kept unchanged into the next population and bred from. At least 1. Default: 25, or a
     * fifth of an explicit {@link #populationSize} (see there).
     */
    public B parents(int parents) {
        this.parents = atLeast("parents", parents, 1);
        this.parentsSet = true;
        return self();
    }

    /**
     * Mutated parents per new population. At least 0. Default: 50, or two fifths of an explicit
     * {@link #populationSize} (see there).
     */
    public B mutations(int mutations) {
        this.mutations = atLeast("mutations", mutations, 0);
        this.mutationsSet = true;
        return self();
    }

    /** Probability that a mutation resamples each gene (each value, each active layer). In [0, 1]. Default: 0.3. */
    public B mutationProbability(double mutationProbability) {
        if (!(mutationProbability >= 0 && mutationProbability <= 1)) {
            throw new IllegalArgumentException("mutationProbability: " + mutationProbability
                    + " is not allowed; it must be in [0, 1]");
        }
        this.mutationProbability = mutationProbability;
        return self();
    }

    /**
     * Uniform crossovers of two distinct parents per new population. At least 0. Default: 50, or what an explicit
     * {@link #populationSize} leaves after parents and mutations (see there).
     */
    public B crossovers(int crossovers) {
        this.crossovers = atLeast("crossovers", crossovers, 0);
        this.crossoversSet = true;
        return self();
    }

    /**
     * Fills in the sizes not set explicitly: from an explicit population in HAT's 1:2:2 ratio, else the
     * population is the sum. Leaves conflicting explicit values for {@link #checkEvolution} to report.
     */
    private void deriveSizes() {
        if (!populationSizeSet) {
            populationSize = parents + mutations + crossovers;
            return;
        }
        int remaining = populationSize - (parentsSet ? parents : 0) - (mutationsSet ? mutations : 0)
                - (crossoversSet ? crossovers : 0);
        if (remaining < 0 || (parentsSet && mutationsSet && crossoversSet)) {
            return;
        }
        int weights = (parentsSet ? 0 : 1) + (mutationsSet ? 0 : 2) + (crossoversSet ? 0 : 2);
        if (!parentsSet) {
            parents = Math.max(1, Math.min(remaining, (int) Math.round(remaining * 1.0 / weights)));
            remaining -= parents;
            weights -= 1;
        }
        if (!mutationsSet && !crossoversSet) {
            crossovers = parents < 2 ? 0 : remaining / 2;
            mutations = remaining - crossovers;
        } else if (!mutationsSet) {
            mutations = remaining;
        } else if (!crossoversSet) {
            crossovers = remaining;
        }
    }

    /**
     * When true, a population never holds the same (canonical) architecture twice: a child equal to a parent or
     * to an earlier child is redrawn (within {@code maxTries}); when the parents have converged so far that 100
     * crossovers in a row are repeats, a mutation takes that crossover's place. More distinct candidates per
     * iteration means more exploration and more calls. Default: false (HAT's behaviour; duplicates cost no call
     * thanks to the cache).
     */
    public B deduplicate(boolean deduplicate) {
        this.deduplicate = deduplicate;
        return self();
    }

    /**
     * Where the first population comes from, e.g. an LLM proposer. It is called once per run (never again on
     * resume: its answer is checkpointed); each architecture is canonicalized (an invalid one fails the run),
     * ones that break a constraint are dropped with a warning, extra ones beyond {@code populationSize} are
     * ignored, and missing ones are filled with random samples. Default: none, random samples that satisfy the
     * constraints.
     */
    public B initialPopulation(Supplier<List<Architecture>> initialPopulation) {
        this.initialPopulation = requireArg("initialPopulation", initialPopulation,
                "a supplier of architectures");
        return self();
    }

    /** Checks the evolution settings; called by {@code build()}. */
    void checkEvolution() {
        deriveSizes();
        checkCommon();
        if (parents > populationSize) {
            throw new IllegalStateException("parents: " + parents + " exceeds populationSize " + populationSize);
        }
        if (parents + mutations + crossovers != populationSize) {
            throw new IllegalStateException("parents (" + parents + ") + mutations (" + mutations
                    + ") + crossovers (" + crossovers + ") = " + (parents + mutations + crossovers)
                    + " must equal populationSize (" + populationSize + ")");
        }
        if (crossovers > 0 && parents < 2) {
            throw new IllegalStateException("crossovers: " + crossovers + " need at least 2 parents, parents is "
                    + parents);
        }
    }
}
