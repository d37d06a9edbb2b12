package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Encodes architectures of one space for a predictor, checking membership without allocating.
 *
 * <p>{@link SearchSpace#canonicalize} allocates, which the single-prediction hot path must not. So an
 * architecture that is already canonical (every dimension present with an allowed value, per-layer lists
 * exactly as long as their depth, nothing extra) — which is what the space's operators produce — is
 * recognised here by reading it only; anything else goes through {@code canonicalize}, which either
 * repairs it (drops surplus layers, coerces numbers) or explains why it is not in the space.
 *
 * <p>Core's generic {@code means} and {@code per-layer} encodings (those of spaces declared without their
 * own encodings, such as NAS-Bench-201, and HAT's {@code per-layer}) allocate on every call: they test
 * {@link Dimension#isNumeric()}, a stream, per dimension. For them the features are computed by
 * {@link GenericReplica}, which precomputes what core recomputes. It is used only after it reproduced core's
 * encoding bit for bit on sampled architectures; otherwise core's encoding is called.
 */
final class Featurizer {
    private static final String CORE_GENERIC = "dev.llmnas.core.spaces.GenericEncoding";

    private final SearchSpace space;
    private final FeatureEncoding encoding;
    /** What actually writes the features: core's encoding or a verified allocation-free replica of it. */
    private final FeatureEncoding writer;
    private final Dimension[] dims;
    private final String[] names;
    private final int[] depthIndex;
    /** Membership of small integer choice sets as a bit mask over {@code value - intBase}; 0 when not used. */
    private final long[] intMask;
    private final int[] intBase;

    Featurizer(SearchSpace space, FeatureEncoding encoding) {
        this.space = space;
        this.encoding = encoding;
        List<Dimension> list = space.dimensions();
        this.dims = list.toArray(new Dimension[0]);
        this.names = new String[dims.length];
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < dims.length; i++) {
            names[i] = dims[i].name();
            index.put(names[i], i);
        }
        this.depthIndex = new int[dims.length];
        this.intMask = new long[dims.length];
        this.intBase = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            String depth = dims[i].depth();
            depthIndex[i] = depth == null || !index.containsKey(depth) ? -1 : index.get(depth);
            List<Object> choices = dims[i].choices();
            if (choices.stream().allMatch(Integer.class::isInstance)) {
                int min = choices.stream().mapToInt(c -> (Integer) c).min().orElseThrow();
                int max = choices.stream().mapToInt(c -> (Integer) c).max().orElseThrow();
                if ((long) max - min < 64) {
                    intBase[i] = min;
                    for (Object c : choices) {
                        intMask[i] |= 1L << ((Integer) c - min);
                    }
                }
            }
        }
        this.writer = replicaOrCore(space, encoding, dims);
    }

    private static FeatureEncoding replicaOrCore(SearchSpace space, FeatureEncoding encoding, Dimension[] dims) {
        boolean generic = encoding.getClass().getName().equals(CORE_GENERIC)
                && (encoding.name().equals("means") || encoding.name().equals("per-layer"));
        if (!generic) {
            return encoding;
        }
        GenericReplica replica = new GenericReplica(dims, encoding.name().equals("per-layer"), encoding);
        if (replica.size() != encoding.size()) {
            return encoding;
        }
        SplittableRandom random = new SplittableRandom(20240101);
        double[] expected = new double[encoding.size()];
        double[] actual = new double[encoding.size()];
        for (int i = 0; i < 64; i++) {
            Architecture a = space.sample(random);
            encoding.encode(a, expected, 0);
            replica.encode(a, actual, 0);
            if (!Arrays.equals(expected, actual)) {
                return encoding;
            }
        }
        return replica;
    }

    /**
     * A short digest of what the encoding computes, recorded in model provenance so that a model is not
     * silently fed different features after an encoding changes under the same name. It encodes a fixed set
     * of architectures built from the dimensions' choices (not sampled, so it does not depend on the
     * sampler) and hashes the feature names and the doubles. {@code null} when the probes cannot be built
     * for this space (a custom space with unusual depth rules): then nothing is checked.
     */
    String fingerprint() {
        List<Architecture> probes;
        try {
            probes = probes();
        } catch (LlmnasException | IllegalArgumentException | ClassCastException e) {
            return null;
        }
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update(String.join("\n", encoding.featureNames()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            double[] row = new double[encoding.size()];
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(8 * row.length);
            for (Architecture a : probes) {
                encoding.encode(a, row, 0);
                bytes.clear();
                for (double v : row) {
                    bytes.putDouble(v);
                }
                sha.update(bytes.array());
            }
            return java.util.HexFormat.of().formatHex(sha.digest(), 0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Eight canonical architectures that cycle through every dimension's choices and depths. */
    private List<Architecture> probes() {
        List<Architecture> out = new java.util.ArrayList<>();
        for (int k = 0; k < 8; k++) {
            Map<String, Object> values = new java.util.LinkedHashMap<>();
            for (int i = 0; i < dims.length; i++) {
                if (dims[i].kind() != Dimension.Kind.PER_LAYER) {
                    List<Object> c = dims[i].choices();
                    values.put(names[i], c.get((k + 3 * i) % c.size()));
                }
            }
            for (int i = 0; i < dims.length; i++) {
                Dimension d = dims[i];
                if (d.kind() == Dimension.Kind.PER_LAYER) {
                    int len = depthIndex[i] >= 0 ? ((Number) values.get(names[depthIndex[i]])).intValue() : d.maxLength();
                    List<Object> c = d.choices();
                    List<Object> layers = new java.util.ArrayList<>();
                    for (int l = 0; l < len; l++) {
                        layers.add(c.get((k + l + 2 * i) % c.size()));
                    }
                    values.put(names[i], layers);
                }
            }
            out.add(space.canonicalize(Architecture.of(values)));
        }
        return out;
    }

    /** True when features come from the allocation-free replica rather than core's encoding (tests). */
    boolean usesReplica() {
        return writer instanceof GenericReplica;
    }

    SearchSpace space() {
        return space;
    }

    FeatureEncoding encoding() {
        return encoding;
    }

    int size() {
        return encoding.size();
    }

    /**
     * Writes the features of {@code architecture} into {@code out[offset ..]}.
     *
     * @throws PredictionException naming {@code predictor} when the architecture is not in the space
     */
    void encode(Architecture architecture, double[] out, int offset, String predictor) {
        Architecture a = architecture;
        if (a == null) {
            throw new PredictionException(predictor, null, "architecture is null");
        }
        if (!isCanonical(a)) {
            try {
                a = space.canonicalize(a);
            } catch (LlmnasException | IllegalArgumentException e) {
                throw new PredictionException(predictor, architecture, "not in space " + space.name() + ": "
                        + e.getMessage(), e);
            }
        }
        try {
            writer.encode(a, out, offset);
        } catch (RuntimeException e) {
            throw new PredictionException(predictor, architecture, "cannot encode with '" + encoding.name()
                    + "': " + e.getMessage(), e);
        }
    }

    /** Encodes into a new row-major matrix, one row per architecture. */
    double[] encodeAll(List<Architecture> architectures, String predictor) {
        int f = size();
        double[] out = new double[architectures.size() * f];
        for (int i = 0; i < architectures.size(); i++) {
            encode(architectures.get(i), out, i * f, predictor);
        }
        return out;
    }

    /** True when the architecture is already in the space's canonical form; reads, never allocates. */
    boolean isCanonical(Architecture a) {
        Map<String, Object> values = a.values();
        if (values.size() != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            Object v = values.get(names[i]);
            if (v == null) {
                return false;
            }
            if (dims[i].kind() != Dimension.Kind.PER_LAYER) {
                if (!allows(i, v)) {
                    return false;
                }
                continue;
            }
            if (!(v instanceof List<?> layers)) {
                return false;
            }
            int expected = dims[i].maxLength();
            if (depthIndex[i] >= 0) {
                if (!(values.get(names[depthIndex[i]]) instanceof Integer depth)) {
                    return false;
                }
                expected = depth;
            }
            if (layers.size() != expected) {
                return false;
            }
            for (int l = 0; l < expected; l++) {
                if (!allows(i, layers.get(l))) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {@link Dimension#allows}, by bit mask for small integer choice sets (the common case, and the fast one). */
    private boolean allows(int i, Object v) {
        long mask = intMask[i];
        if (mask != 0) {
            if (!(v instanceof Integer n)) {
                return false;
            }
            int bit = n - intBase[i];
            return bit >= 0 && bit < 64 && (mask & (1L << bit)) != 0;
        }
        return dims[i].allows(v);
    }

    /**
     * Core's generic encoding with everything that does not depend on the architecture computed once: the
     * same features, in the same order, by the same arithmetic (so the same doubles).
     */
    static final class GenericReplica implements FeatureEncoding {
        private final FeatureEncoding original;
        private final String[] names;
        private final boolean[] numeric;
        private final boolean[] perLayerKind;
        private final String[] depthName;
        private final int[] maxLength;
        private final double[] scale;
        private final Object[][] choices;
        private final boolean perLayer;
        private final int size;

        GenericReplica(Dimension[] dims, boolean perLayer, FeatureEncoding original) {
            this.original = original;
            this.perLayer = perLayer;
            int n = dims.length;
            names = new String[n];
            numeric = new boolean[n];
            perLayerKind = new boolean[n];
            depthName = new String[n];
            maxLength = new int[n];
            scale = new double[n];
            choices = new Object[n][];
            int count = 0;
            for (int i = 0; i < n; i++) {
                Dimension d = dims[i];
                names[i] = d.name();
                numeric[i] = d.isNumeric();
                perLayerKind[i] = d.kind() == Dimension.Kind.PER_LAYER;
                depthName[i] = perLayerKind[i] ? d.depth() : null;
                maxLength[i] = d.maxLength();
                choices[i] = d.choices().toArray();
                if (numeric[i]) {
                    double max = Math.max(Math.abs(d.minNumeric()), Math.abs(d.maxNumeric()));
                    scale[i] = max == 0 ? 1 : max;
                    count += perLayerKind[i] && perLayer ? maxLength[i] : 1;
                } else {
                    count += choices[i].length;
                }
            }
            size = count;
        }

        @Override
        public String name() {
            return original.name();
        }

        @Override
        public List<String> featureNames() {
            return original.featureNames();
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public void encode(Architecture architecture, double[] out, int offset) {
            Map<String, Object> values = architecture.values();
            int k = offset;
            for (int i = 0; i < names.length; i++) {
                Object v = values.get(names[i]);
                if (v == null) {
                    throw new IllegalArgumentException(names[i] + ": missing from " + architecture.key());
                }
                if (!numeric[i]) {
                    Object[] c = choices[i];
                    boolean found = false;
                    for (int j = 0; j < c.length; j++) {
                        boolean hit = c[j].equals(v);
                        found |= hit;
                        out[k++] = hit ? 1 : 0;
                    }
                    if (!found) {
                        throw new IllegalArgumentException(names[i] + ": " + Architecture.render(v) + " is not one of "
                                + Arrays.toString(c));
                    }
                } else if (perLayerKind[i]) {
                    List<?> layers = (List<?>) v;
                    // only active layers count: the list's length capped by the depth dimension's value
                    int active = Math.min(layers.size(), maxLength[i]);
                    if (depthName[i] != null && values.get(depthName[i]) instanceof Number depth) {
                        active = Math.min(active, Math.max(0, depth.intValue()));
                    }
                    if (perLayer) {
                        for (int l = 0; l < maxLength[i]; l++) {
                            out[k++] = l < active ? ((Number) layers.get(l)).doubleValue() / scale[i] : 0;
                        }
                    } else {
                        double sum = 0;
                        for (int l = 0; l < active; l++) {
                            sum += ((Number) layers.get(l)).doubleValue();
                        }
                        out[k++] = active == 0 ? 0 : sum / active / scale[i];
                    }
                } else {
                    out[k++] = ((Number) v).doubleValue() / scale[i];
                }
            }
        }
    }
}
