package dev.llmnas.core.spaces;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;

/**
 * Declares a search space; the result gets sampling, mutation, crossover, validation, canonical form,
 * encodings, definitions and parsing for free.
 *
 * <pre>{@code
 * SearchSpace space = SpaceBuilder.named("tiny-mlp")
 *     .integer("layers", 1, 4, "number of hidden layers")
 *     .perLayer("width", List.of(64, 128, 256), "layers", "units of each hidden layer")
 *     .categorical("activation", List.of("relu", "gelu"), "activation function")
 *     .metric("params", arch -> arch.getIntList("width").stream().mapToInt(w -> w * w).sum())
 *     .monotone("params")
 *     .build();
 * }</pre>
 *
 * <p>A metric declared here can be bounded by {@link dev.llmnas.core.Constraint#atMost(String, double)} and
 * reported on a Pareto front; a monotone one also has an exact range ({@link SearchSpace#metricRange}) in
 * spaces of any size, so that an unsatisfiable bound is refused before a search starts.
 */
public final class SpaceBuilder {
    private final String name;
    private final List<Dimension> dimensions = new ArrayList<>();
    private List<String> metricNames = List.of();
    private Function<Architecture, Map<String, Double>> metrics = a -> Map.of();
    /** Metrics declared one at a time with {@link #metric}, after those of {@link #metrics}. */
    private final Map<String, ToDoubleFunction<Architecture>> singleMetrics = new LinkedHashMap<>();
    private final Set<String> monotone = new LinkedHashSet<>();
    private final List<Function<SearchSpace, FeatureEncoding>> encodings = new ArrayList<>();
    private UnaryOperator<String> nameNormalizer = UnaryOperator.identity();

