package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encodes architectures of one space for a predictor, checking membership without allocating.
 *
 * <p>{@link SearchSpace#canonicalize} allocates, which the single-prediction hot path must not. So an
 * architecture that is already canonical (every dimension present with an allowed value, per-layer lists
 * exactly as long as their depth, nothing extra) — which is what the space's operators produce — is
 * recognised here by reading it only; anything else goes through {@code canonicalize}, which either
 * repairs it (drops surplus layers, coerces numbers) or explains why it is not in the space.
 *
 * <p>The features themselves are the space's encoding's, written by it directly: core's encodings do not
 * allocate either (see {@link FeatureEncoding#encode}).
 */
final class Featurizer {
    private final SearchSpace space;
    private final FeatureEncoding encoding;
    private final Dimension[] dims;
    private final String[] names;
    private final int[] depthIndex;
    /** Membership of small integer choice sets as a bit mask over {@code value - intBase}; 0 when not used. */
    private final long[] intMask;
    private final int[] intBase;
    /** Integer choices of dimensions whose choices are all integers (any range), else null. */
    private final int[][] intChoices;
    /** Features per row. */
    private final int size;

    Featurizer(SearchSpace space, FeatureEncoding encoding) {
        this.space = space;
        this.encoding = encoding;
        this.size = encoding.size();
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
        this.intChoices = new int[dims.length][];
        for (int i = 0; i < dims.length; i++) {
            String depth = dims[i].depth();
            depthIndex[i] = depth == null || !index.containsKey(depth) ? -1 : index.get(depth);
            List<Object> choices = dims[i].choices();
            if (choices.stream().allMatch(Integer.class::isInstance)) {
                int min = choices.stream().mapToInt(c -> (Integer) c).min().orElseThrow();
                int max = choices.stream().mapToInt(c -> (Integer) c).max().orElseThrow();
                intChoices[i] = choices.stream().mapToInt(c -> (Integer) c).toArray();
                if ((long) max - min < 64) {
                    intBase[i] = min;
                    for (Object c : choices) {
                        intMask[i] |= 1L << ((Integer) c - min);
                    }
                }
            }
        }
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

    SearchSpace space() {
        return space;
    }

    FeatureEncoding encoding() {
        return encoding;
    }

    int size() {
        return size;
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
            encoding.encode(a, out, offset);
        } catch (RuntimeException e) {
            throw new PredictionException(predictor, architecture, "cannot encode with '" + encoding.name()
                    + "': " + e.getMessage(), e);
        }
    }

    /**
     * Writes the features of {@code architecture} as {@code float}s (how XGBoost stores them, so splits fall on
     * the same side) into {@code out[offset ..]}, using {@code encoded} (at least {@link #size()} long) as scratch.
     *
     * @throws PredictionException naming {@code predictor} when the architecture is not in the space
     */
    void encode(Architecture architecture, double[] encoded, float[] out, int offset, String predictor) {
        encode(architecture, encoded, 0, predictor);
        int n = size;
        for (int i = 0; i < n; i++) {
            out[offset + i] = (float) encoded[i];
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

    /**
     * {@link Dimension#allows}: by bit mask for integer choices within a range of 64, by a scan of the int
     * choices for other integer choice sets (e.g. widths 1024, 2048, 3072), else by the dimension.
     */
    private boolean allows(int i, Object v) {
        long mask = intMask[i];
        if (mask != 0) {
            if (!(v instanceof Integer n)) {
                return false;
            }
            int bit = n - intBase[i];
            return bit >= 0 && bit < 64 && (mask & (1L << bit)) != 0;
        }
        int[] ints = intChoices[i];
        if (ints != null) {
            if (!(v instanceof Integer n)) {
                return false;
            }
            int x = n;
            for (int c : ints) {
                if (c == x) {
                    return true;
                }
            }
            return false;
        }
        return dims[i].allows(v);
    }
}
