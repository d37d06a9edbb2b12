package dev.llmnas.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * A set of architectures with the operators a search needs. Implementations are immutable and thread-safe;
 * every operator takes its randomness from the caller so that runs with the same seed repeat exactly.
 *
 * <p>Build your own with {@link dev.llmnas.core.spaces.SpaceBuilder}; built-ins live in
 * {@link dev.llmnas.core.spaces.HatSpaces} and {@link dev.llmnas.core.spaces.Nb201Space}.
 */
public interface SearchSpace {

    /** The space's name, e.g. {@code hat-wmt14ende}. */
    String name();

    /** The dimensions in canonical order. */
    List<Dimension> dimensions();

    /** The dimension with this name, if any. */
    default Optional<Dimension> dimension(String name) {
        return dimensions().stream().filter(d -> d.name().equals(name)).findFirst();
    }

    /**
     * A random canonical architecture: each dimension, and each active layer of a per-layer dimension, drawn
     * uniformly from its choices (so depths are uniform, not architectures).
     */
    Architecture sample(RandomGenerator random);

    /** Resamples each gene (each value; each active layer of a per-layer value) with {@code probability}. */
    Architecture mutate(Architecture architecture, double probability, RandomGenerator random);

    /** Uniform crossover: each gene from either parent with equal chance. */
    Architecture crossover(Architecture a, Architecture b, RandomGenerator random);

    /**
     * Checks that an architecture belongs to the space.
     *
     * @throws InvalidArchitectureException naming the dimension, the bad value and the allowed values
     */
    void validate(Architecture architecture);

    /**
     * The validated canonical form: dimensions in canonical order, per-layer values beyond the active depth
     * dropped, so that architectures that behave the same are equal and share a {@link Architecture#key()}.
     */
    Architecture canonicalize(Architecture architecture);

    /** The default feature encoding. */
    FeatureEncoding encoding();

    /** All encodings this space offers; the first is {@link #encoding()}. */
    default List<FeatureEncoding> encodings() {
        return List.of(encoding());
    }

    /** The encoding with this name, or an exception listing the ones available. */
    default FeatureEncoding encoding(String name) {
        return encodings().stream().filter(e -> e.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("encoding: '" + name + "' is not one of "
                        + encodings().stream().map(FeatureEncoding::name).toList() + " of space " + name()));
    }

    /** Shorthand for {@code encoding().encode(architecture)}. */
    default double[] encode(Architecture architecture) {
        return encoding().encode(architecture);
    }

    /** Shorthand for {@code encoding().featureNames()}. */
    default List<String> featureNames() {
        return encoding().featureNames();
    }

    /** Each dimension's meaning in words, as {@code name: definition} lines, in canonical order. */
    default List<String> definitions() {
        return dimensions().stream().map(d -> d.name() + ": " + d.definition()).toList();
    }

    /** Names of the efficiency metrics {@link #metrics} computes (may be empty). */
    List<String> metricNames();

    /** Efficiency metrics of an architecture by name, e.g. {@code params}, {@code flops}. */
    Map<String, Double> metrics(Architecture architecture);

    /**
     * The exact smallest and largest value of one of {@link #metricNames()} over the whole space, when the space
     * can establish them; a constraint outside this range is unsatisfiable (see
     * {@link Constraint#unsatisfiableReason}). Spaces made by {@link dev.llmnas.core.spaces.SpaceBuilder}
     * (including the built-in HAT and NAS-Bench-201 spaces) compute it by enumerating every architecture when the
     * space holds at most 100,000 of them, and otherwise for metrics declared monotone with
     * {@link dev.llmnas.core.spaces.SpaceBuilder#monotone} by evaluating the smallest and the largest
     * architecture (every numeric value, depth included, at its smallest or largest choice; string dimensions
     * enumerated). The result is computed once per metric and kept.
     *
     * @param metric one of {@link #metricNames()}
     * @return the range, or empty when the space cannot establish it (then no constraint on the metric is ever
     *         called unsatisfiable up front). Default: empty.
     * @throws IllegalArgumentException when {@code metric} is not one of {@link #metricNames()}
     */
    default Optional<MetricRange> metricRange(String metric) {
        if (!metricNames().contains(metric)) {
            throw new IllegalArgumentException("metric: '" + metric + "' is not one of " + metricNames()
                    + " of space " + name());
        }
        return Optional.empty();
    }

