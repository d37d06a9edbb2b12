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
 *   <li>{@code means} (the paper's style): one feature per numeric dimension, its value divided by the
 *   largest absolute choice; per-layer dimensions contribute the mean over active layers, divided the same
 *   way; string dimensions are one-hot.</li>
 *   <li>{@code per-layer}: like {@code means}, but a per-layer dimension contributes one feature per layer
 *   slot (0 for inactive layers).</li>
 * </ul>
 */
final class GenericEncoding implements FeatureEncoding {
    private final Dimension[] dims;
    private final double[] scale;
    private final boolean perLayer;
    private final List<String> names;

    GenericEncoding(List<Dimension> dimensions, boolean perLayer) {
        this.dims = dimensions.toArray(new Dimension[0]);
        this.perLayer = perLayer;
        this.scale = new double[dims.length];
        List<String> n = new ArrayList<>();
        for (int i = 0; i < dims.length; i++) {
            Dimension d = dims[i];
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
            if (!d.isNumeric()) {
                List<Object> choices = d.choices();
                for (int c = 0; c < choices.size(); c++) {
                    out[k++] = choices.get(c).equals(v) ? 1 : 0;
                }
            } else if (d.kind() == Dimension.Kind.PER_LAYER) {
                List<?> layers = (List<?>) v;
                if (perLayer) {
                    for (int l = 0; l < d.maxLength(); l++) {
                        out[k++] = l < layers.size() ? ((Number) layers.get(l)).doubleValue() / scale[i] : 0;
                    }
                } else {
                    double sum = 0;
                    for (int l = 0; l < layers.size(); l++) {
                        sum += ((Number) layers.get(l)).doubleValue();
                    }
                    out[k++] = layers.isEmpty() ? 0 : sum / layers.size() / scale[i];
                }
            } else {
                out[k++] = ((Number) v).doubleValue() / scale[i];
            }
        }
    }
}
