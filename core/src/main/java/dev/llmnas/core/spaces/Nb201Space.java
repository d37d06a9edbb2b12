package dev.llmnas.core.spaces;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAS-Bench-201 (NATS-Bench topology) cell space: a cell of 4 nodes whose 6 edges each carry one of 5
 * operations, 5^6 = 15,625 architectures, written {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|}.
 *
 * <p>Dimensions are named {@code edge-j-i}: the operation carrying node {@code j}'s output into node
 * {@code i}. Efficiency metrics (analytic, documented rather than measured):
 * <ul>
 *   <li>{@code convs}: number of parameterised convolutions in the cell (edges with {@code nor_conv_1x1} or
 *   {@code nor_conv_3x3});</li>
 *   <li>{@code cell-params}: convolution weights of one cell at 16 channels: 3&times;3 &rarr; 2,304,
 *   1&times;1 &rarr; 256, other operations 0 (batch-norm parameters not counted).</li>
 * </ul>
 */
public final class Nb201Space {
    /** The five operations in NAS-Bench-201's order. */
    public static final List<String> OPERATIONS =
            List.of("none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3");
    /** Edge dimension names in the order of the architecture string. */
    public static final List<String> EDGES =
            List.of("edge-0-1", "edge-0-2", "edge-1-2", "edge-0-3", "edge-1-3", "edge-2-3");
    public static final String CONVS = "convs";
    public static final String CELL_PARAMS = "cell-params";
    /** Number of architectures in the space. */
    public static final int SIZE = 15_625;

    private static final SearchSpace SPACE = build();

    private Nb201Space() {
    }

    /** The space (name {@code nb201}). */
    public static SearchSpace space() {
        return SPACE;
    }

    private static SearchSpace build() {
        SpaceBuilder b = SpaceBuilder.named("nb201");
        for (String edge : EDGES) {
            String[] p = edge.split("-");
            b.categorical(edge, OPERATIONS, "operation applied to the output of node " + p[1]
                    + " on its way into node " + p[2] + " of the cell (none removes the edge)");
        }
        return b.metrics(List.of(CONVS, CELL_PARAMS), Nb201Space::metrics).build();
    }

    private static Map<String, Double> metrics(Architecture a) {
        int convs = 0;
        long params = 0;
        for (String edge : EDGES) {
            String op = a.getString(edge);
            if (op.equals("nor_conv_3x3")) {
                convs++;
                params += 9L * 16 * 16;
            } else if (op.equals("nor_conv_1x1")) {
                convs++;
                params += 16L * 16;
            }
        }
        Map<String, Double> m = new LinkedHashMap<>();
        m.put(CONVS, (double) convs);
        m.put(CELL_PARAMS, (double) params);
        return m;
    }

    /**
     * Parses {@code |op~0|+|op~0|op~1|+|op~0|op~1|op~2|} into a canonical architecture.
     *
     * @throws InvalidArchitectureException naming the position and what is allowed
     */
    public static Architecture parse(String text) {
        if (text == null) {
            throw new InvalidArchitectureException(null, "architecture string: null");
        }
        String[] nodes = text.trim().split("\\+", -1);
        if (nodes.length != 3) {
            throw new InvalidArchitectureException(null, "architecture string '" + text
                    + "': expected 3 nodes separated by '+' like |op~0|+|op~0|op~1|+|op~0|op~1|op~2|");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (int node = 1; node <= 3; node++) {
            String part = nodes[node - 1];
            if (!part.startsWith("|") || !part.endsWith("|")) {
                throw new InvalidArchitectureException(null, "architecture string '" + text + "': node " + node
                        + " '" + part + "' must be enclosed in '|'");
            }
            String[] ops = part.substring(1, part.length() - 1).split("\\|", -1);
            if (ops.length != node) {
                throw new InvalidArchitectureException(null, "architecture string '" + text + "': node " + node
                        + " has " + ops.length + " inputs, expected " + node);
            }
            for (int from = 0; from < node; from++) {
                String[] opAndInput = ops[from].split("~", -1);
                String edge = "edge-" + from + "-" + node;
                if (opAndInput.length != 2 || !opAndInput[1].equals(String.valueOf(from))) {
                    throw new InvalidArchitectureException(edge, edge + ": '" + ops[from] + "' is not of the form op~"
                            + from);
                }
                values.put(edge, opAndInput[0]);
            }
        }
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String edge : EDGES) {
            ordered.put(edge, values.get(edge));
        }
        return SPACE.canonicalize(Architecture.of(ordered));
    }

    /** Writes the architecture string of a canonical NAS-Bench-201 architecture. */
    public static String toArchString(Architecture a) {
        Architecture c = SPACE.canonicalize(a);
        StringBuilder sb = new StringBuilder();
        for (int node = 1; node <= 3; node++) {
            if (node > 1) {
                sb.append('+');
            }
            sb.append('|');
            for (int from = 0; from < node; from++) {
                sb.append(c.getString("edge-" + from + "-" + node)).append('~').append(from).append('|');
            }
        }
        return sb.toString();
    }

    /** All 15,625 architectures, in a fixed order (the first edge varies slowest); a new, mutable list. */
    public static List<Architecture> all() {
        return new ArrayList<>(All.LIST);
    }

    /** Built on first use: the architectures are immutable, so every caller can share them. */
    private static final class All {
        static final List<Architecture> LIST = List.copyOf(enumerate());
    }

    private static List<Architecture> enumerate() {
        List<Architecture> out = new ArrayList<>(SIZE);
        int[] idx = new int[EDGES.size()];
        for (int n = 0; n < SIZE; n++) {
            int r = n;
            Map<String, Object> m = new LinkedHashMap<>();
            for (int e = EDGES.size() - 1; e >= 0; e--) {
                idx[e] = r % OPERATIONS.size();
                r /= OPERATIONS.size();
            }
            for (int e = 0; e < EDGES.size(); e++) {
                m.put(EDGES.get(e), OPERATIONS.get(idx[e]));
            }
            out.add(Architecture.of(m));
        }
        return out;
    }
}
