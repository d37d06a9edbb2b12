package dev.llmnas.core.spaces;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.MetricRange;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** A search space made by {@link SpaceBuilder}. Immutable and thread-safe. */
final class DeclarativeSearchSpace implements SearchSpace {
    private static final Pattern INT = Pattern.compile("[-+]?\\d+");
    private static final Pattern LINE = Pattern.compile("\\s*([^:]+?)\\s*:\\s*(.*?)\\s*");

    private final String name;
    private final List<Dimension> dimensions;
    private final Dimension[] dims;
    /** For each dimension, the index of its depth dimension, or -1. */
    private final int[] depthIndex;
    private final Map<String, Integer> indexByName = new HashMap<>();
    private final List<String> metricNames;
    private final Function<Architecture, Map<String, Double>> metrics;
    private final List<FeatureEncoding> encodings;
    private final UnaryOperator<String> nameNormalizer;
    private final Set<String> monotone;
    /** Ranges computed so far (absent key: not yet computed; empty: cannot be established). */
    private final Map<String, Optional<MetricRange>> ranges = new ConcurrentHashMap<>();

    /** Spaces up to this many architectures get exact metric ranges by enumeration. */
    static final double ENUMERATION_LIMIT = 100_000;

    DeclarativeSearchSpace(String name, List<Dimension> dimensions, List<String> metricNames,
                           Function<Architecture, Map<String, Double>> metrics, List<String> monotone,
                           List<Function<SearchSpace, FeatureEncoding>> encodingFactories,
                           UnaryOperator<String> nameNormalizer) {
        this.monotone = Set.copyOf(monotone);
        this.name = name;
        this.dimensions = List.copyOf(dimensions);
        this.dims = this.dimensions.toArray(new Dimension[0]);
        this.depthIndex = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            indexByName.put(dims[i].name(), i);
        }
        for (int i = 0; i < dims.length; i++) {
            depthIndex[i] = dims[i].depth() == null ? -1 : indexByName.get(dims[i].depth());
        }
        this.metricNames = List.copyOf(metricNames);
        this.metrics = metrics;
        this.nameNormalizer = nameNormalizer;
        List<FeatureEncoding> list = new ArrayList<>();
        if (encodingFactories.isEmpty()) {
            list.add(new GenericEncoding(this.dimensions, false));
            list.add(new GenericEncoding(this.dimensions, true));
        } else {
            encodingFactories.forEach(f -> list.add(Objects.requireNonNull(f.apply(this),
                    "an encoding factory of space " + name + " returned null")));
        }
        if (list.stream().map(FeatureEncoding::name).distinct().count() != list.size()) {
            throw new IllegalStateException("space " + name + ": encodings "
                    + list.stream().map(FeatureEncoding::name).toList() + " share a name");
        }
        this.encodings = List.copyOf(list);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<Dimension> dimensions() {
        return dimensions;
    }

    // ---- operators -------------------------------------------------------------------------------------

