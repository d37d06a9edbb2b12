package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.SearchStrategy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.function.ToDoubleFunction;

/**
 * Settings every search strategy shares. Setters reject bad values at once with an
 * {@link IllegalArgumentException} naming the setting, the value and what is allowed; {@code build()} checks
 * how settings relate and throws {@link IllegalStateException}. A builder is not thread-safe; what it builds is
 * immutable and thread-safe.
 *
 * @param <B> the concrete builder, returned by every setter for chaining
 * @param <S> the strategy it builds
 */
public abstract class AbstractSearchBuilder<B extends AbstractSearchBuilder<B, S>, S extends SearchStrategy> {
    SearchSpace space;
    final List<Constraint> constraints = new ArrayList<>();
    long seed;
    final List<SearchListener> listeners = new ArrayList<>();
    ExecutorService executor;
    Path checkpoint;
    String paretoMetric;
    ToDoubleFunction<Architecture> paretoFunction;
    int maxTries = 10_000;

    /** Only this package's builders extend it. */
    AbstractSearchBuilder() {
    }

    @SuppressWarnings("unchecked")
    final B self() {
        return (B) this;
    }

    /** Builds the immutable strategy, checking how the settings relate. */
    public abstract S build();

    /** The space to search. Required; no default. */
    public B space(SearchSpace space) {
        this.space = requireArg("space", space, "a SearchSpace");
        return self();
    }

    /**
     * Adds a constraint every candidate must satisfy (e.g. {@code Constraint.atMost("flops", 3.0e9)} or a bound
     * on a user-supplied latency model). Default: no constraints.
     */
    public B constraint(Constraint constraint) {
        constraints.add(requireArg("constraint", constraint, "a Constraint"));
        return self();
    }

    /** Replaces all constraints with these. Default: no constraints. */
    public B constraints(Collection<? extends Constraint> constraints) {
        requireArg("constraints", constraints, "a collection of Constraint (possibly empty)");
        List<Constraint> copy = new ArrayList<>();
        for (Constraint c : constraints) {
            copy.add(requireArg("constraints element", c, "a Constraint"));
        }
        this.constraints.clear();
        this.constraints.addAll(copy);
        return self();
    }

    /** The seed of the run's random generator; the same seed repeats a run bit for bit. Default: 0. */
    public B seed(long seed) {
        this.seed = seed;
        return self();
    }

    /** Adds a listener told about each iteration (e.g. a progress bar). Default: none. */
    public B listener(SearchListener listener) {
        listeners.add(requireArg("listener", listener, "a SearchListener"));
        return self();
    }

    /**
     * Scores the candidates of an iteration in parallel on this executor, one task per architecture not yet
     * scored (the predictors must then be thread-safe). The search never shuts the executor down. Results
     * do not depend on it. Default: none, scoring runs on the calling thread.
     */
    public B executor(ExecutorService executor) {
        this.executor = requireArg("executor", executor, "an ExecutorService");
        return self();
    }

    /**
     * Writes the run's state to this JSON file after every iteration (atomically: a temporary file moved in
     * place) and journals every predictor call as it returns (in a sibling file {@code <name>.calls.jsonl}),
     * so a killed run can be finished exactly as an uninterrupted one would, without repeating a call. When the
     * file already exists, {@code run()} continues it (a finished run just returns its result, without calls);
     * a file written by another configuration is refused rather than overwritten (delete it to start afresh).
     * Default: none, no checkpoint is written.
     */
    public B checkpoint(Path checkpoint) {
        this.checkpoint = requireArg("checkpoint", checkpoint, "a file path");
        return self();
    }

