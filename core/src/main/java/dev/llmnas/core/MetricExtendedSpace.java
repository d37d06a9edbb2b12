package dev.llmnas.core;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;
import java.util.random.RandomGenerator;

/** A space with one more metric; see {@link SearchSpace#withMetric}. Immutable and thread-safe. */
final class MetricExtendedSpace implements SearchSpace {
    private final SearchSpace base;
    private final String metric;
    private final ToDoubleFunction<Architecture> function;
    private final List<String> metricNames;

    MetricExtendedSpace(SearchSpace base, String metric, ToDoubleFunction<Architecture> function) {
        this.base = Objects.requireNonNull(base, "base");
        this.function = Objects.requireNonNull(function, "function");
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException("metric: '" + metric + "' must not be blank");
        }
        if (base.metricNames().contains(metric)) {
            throw new IllegalArgumentException("metric: '" + metric + "' is already a metric of space "
                    + base.name() + " " + base.metricNames());
        }
        this.metric = metric;
        List<String> names = new ArrayList<>(base.metricNames());
        names.add(metric);
        this.metricNames = Collections.unmodifiableList(names);
    }

    @Override
    public String name() {
        return base.name();
    }

    @Override
    public List<Dimension> dimensions() {
        return base.dimensions();
    }

    @Override
    public Architecture sample(RandomGenerator random) {
        return base.sample(random);
    }

    @Override
    public Architecture mutate(Architecture architecture, double probability, RandomGenerator random) {
        return base.mutate(architecture, probability, random);
    }

    @Override
    public Architecture crossover(Architecture a, Architecture b, RandomGenerator random) {
        return base.crossover(a, b, random);
    }

    @Override
    public void validate(Architecture architecture) {
        base.validate(architecture);
    }

    @Override
    public Architecture canonicalize(Architecture architecture) {
        return base.canonicalize(architecture);
    }

    @Override
    public FeatureEncoding encoding() {
        return base.encoding();
    }

    @Override
    public List<FeatureEncoding> encodings() {
        return base.encodings();
    }

    @Override
    public List<String> definitions() {
        return base.definitions();
    }

    @Override
    public List<String> metricNames() {
        return metricNames;
    }

    /** The base space's ranges for its own metrics; the added metric's range is unknown (empty). */
    @Override
    public java.util.Optional<MetricRange> metricRange(String name) {
        if (name.equals(metric)) {
            return java.util.Optional.empty();
        }
        return base.metricRange(name);
    }

    @Override
    public List<Architecture> neighbours(Architecture architecture) {
        return base.neighbours(architecture);
    }

    @Override
    public Map<String, Double> metrics(Architecture architecture) {
        Map<String, Double> m = new LinkedHashMap<>(base.metrics(architecture));
        m.put(metric, function.applyAsDouble(base.canonicalize(architecture)));
        return Collections.unmodifiableMap(m);
    }

    @Override
    public double metric(Architecture architecture, String name) {
        if (name.equals(metric)) {
            return function.applyAsDouble(base.canonicalize(architecture));
        }
        if (!metricNames.contains(name)) {
            throw new IllegalArgumentException("metric: '" + name + "' is not one of " + metricNames
                    + " of space " + name());
        }
        return base.metric(architecture, name);
    }

    @Override
    public List<String> describe(Architecture architecture) {
        return base.describe(architecture);
    }

    @Override
    public Architecture parse(List<String> lines) {
        return base.parse(lines);
    }

    @Override
    public String toString() {
        return base + " + metric " + metric;
    }
}