    @Override
    public Architecture sample(RandomGenerator random) {
        Object[] values = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].kind() != Dimension.Kind.PER_LAYER) {
                values[i] = pick(dims[i], random);
            }
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].kind() == Dimension.Kind.PER_LAYER) {
                int len = activeLength(i, values);
                Integer[] layers = new Integer[len];
                for (int l = 0; l < len; l++) {
                    layers[l] = (Integer) pick(dims[i], random);
                }
                values[i] = List.of(layers);
            }
        }
        return assemble(values);
    }

    @Override
    public Architecture mutate(Architecture architecture, double probability, RandomGenerator random) {
        if (!(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("probability: " + probability + " must be in [0, 1]");
        }
        Object[] parent = valuesOf(canonicalize(architecture));
        Object[] values = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].kind() != Dimension.Kind.PER_LAYER) {
                values[i] = random.nextDouble() < probability ? pick(dims[i], random) : parent[i];
            }
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].kind() == Dimension.Kind.PER_LAYER) {
                @SuppressWarnings("unchecked")
                List<Integer> old = (List<Integer>) parent[i];
                int len = activeLength(i, values);
                Integer[] layers = new Integer[len];
                for (int l = 0; l < len; l++) {
                    if (l < old.size() && random.nextDouble() >= probability) {
                        layers[l] = old.get(l);
                    } else {
                        layers[l] = (Integer) pick(dims[i], random);
                    }
                }
                values[i] = List.of(layers);
            }
        }
        return assemble(values);
    }

    @Override
    public Architecture crossover(Architecture a, Architecture b, RandomGenerator random) {
        Object[] pa = valuesOf(canonicalize(a));
        Object[] pb = valuesOf(canonicalize(b));
        Object[] values = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].kind() != Dimension.Kind.PER_LAYER) {
                values[i] = random.nextBoolean() ? pa[i] : pb[i];
            }
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i].kind() == Dimension.Kind.PER_LAYER) {
                @SuppressWarnings("unchecked")
                List<Integer> la = (List<Integer>) pa[i];
                @SuppressWarnings("unchecked")
                List<Integer> lb = (List<Integer>) pb[i];
                int len = activeLength(i, values);
                Integer[] layers = new Integer[len];
                for (int l = 0; l < len; l++) {
                    boolean fromA = random.nextBoolean();
                    List<Integer> first = fromA ? la : lb;
                    List<Integer> second = fromA ? lb : la;
                    if (l < first.size()) {
                        layers[l] = first.get(l);
                    } else if (l < second.size()) {
                        layers[l] = second.get(l);
                    } else {
                        layers[l] = (Integer) pick(dims[i], random);
                    }
                }
                values[i] = List.of(layers);
            }
        }
        return assemble(values);
    }

    private static Object pick(Dimension d, RandomGenerator random) {
        List<Object> c = d.choices();
        return c.get(random.nextInt(c.size()));
    }

    private int activeLength(int i, Object[] values) {
        return depthIndex[i] < 0 ? dims[i].maxLength() : (Integer) values[depthIndex[i]];
    }

    private Object[] valuesOf(Architecture canonical) {
        Object[] values = new Object[dims.length];
        for (int i = 0; i < dims.length; i++) {
            values[i] = canonical.values().get(dims[i].name());
        }
        return values;
    }

    private Architecture assemble(Object[] values) {
        Map<String, Object> map = new LinkedHashMap<>(dims.length * 2);
        for (int i = 0; i < dims.length; i++) {
            map.put(dims[i].name(), values[i]);
        }
        return Architecture.of(map);
    }

    // ---- validation and canonical form -----------------------------------------------------------------

    @Override
    public void validate(Architecture architecture) {
        canonicalize(architecture);
    }

    @Override
    public Architecture canonicalize(Architecture architecture) {
        Map<String, Object> in = architecture.values();
        for (String n : in.keySet()) {
            if (!indexByName.containsKey(n)) {
                throw new InvalidArchitectureException(n, n + ": unknown dimension; space " + name
                        + " has " + indexByName.keySet());
            }
        }
        Object[] values = new Object[dims.length];
        boolean unchanged = in.size() == dims.length;
        int position = 0;
        for (String n : in.keySet()) {
            unchanged &= n.equals(dims[position++].name());
            if (!unchanged) {
                break;
            }
        }
        for (int i = 0; i < dims.length; i++) {
            Dimension d = dims[i];
            Object v = in.get(d.name());
            if (v == null) {
                throw new InvalidArchitectureException(d.name(), d.name() + ": missing; allowed values are "
                        + describeAllowed(d));
            }
            if (d.kind() != Dimension.Kind.PER_LAYER) {
                Object c = coerce(d, v);
                unchanged &= c == v;
                values[i] = c;
            }
        }
        for (int i = 0; i < dims.length; i++) {
            Dimension d = dims[i];
            if (d.kind() != Dimension.Kind.PER_LAYER) {
                continue;
            }
            Object v = in.get(d.name());
            if (!(v instanceof List<?> list)) {
                throw new InvalidArchitectureException(d.name(), d.name() + ": " + Architecture.render(v)
                        + " is not a list; allowed: a list of " + lengthWords(i, values) + " values from " + d.choices());
            }
            int len = activeLength(i, values);
            if (list.size() < len || list.size() > d.maxLength()) {
                throw new InvalidArchitectureException(d.name(), d.name() + ": " + list.size() + " values "
                        + Architecture.render(list) + " but " + lengthWords(i, values)
                        + " expected (up to " + d.maxLength() + " allowed, extra ones ignored)");
            }
            for (int l = 0; l < len; l++) {
                Object e = list.get(l);
                if (!d.allows(e)) {
                    throw new InvalidArchitectureException(d.name(), d.name() + "[" + l + "]: " + e
                            + " is not one of " + d.choices());
                }
            }
            unchanged &= list.size() == len;
            values[i] = list.size() == len ? list : List.copyOf(list.subList(0, len));
        }
        return unchanged ? architecture : assemble(values);
    }

    private String lengthWords(int i, Object[] values) {
        return depthIndex[i] < 0 ? String.valueOf(dims[i].maxLength())
                : values[depthIndex[i]] + " (" + dims[depthIndex[i]].name() + " = " + values[depthIndex[i]] + ")";
    }

    private static Object coerce(Dimension d, Object v) {
        if (d.allows(v)) {
            return v;
        }
        if (v instanceof Number n) {
            for (Object c : d.choices()) {
                if (c instanceof Number cn && cn.doubleValue() == n.doubleValue()) {
                    return c;
                }
            }
        }
        throw new InvalidArchitectureException(d.name(), d.name() + ": " + Architecture.render(v)
                + " is not one of " + describeAllowed(d));
    }

    private static String describeAllowed(Dimension d) {
        if (d.kind() == Dimension.Kind.PER_LAYER) {
            return "lists of values from " + d.choices();
        }
        return d.choices().toString();
    }

    // ---- encodings, metrics, words ----------------------------------------------------------------------

    @Override
    public FeatureEncoding encoding() {
        return encodings.get(0);
    }

    @Override
    public List<FeatureEncoding> encodings() {
        return encodings;
    }

    @Override
    public List<String> metricNames() {
        return metricNames;
    }

    @Override
    public Map<String, Double> metrics(Architecture architecture) {
        Map<String, Double> m = metrics.apply(canonicalize(architecture));
        // a metrics function that forgets a declared metric would otherwise surface far away, as a
        // "metric not found" from a constraint in the middle of a search
        if (m == null || m.size() != metricNames.size() || !m.keySet().containsAll(metricNames)) {
            throw new IllegalStateException("space " + name + ": the metrics function returned "
                    + (m == null ? null : m.keySet()) + " but declares " + metricNames);
        }
        return Collections.unmodifiableMap(m);
    }

    /**
     * Exact by enumeration for spaces of at most {@link #ENUMERATION_LIMIT} architectures, else from the
     * smallest and largest architecture for metrics declared monotone (string dimensions enumerated), else empty.
     */
    @Override
    public Optional<MetricRange> metricRange(String metric) {
        if (!metricNames.contains(metric)) {
            throw new IllegalArgumentException("metric: '" + metric + "' is not one of " + metricNames
                    + " of space " + name);
        }
        return ranges.computeIfAbsent(metric, this::computeRange);
    }

    private Optional<MetricRange> computeRange(String metric) {
        RangeAccumulator acc = new RangeAccumulator(metric);
        if (size() <= ENUMERATION_LIMIT) {
            enumerate(new Object[dims.length], 0, acc);
        } else if (monotone.contains(metric) && stringCombinations() <= ENUMERATION_LIMIT) {
            extremes(new Object[dims.length], 0, true, acc);
            extremes(new Object[dims.length], 0, false, acc);
        } else {
            return Optional.empty();
        }
        return acc.result();
    }

    /** Number of architectures, as a double (exact up to 2^53, then approximate; infinite never). */
    double size() {
        double total = 1;
        for (int i = 0; i < dims.length; i++) {
            Dimension d = dims[i];
            if (d.kind() == Dimension.Kind.PER_LAYER) {
                if (d.depth() == null) {
                    total *= Math.pow(d.choices().size(), d.maxLength());
                }
                continue;
            }
            boolean isDepth = false;
            double sum = 0;
            for (Object v : d.choices()) {
                double ways = 1;
                for (int j = 0; j < dims.length; j++) {
                    if (depthIndex[j] == i) {
                        isDepth = true;
                        ways *= Math.pow(dims[j].choices().size(), (Integer) v);
                    }
                }
                sum += ways;
            }
            total *= isDepth ? sum : d.choices().size();
        }
        return total;
    }

    private double stringCombinations() {
        double n = 1;
        for (Dimension d : dims) {
            if (!d.isNumeric()) {
                n *= d.choices().size();
            }
        }
        return n;
    }

    /** Every architecture: non-per-layer values first (they set the depths), then each active layer. */
    private void enumerate(Object[] values, int i, Consumer<Architecture> sink) {
        if (i == dims.length) {
            enumerateLayers(values, 0, sink);
            return;
        }
        if (dims[i].kind() == Dimension.Kind.PER_LAYER) {
            enumerate(values, i + 1, sink);
            return;
        }
        for (Object c : dims[i].choices()) {
            values[i] = c;
            enumerate(values, i + 1, sink);
        }
    }

    private void enumerateLayers(Object[] values, int i, Consumer<Architecture> sink) {
        if (i == dims.length) {
            sink.accept(assemble(values));
            return;
        }
        if (dims[i].kind() != Dimension.Kind.PER_LAYER) {
            enumerateLayers(values, i + 1, sink);
            return;
        }
        int len = activeLength(i, values);
        Integer[] layers = new Integer[len];
        enumerateList(values, i, layers, 0, sink);
    }

    private void enumerateList(Object[] values, int i, Integer[] layers, int l, Consumer<Architecture> sink) {
        if (l == layers.length) {
            values[i] = List.of(layers.clone());
            enumerateLayers(values, i + 1, sink);
            return;
        }
        for (Object c : dims[i].choices()) {
            layers[l] = (Integer) c;
            enumerateList(values, i, layers, l + 1, sink);
        }
    }

    /** The smallest (or largest) architecture for each combination of string values. */
    private void extremes(Object[] values, int i, boolean smallest, Consumer<Architecture> sink) {
        if (i == dims.length) {
            for (int j = 0; j < dims.length; j++) {
                if (dims[j].kind() == Dimension.Kind.PER_LAYER) {
                    Integer v = (int) (smallest ? dims[j].minNumeric() : dims[j].maxNumeric());
                    values[j] = java.util.Collections.nCopies(activeLength(j, values), v);
                }
            }
            sink.accept(assemble(values));
            return;
        }
        Dimension d = dims[i];
        if (d.kind() == Dimension.Kind.PER_LAYER) {
            extremes(values, i + 1, smallest, sink);
        } else if (d.isNumeric()) {
            double target = smallest ? d.minNumeric() : d.maxNumeric();
            values[i] = d.choices().stream().filter(c -> ((Number) c).doubleValue() == target).findFirst()
                    .orElseThrow();
            extremes(values, i + 1, smallest, sink);
        } else {
            for (Object c : d.choices()) {
                values[i] = c;
                extremes(values, i + 1, smallest, sink);
            }
        }
    }

    /** Keeps the smallest and largest value of one metric, failing on a non-finite one. */
    private final class RangeAccumulator implements Consumer<Architecture> {
        private final String metric;
        private double min = Double.POSITIVE_INFINITY;
        private double max = Double.NEGATIVE_INFINITY;
        private Architecture argMin;
        private Architecture argMax;

        RangeAccumulator(String metric) {
            this.metric = metric;
        }

        @Override
        public void accept(Architecture a) {
            double v = metrics(a).get(metric);
            if (!Double.isFinite(v)) {
                throw new dev.llmnas.core.ConstraintException("on " + metric, a.key(), "metric '" + metric
                        + "' is " + v, null);
            }
            if (v < min) {
                min = v;
                argMin = a;
            }
            if (v > max) {
                max = v;
                argMax = a;
            }
        }

        Optional<MetricRange> result() {
            return argMin == null ? Optional.empty() : Optional.of(new MetricRange(metric, min, argMin, max, argMax));
        }
    }

    @Override
    public List<String> describe(Architecture architecture) {
        Architecture c = canonicalize(architecture);
        List<String> lines = new ArrayList<>(dims.length);
        for (Dimension d : dims) {
            lines.add(d.name() + ": " + c.values().get(d.name()));
        }
        return lines;
    }

    @Override
    public Architecture parse(List<String> lines) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (String line : lines) {
            if (line == null || line.isBlank()) {
                continue;
            }
            var m = LINE.matcher(line);
            if (!m.matches()) {
                throw new InvalidArchitectureException(null, "'" + line + "' is not a 'name: value' line");
            }
            String n = nameNormalizer.apply(m.group(1).trim());
            if (values.containsKey(n)) {
                throw new InvalidArchitectureException(n, n + ": given twice");
            }
            Object value = parseValue(n, m.group(2));
            Integer index = indexByName.get(n);
            values.put(n, index == null ? value : asStringChoice(dims[index], m.group(2), value));
        }
        return canonicalize(Architecture.of(values));
    }

    /**
     * A string choice that reads like a number ({@code "3"}) is written bare by {@link #describe}; read it
     * back as the string the dimension allows rather than as a number it does not.
     */
    private static Object asStringChoice(Dimension d, String text, Object parsed) {
        if (d.kind() == Dimension.Kind.PER_LAYER || d.allows(parsed)) {
            return parsed;
        }
        String t = text.trim();
        return d.choices().stream().filter(c -> c instanceof String && c.equals(t)).findFirst().orElse(parsed);
    }

    static Object parseValue(String name, String text) {
        String t = text.trim();
        if (t.startsWith("[")) {
            if (!t.endsWith("]")) {
                throw new InvalidArchitectureException(name, name + ": '" + text + "' is not a closed list like [1, 2]");
            }
            String inner = t.substring(1, t.length() - 1).trim();
            if (inner.isEmpty()) {
                return List.of();
            }
            String[] parts = inner.split(",");
            Integer[] ints = new Integer[parts.length];
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].trim();
                if (!INT.matcher(p).matches()) {
                    throw new InvalidArchitectureException(name, name + ": list element '" + p + "' is not an integer");
                }
                ints[i] = Integer.valueOf(p.startsWith("+") ? p.substring(1) : p);
            }
            return Arrays.asList(ints);
        }
        if (INT.matcher(t).matches()) {
            try {
                return Integer.valueOf(t.startsWith("+") ? t.substring(1) : t);
            } catch (NumberFormatException e) {
                throw new InvalidArchitectureException(name, name + ": '" + t + "' is outside the int range");
            }
        }
        try {
            double d = Double.parseDouble(t);
            if (Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException e) {
            // not a number: a string value
        }
        if (t.length() >= 2 && (t.startsWith("'") && t.endsWith("'") || t.startsWith("\"") && t.endsWith("\""))) {
            t = t.substring(1, t.length() - 1);
        }
        return t;
    }

    @Override
    public String toString() {
        return "SearchSpace[" + name + ", " + dims.length + " dimensions]";
    }
}
