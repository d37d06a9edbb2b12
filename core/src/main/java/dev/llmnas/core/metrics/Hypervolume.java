package dev.llmnas.core.metrics;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The hypervolume indicator (Zitzler and Thiele, 1998): the area of objective space that a set of points
 * dominates, bounded by a reference point. Every objective is minimised here; negate an objective that is
 * maximised (e.g. accuracy) before calling. Points that do not strictly dominate the reference point add
 * nothing.
 */
public final class Hypervolume {
    private Hypervolume() {
    }

    /**
     * The exact two-dimensional hypervolume: sort by the first objective and sum the rectangles of the
     * non-dominated staircase, in O(n log n).
     *
     * @param points    n points of two objectives each (minimised); may be empty, may hold dominated points
     *                  and repeats
     * @param reference the reference point, two finite values, worse than every point that should count
     * @return the dominated area, in the product of the two objectives' units; 0 for no point
     * @throws IllegalArgumentException when a point or the reference does not have two finite values
     */
    public static double of2d(double[][] points, double[] reference) {
        check(reference, "reference");
        double[][] inside = Arrays.stream(points)
                .peek(p -> check(p, "point"))
                .filter(p -> p[0] < reference[0] && p[1] < reference[1])
                .sorted(Comparator.<double[]>comparingDouble(p -> p[0]).thenComparingDouble(p -> p[1]))
                .toArray(double[][]::new);
        // the staircase of non-dominated points: x ascending, y strictly descending
        double[][] stair = new double[inside.length][];
        int k = 0;
        double bestY = reference[1];
        for (double[] p : inside) {
            if (p[1] < bestY) {
                stair[k++] = p;
                bestY = p[1];
            }
        }
        double area = 0;
        for (int i = 0; i < k; i++) {
            double nextX = i + 1 < k ? stair[i + 1][0] : reference[0];
            area += (nextX - stair[i][0]) * (reference[1] - stair[i][1]);
        }
        return area;
    }

    private static void check(double[] p, String what) {
        if (p == null || p.length != 2 || !Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
            throw new IllegalArgumentException(what + ": " + (p == null ? "null" : Arrays.toString(p))
                    + " is not allowed; it must hold two finite values (minimised objectives)");
        }
    }
}
