package dev.llmnas.predictors.latency;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.SearchSpace;
import java.util.List;

/**
 * Features of a HAT SubTransformer for latency models.
 *
 * <p>{@link #raw} gives HAT's 10 features unscaled, exactly as the columns of HAT's latency files
 * (encoder width, encoder layers, mean encoder FFN width, mean encoder heads, decoder width, decoder layers,
 * mean decoder FFN width, mean decoder self heads, mean decoder cross heads, mean number of encoder layers
 * each decoder layer attends to).
 *
 * <p>{@link #products} turns them into terms that scale like the work of the network, so that latency is
 * close to linear in them: a sum over layers of a per-layer cost is (layers &times; the mean), and each
 * layer's cost grows with products of its widths. With {@code e, d} the encoder and decoder widths,
 * {@code L, M} the encoder and decoder layer counts, {@code f, g} the mean FFN widths, {@code h} the mean
 * encoder heads, {@code s, c} the mean decoder self and cross heads and {@code a} the mean encoder layers
 * attended: {@code e} (embedding), {@code L e} (layer norms, projections with the fixed Q/K/V width),
 * {@code L e f} (FFN), {@code L h} (per-head kernels), {@code L f}, {@code L}; {@code M} (per-layer
 * overhead of every decoding step), {@code M d}, {@code M d g}, {@code M g}, {@code M s}, {@code M c},
 * {@code M a}, {@code M a e} (keys and values of the attended encoder layers), {@code M c a}, {@code d}
 * (output projection onto the vocabulary), {@code M d s}, {@code M d c}. Stateless and thread-safe.
 */
public final class LatencyFeatures {
    /** HAT's normalising factors of the 10 features (what the {@code means} encoding divides by). */
    static final double[] HAT_NORM = {640, 6, 2048, 6, 640, 6, 2048, 6, 6, 2};

    /** Names of {@link #products}, in order. */
    public static final List<String> PRODUCT_NAMES = List.of(
            "e", "L*e", "L*e*f", "L*h", "L*f", "L",
            "M", "M*d", "M*d*g", "M*g", "M*s", "M*c", "M*a", "M*a*e", "M*c*a", "d", "M*d*s", "M*d*c");

    private LatencyFeatures() {
    }

    /**
     * HAT's 10 features of an architecture of a HAT space, unscaled (as in the latency files).
     *
     * @param space a HAT space (it must offer the {@code means} encoding)
     * @throws IllegalArgumentException when the space has no {@code means} encoding
     */
    public static double[] raw(SearchSpace space, Architecture architecture) {
        FeatureEncoding means = space.encoding("means");
        double[] x = means.encode(space.canonicalize(architecture));
        if (x.length != HAT_NORM.length) {
            throw new IllegalArgumentException("space " + space.name() + ": encoding 'means' has " + x.length
                    + " features, HAT's latency features are " + HAT_NORM.length);
        }
        for (int i = 0; i < x.length; i++) {
            x[i] *= HAT_NORM[i];
        }
        return x;
    }

    /** HAT's 10 features divided by HAT's factors {@code [640, 6, 2048, 6, 640, 6, 2048, 6, 6, 2]}. */
    public static double[] hatScaled(double[] raw) {
        check(raw);
        double[] x = new double[raw.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = raw[i] / HAT_NORM[i];
        }
        return x;
    }

    /** The 18 work-like products of the 10 unscaled features; see the class description. */
    public static double[] products(double[] raw) {
        check(raw);
        double e = raw[0];
        double layers = raw[1];
        double f = raw[2];
        double h = raw[3];
        double d = raw[4];
        double m = raw[5];
        double g = raw[6];
        double s = raw[7];
        double c = raw[8];
        double a = raw[9];
        return new double[] {
            e, layers * e, layers * e * f, layers * h, layers * f, layers,
            m, m * d, m * d * g, m * g, m * s, m * c, m * a, m * a * e, m * c * a, d, m * d * s, m * d * c};
    }

    private static void check(double[] raw) {
        if (raw == null || raw.length != HAT_NORM.length) {
            throw new IllegalArgumentException("features: " + (raw == null ? "null" : raw.length + " values")
                    + ", expected HAT's " + HAT_NORM.length);
        }
    }
}