    private SpaceBuilder(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("space name: '" + name + "' must not be blank");
        }
        this.name = name;
    }

    /** Starts a space with this name. */
    public static SpaceBuilder named(String name) {
        return new SpaceBuilder(name);
    }

    /** A dimension taking one of {@code choices} (integers, doubles or strings). */
    public SpaceBuilder categorical(String name, List<?> choices, String definition) {
        return add(new Dimension(name, Dimension.Kind.CATEGORICAL, copy(choices), null, 1, definition));
    }

    /** An integer dimension taking every value of {@code [min, max]}. */
    public SpaceBuilder integer(String name, int min, int max, String definition) {
        if (min > max) {
            throw new IllegalArgumentException(name + ": min " + min + " is greater than max " + max);
        }
        List<Object> range = new ArrayList<>();
        IntStream.rangeClosed(min, max).forEach(range::add);
        return add(new Dimension(name, Dimension.Kind.INTEGER, range, null, 1, definition));
    }

    /**
     * A per-layer dimension: one value from {@code choices} for each active layer, where the number of active
     * layers is the value of the integer dimension {@code depth} (declared before or after this one). The
     * maximum length is the largest value of {@code depth}.
     */
    public SpaceBuilder perLayer(String name, List<Integer> choices, String depth, String definition) {
        Objects.requireNonNull(depth, "depth");
        return add(new Dimension(name, Dimension.Kind.PER_LAYER, copy(choices), depth, Integer.MAX_VALUE, definition));
    }

    /** A per-layer dimension of a fixed number of layers. */
    public SpaceBuilder perLayerFixed(String name, List<Integer> choices, int length, String definition) {
        return add(new Dimension(name, Dimension.Kind.PER_LAYER, copy(choices), null, length, definition));
    }

    /** A mutable copy for {@link Dimension} to check; null stays null so that Dimension names the field. */
    private static List<Object> copy(List<?> choices) {
        return choices == null ? null : new ArrayList<>(choices);
    }

    /**
     * Efficiency metrics: their names and a function computing them from a canonical architecture; the
     * function must return exactly the declared names. Default: no metrics.
     */
    public SpaceBuilder metrics(List<String> names, Function<Architecture, Map<String, Double>> function) {
        if (names == null) {
            throw new IllegalArgumentException("metric names: null; expected a list of names");
        }
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("metric name: '" + n + "' must not be blank");
            }
        }
        this.metricNames = List.copyOf(names);
        this.metrics = Objects.requireNonNull(function, "function");
        return this;
    }

    /**
     * Adds one efficiency metric computed by {@code function} from a canonical architecture (e.g. a parameter
     * count), next to those of {@link #metrics}; {@link SearchSpace#metricNames()} lists the metrics of
     * {@link #metrics} first, then these in the order added. The function must return a finite number for every
     * architecture of the space (a constraint on a metric that returns NaN fails the search, naming the
     * architecture). Default: no metrics.
     *
     * @param name     the metric's name, e.g. {@code params}; not blank, not declared before
     * @param function computes it
     * @throws IllegalArgumentException when the name is blank or already declared, or the function is null
     */
    public SpaceBuilder metric(String name, ToDoubleFunction<Architecture> function) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("metric name: '" + name + "' must not be blank");
        }
        if (singleMetrics.containsKey(name) || metricNames.contains(name)) {
            throw new IllegalArgumentException("metric " + name + ": declared twice");
        }
        singleMetrics.put(name, requireFunction(function));
        return this;
    }

    private static ToDoubleFunction<Architecture> requireFunction(ToDoubleFunction<Architecture> function) {
        if (function == null) {
            throw new IllegalArgumentException("metric function: null; expected a function of the architecture");
        }
        return function;
    }

    /**
     * Declares that these metrics never decrease when any numeric value grows: a larger choice of a numeric
     * dimension, of one layer of a per-layer dimension, or a larger depth (the added layers taking any values).
     * Parameter and FLOP counts of networks usually are. The space then knows each such metric's exact range
     * ({@link SearchSpace#metricRange}) from its smallest and largest architecture, however large the space.
     * Declaring a metric monotone that is not makes unsatisfiable-bound checks wrong. Default: none (ranges are
     * then known only for spaces of at most 100,000 architectures, by enumeration).
     *
     * @throws IllegalArgumentException when a name is blank; names not declared as metrics fail {@link #build()}
     */
    public SpaceBuilder monotone(String... metrics) {
        for (String m : metrics) {
            if (m == null || m.isBlank()) {
                throw new IllegalArgumentException("monotone metric: '" + m + "' must not be blank");
            }
            monotone.add(m);
        }
        return this;
    }

    /**
     * Adds a feature encoding built from the finished space; the first one added is the default. Without any,
     * the space offers the two generic encodings {@code means} (per-layer values averaged) and
     * {@code per-layer} (one feature per layer slot), {@code means} first; add them next to your own with
     * {@link #meansEncoding()} and {@link #perLayerEncoding()}. The factory runs while the space is being
     * built: it may read the space's name and dimensions, not its encodings.
     */
    public SpaceBuilder encoding(Function<SearchSpace, FeatureEncoding> encoding) {
        encodings.add(Objects.requireNonNull(encoding, "encoding"));
        return this;
    }

    /**
     * The generic {@code means} encoding: numeric dimensions divided by their largest absolute choice,
     * per-layer dimensions averaged over active layers, string dimensions one-hot.
     */
    public static Function<SearchSpace, FeatureEncoding> meansEncoding() {
        return space -> new GenericEncoding(space.dimensions(), false);
    }

    /** The generic {@code per-layer} encoding: like {@link #meansEncoding()}, one feature per layer slot. */
    public static Function<SearchSpace, FeatureEncoding> perLayerEncoding() {
        return space -> new GenericEncoding(space.dimensions(), true);
    }

    /**
     * Maps names read by {@link SearchSpace#parse} onto dimension names, e.g. to strip a suffix that another
     * tool writes. Default: identity.
     */
    public SpaceBuilder nameNormalizer(UnaryOperator<String> normalizer) {
        this.nameNormalizer = Objects.requireNonNull(normalizer, "normalizer");
        return this;
    }

    private SpaceBuilder add(Dimension d) {
        if (dimensions.stream().anyMatch(x -> x.name().equals(d.name()))) {
            throw new IllegalArgumentException(d.name() + ": declared twice");
        }
        dimensions.add(d);
        return this;
    }

    /**
     * Builds the space.
     *
     * @throws IllegalStateException when a per-layer dimension names a missing or non-integer depth dimension,
     *                               when the space has no dimensions, when metric names repeat, when a
     *                               monotone metric is not declared, or when two encodings share a name
     */
    public SearchSpace build() {
        if (dimensions.isEmpty()) {
            throw new IllegalStateException("space " + name + ": no dimensions declared");
        }
        List<String> allMetrics = new ArrayList<>(metricNames);
        allMetrics.addAll(singleMetrics.keySet());
        if (allMetrics.stream().distinct().count() != allMetrics.size()) {
            throw new IllegalStateException("space " + name + ": metric names " + allMetrics + " contain duplicates");
        }
        for (String m : monotone) {
            if (!allMetrics.contains(m)) {
                throw new IllegalStateException("monotone: '" + m + "' is not one of the metrics " + allMetrics
                        + " of space " + name);
            }
        }
        Function<Architecture, Map<String, Double>> bulk = metrics;
        Map<String, ToDoubleFunction<Architecture>> singles = new LinkedHashMap<>(singleMetrics);
        Function<Architecture, Map<String, Double>> all = singles.isEmpty() ? bulk : a -> {
            Map<String, Double> m = bulk.apply(a);
            Map<String, Double> out = new LinkedHashMap<>(m == null ? Map.of() : m);
            singles.forEach((n, f) -> out.put(n, f.applyAsDouble(a)));
            return out;
        };
        Map<String, Dimension> byName = new LinkedHashMap<>();
        dimensions.forEach(d -> byName.put(d.name(), d));
        List<Dimension> resolved = new ArrayList<>();
        for (Dimension d : dimensions) {
            if (d.kind() == Dimension.Kind.PER_LAYER && d.depth() != null) {
                Dimension depth = byName.get(d.depth());
                if (depth == null || depth.kind() == Dimension.Kind.PER_LAYER || !depth.isNumeric()
                        || depth.choices().stream().anyMatch(c -> !(c instanceof Integer i) || i < 0)) {
                    throw new IllegalStateException(d.name() + ": depth dimension '" + d.depth()
                            + "' must be a declared integer dimension with non-negative values");
                }
                int max = (int) depth.maxNumeric();
                d = new Dimension(d.name(), d.kind(), d.choices(), d.depth(), Math.max(1, max), d.definition());
            }
            resolved.add(d);
        }
        return new DeclarativeSearchSpace(name, resolved, allMetrics, all, List.copyOf(monotone), encodings,
                nameNormalizer);
    }
}
