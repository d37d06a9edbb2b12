package dev.llmnas.core.spaces;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.FeatureEncoding;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The two encodings every declared space gets.
 *
 * <ul>
 *   <li>{@code means}: one feature per numeric dimension, its value divided by the largest absolute choice;
 *   per-layer dimensions contribute the mean over active layers, divided the same way (0 when no layer is
 *   active); string dimensions are one-hot.</li>
 *   <li>{@code per-layer}: like {@code means}, but a per-layer dimension contributes one feature per layer
 *   slot (0 for inactive layers).</li>
 * </ul>
 *
 * <p>Only active layers count, even when the architecture is not canonical (its lists carry values beyond
 * the depth), so that such values never change the features. The architecture must otherwise be valid;
 * a string value that is not a choice is refused, other values are not checked (this is a hot path).
 */
final class GenericEncoding implements FeatureEncoding {
    private final Dimension[] dims;
    /** For each per-layer dimension with a depth, the name of the depth dimension; null otherwise. */
    private final String[] depthName;
    private final double[] scale;
    /** Per dimension, computed once: encode() is a hot path and must not allocate. */
    private final boolean[] numeric;
    private final boolean[] layered;
    private final boolean perLayer;
    private final List<String> names;

    GenericEncoding(List<Dimension> dimensions, boolean perLayer) {
        this.dims = dimensions.toArray(new Dimension[0]);
        this.perLayer = perLayer;
        this.scale = new double[dims.length];
        this.depthName = new String[dims.length];
        this.numeric = new boolean[dims.length];
        this.layered = new boolean[dims.length];
        List<String> n = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            Dimension d = dims[i];
            numeric[i] = d.isNumeric();
            layered[i] = d.kind() == Dimension.Kind.PER_LAYER;
            depthName[i] = d.kind() == Dimension.Kind.PER_LAYER ? d.depth() : null;
            if (d.isNumeric()) {
                double max = Math.max(Math.abs(d.minNumeric()), Math.abs(d.maxNumeric()));
                scale[i] = max == 0 ? 1 : max;
                if (d.kind() == Dimension.Kind.PER_LAYER && perLayer) {
                    for (int l = 0; l < d.maxLength(); l++) {
                        n.add(d.name() + "[" + l + "]");
                    }
                } else {
                    n.add(d.kind() == Dimension.Kind.PER_LAYER ? "mean(" + d.name() + ")" : d.name());
                }
            } else {
                for (Object c : d.choices()) {
                    n.add(d.name() + "=" + c);
                }
            }
        }
        this.names = List.copyOf(n);
    }

    @Override
    public String name() {
        return perLayer ? "per-layer" : "means";
    }

    @Override
    public List<String> featureNames() {
        return names;
    }

    /** Number of active layers of a per-layer value: its length, capped by the depth dimension's value. */
    static int activeLayers(Map<String, Object> values, Dimension d, String depthName, List<?> layers) {
        int len = Math.min(layers.size(), d.maxLength());
        if (depthName != null && values.get(depthName) instanceof Number depth) {
            len = Math.min(len, Math.max(0, depth.intValue()));
        }
        return len;
    }

    @Override
    public void encode(Architecture architecture, double[] out, int offset) {
        Map<String, Object> values = architecture.values();
        int k = offset;
        for (int i = 0; i < dims.length; i++) {
            Dimension d = dims[i];
            Object v = values.get(d.name());
            if (v == null) {
                throw new IllegalArgumentException(d.name() + ": missing from " + architecture.key());
            }
            if (!numeric[i]) {
                List<Object> choices = d.choices();
                boolean found = false;
                for (int c = 0; c < choices.size(); c++) {
                    boolean hit = choices.get(c).equals(v);
                    found |= hit;
                    out[k++] = hit ? 1 : 0;
                }
                if (!found) {
                    throw new IllegalArgumentException(d.name() + ": " + Architecture.render(v) + " is not one of "
                            + choices);
                }
            } else if (layered[i]) {
                List<?> layers = (List<?>) v;
                int active = activeLayers(values, d, depthName[i], layers);
                if (perLayer) {
                    for (int l = 0; l < d.maxLength(); l++) {
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
