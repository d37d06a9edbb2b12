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
import java.util.function.Function;
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
 *     .build();
 * }</pre>
 */
public final class SpaceBuilder {
    private final String name;
    private final List<Dimension> dimensions = new ArrayList<>();
    private List<String> metricNames = List.of();
    private Function<Architecture, Map<String, Double>> metrics = a -> Map.of();
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
     *                               when the space has no dimensions, when metric names repeat, or when two
     *                               encodings share a name
     */
    public SearchSpace build() {
        if (dimensions.isEmpty()) {
            throw new IllegalStateException("space " + name + ": no dimensions declared");
        }
        if (metricNames.stream().distinct().count() != metricNames.size()) {
            throw new IllegalStateException("space " + name + ": metric names " + metricNames + " contain duplicates");
        }
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
        return new DeclarativeSearchSpace(name, resolved, metricNames, metrics, encodings, nameNormalizer);
    }
}