    /**
     * The canonical architectures one step away from {@code architecture}: one value (or one layer's value) moved
     * to the adjacent choice (numeric choices ordered by value; a string dimension's value replaced by each other
     * choice). When a depth grows, the new layers repeat the last layer's values. Steps the space rejects are left
     * out. Searches use it to repair candidates that break a bound on a metric.
     *
     * @param architecture an architecture of this space
     * @return the neighbours, in dimension order, possibly with repeats
     * @throws InvalidArchitectureException when {@code architecture} is not in the space
     */
    default List<Architecture> neighbours(Architecture architecture) {
        return SpaceDefinitions.neighbours(this, architecture);
    }

    /**
     * A stable fingerprint of the space's definition: the lower-case hexadecimal SHA-256 (64 characters) of
     * {@link #canonicalDefinition()}. Two spaces with the same dimensions (names, kinds, depth links, lengths,
     * choices in order) and the same metric names share it, whatever their names; any change to those changes
     * it. Checkpoints store it so that a run is never resumed in a different space; it is stable across JVMs and
     * library versions (the description format is versioned).
     *
     * @return 64 hexadecimal characters
     */
    default String fingerprint() {
        return SpaceDefinitions.sha256Hex(canonicalDefinition());
    }

    /**
     * The text {@link #fingerprint()} hashes: a first line {@code llmnas-space-definition v1}; then one line per
     * dimension in canonical order, {@code dimension "<name>" <KIND> depth=<"name" or -> maxLength=<n>
     * choices=[<typed choices in declared order>]} with choices written {@code i:3}, {@code d:<Double.toHexString>}
     * or {@code s:"text"}; then {@code metrics ["a","b"]}. Names and strings are quoted with {@code "} and
     * {@code \} escaped. The space's name, the definitions in words and the encodings are not part of it.
     */
    default String canonicalDefinition() {
        return SpaceDefinitions.canonicalDescription(this);
    }

    /** One metric, or an exception naming the metric and the ones available. */
    default double metric(Architecture architecture, String metric) {
        Double v = metrics(architecture).get(metric);
        if (v == null) {
            throw new IllegalArgumentException("metric: '" + metric + "' is not one of " + metricNames()
                    + " of space " + name());
        }
        return v;
    }

    /** {@code name: value} lines, one per dimension (lists as {@code [a, b]}): how prompts show an architecture. */
    List<String> describe(Architecture architecture);

    /**
     * Parses {@code name: value} lines (as written by {@link #describe} or by the paper's {@code arch_info})
     * into a canonical architecture, without evaluating anything.
     *
     * @throws InvalidArchitectureException when a line is malformed or a value is not allowed
     */
    Architecture parse(List<String> lines);

    /**
     * This space with one more named efficiency metric, e.g. a latency model ({@code latency-titanxp}): the
     * returned space has the same name, dimensions, operators and encodings, lists {@code metric} last in
     * {@link #metricNames()} and adds its value to {@link #metrics}, so that
     * {@link Constraint#atMost(String, double)}, command-line constraints and search reports see it like any
     * built-in metric.
     *
     * @param metric   the metric's name, not one of {@link #metricNames()}
     * @param function computes the metric of a canonical architecture of this space; must be thread-safe
     * @return a new immutable space; this one is unchanged
     * @throws IllegalArgumentException when the name is blank or already a metric of this space
     */
    default SearchSpace withMetric(String metric, java.util.function.ToDoubleFunction<Architecture> function) {
        return new MetricExtendedSpace(this, metric, function);
    }
}