    /**
     * Reports the Pareto front of final-predictor score against this metric of the space (e.g. {@code flops};
     * smaller is taken as better) over every architecture the final predictor scored. Default: none, the
     * result's front is empty.
     */
    public B paretoMetric(String metric) {
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("paretoMetric: '" + metric + "' must be a metric name of the space");
        }
        this.paretoMetric = metric;
        this.paretoFunction = null;
        return self();
    }

    /**
     * Reports the Pareto front of final-predictor score against a user-supplied metric (e.g. a latency model;
     * smaller is taken as better). Default: none, the result's front is empty.
     */
    public B paretoMetric(String name, ToDoubleFunction<Architecture> metric) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("paretoMetric: name '" + name + "' must not be blank");
        }
        this.paretoFunction = requireArg("paretoMetric function", metric, "a function of the architecture");
        this.paretoMetric = name;
        return self();
    }

    /**
     * How many candidates the search draws at most to find one that satisfies every constraint (and, when
     * deduplicating, is new). When none of them does, it repairs up to 100 further draws toward the metric bounds
     * (each step moving one value to an adjacent choice that brings the candidate closer to the bounds, see
     * {@link SearchSpace#neighbours}); only when that fails too does it give up with a {@link SamplingException}
     * rather than loop forever. Raise it when feasible architectures are rare and repair is not wanted: repaired
     * candidates lie near the bounds. At least 1. Default: 10,000.
     */
    public B maxTries(int maxTries) {
        this.maxTries = atLeast("maxTries", maxTries, 1);
        return self();
    }

    static <T> T requireArg(String field, T value, String allowed) {
        if (value == null) {
            throw new IllegalArgumentException(field + ": null; expected " + allowed);
        }
        return value;
    }

    /** Refuses a switch point given both as an iteration and as a fraction of the iterations. */
    static void checkOneSwitch(Integer switchAt, Double switchAtFraction) {
        if (switchAt != null && switchAtFraction != null) {
            throw new IllegalStateException("switchAt (" + switchAt + ") and switchAtFraction ("
                    + switchAtFraction + ") are both set; set only one");
        }
    }

    /**
     * The first iteration ranked by the final predictor: {@code switchAt} when set, else the fraction of the
     * iterations (rounded down), else {@code iterations / 2} as in the paper.
     *
     * @throws IllegalStateException when it exceeds {@code iterations}
     */
    static int switchIteration(Integer switchAt, Double switchAtFraction, int iterations) {
        int at = switchAt != null ? switchAt
                : switchAtFraction != null ? (int) Math.floor(switchAtFraction * iterations + 1e-9)
                : iterations / 2;
        if (at > iterations) {
            throw new IllegalStateException("switchAt: " + at + " exceeds iterations " + iterations);
        }
        return at;
    }

    static int atLeast(String field, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(field + ": " + value + " is not allowed; it must be at least " + min);
        }
        return value;
    }

    /**
     * Checks the settings every strategy shares; called by {@code build()}. A constraint shown unsatisfiable in
     * the space ({@link Constraint#unsatisfiableReason}) is refused here, before any work.
     */
    void checkCommon() {
        if (space == null) {
            throw new IllegalStateException("space: not set; call space(..) with the SearchSpace to search");
        }
        for (Constraint c : constraints) {
            c.asMetricBound().filter(b -> b.onSpaceMetric() && !space.metricNames().contains(b.metric()))
                    .ifPresent(b -> {
                        throw new IllegalStateException("constraint " + b.description() + ": metric '" + b.metric()
                                + "' is not one of " + space.metricNames() + " of space " + space.name()
                                + "; declare it on the space (SpaceBuilder.metric) or pass a function for user"
                                + " metrics");
                    });
        }
        for (Constraint c : constraints) {
            c.unsatisfiableReason(space).ifPresent(reason -> {
                throw new IllegalStateException(reason);
            });
        }
        if (paretoMetric != null && paretoFunction == null && !space.metricNames().contains(paretoMetric)) {
            throw new IllegalStateException("paretoMetric: '" + paretoMetric + "' is not one of "
                    + space.metricNames() + " of space " + space.name() + "; pass a function for user metrics");
        }
    }

    static void checkNames(List<Plan.Phase> phases) {
        for (int i = 0; i < phases.size(); i++) {
            for (int j = i + 1; j < phases.size(); j++) {
                var a = phases.get(i).predictor();
                var b = phases.get(j).predictor();
                if (a != b && Objects.equals(a.name(), b.name())) {
                    throw new IllegalStateException("predictors: two different predictors are both named '"
                            + a.name() + "'; calls and caches are kept by name, so give them distinct names");
                }
            }
        }
    }
}
