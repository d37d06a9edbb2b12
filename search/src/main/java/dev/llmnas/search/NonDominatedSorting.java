package dev.llmnas.search;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * NSGA-II's ranking (Deb, Pratap, Agarwal and Meyarivan, 2002): fast non-dominated sorting into fronts and
 * the crowding distance within a front. Every objective is minimised; negate one that is maximised. Results
 * depend only on the values and their order (ties keep index order), never on hashing, so runs repeat.
 */
public final class NonDominatedSorting {
    private NonDominatedSorting() {
    }

    /**
     * True when {@code a} Pareto-dominates {@code b}: no worse in every objective and better in at least one.
     *
     * @throws IllegalArgumentException when the two have different numbers of objectives
     */
    public static boolean dominates(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("points: " + a.length + " and " + b.length
                    + " objectives; both must have the same number");
        }
        boolean better = false;
        for (int i = 0; i < a.length; i++) {
            if (a[i] > b[i]) {
                return false;
            }
            if (a[i] < b[i]) {
                better = true;
            }
        }
        return better;
    }

    /**
     * Sorts points into non-dominated fronts: front 0 holds the points no other point dominates, front 1 those
     * dominated only by front 0, and so on. O(m n&sup2;) for n points of m objectives.
     *
     * @param points n points (rows) of the same number m &ge; 1 of finite objectives (minimised)
     * @return the fronts, best first; each holds point indices in ascending order; together they hold every
     *         index once
     * @throws IllegalArgumentException when rows differ in length or hold a non-finite value
     */
    public static List<int[]> fronts(double[][] points) {
        check(points);
        int n = points.length;
        int[] dominatedBy = new int[n];
        List<List<Integer>> dominates = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            dominates.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (dominates(points[i], points[j])) {
                    dominates.get(i).add(j);
                    dominatedBy[j]++;
                } else if (dominates(points[j], points[i])) {
                    dominates.get(j).add(i);
                    dominatedBy[i]++;
                }
            }
        }
        List<int[]> fronts = new ArrayList<>();
        int[] current = java.util.stream.IntStream.range(0, n).filter(i -> dominatedBy[i] == 0).toArray();
        while (current.length > 0) {
            fronts.add(current);
            List<Integer> next = new ArrayList<>();
            for (int i : current) {
                for (int j : dominates.get(i)) {
                    if (--dominatedBy[j] == 0) {
                        next.add(j);
                    }
                }
            }
            current = next.stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return fronts;
    }

    /**
     * The rank of each point: the index of its front in {@link #fronts}.
     *
     * @throws IllegalArgumentException as {@link #fronts}
     */
    public static int[] ranks(double[][] points) {
        int[] ranks = new int[points.length];
        List<int[]> fronts = fronts(points);
        for (int f = 0; f < fronts.size(); f++) {
            for (int i : fronts.get(f)) {
                ranks[i] = f;
            }
        }
        return ranks;
    }

    /**
     * The crowding distance of each member of one front: for each objective, the members are sorted by it, the
     * two extremes get infinity and every other member adds the gap between its two neighbours divided by the
     * objective's range in the front. Larger means less crowded. An objective with no range adds nothing.
     *
     * @param points all points
     * @param front  indices into {@code points} of the front's members
     * @return the distances, aligned with {@code front}
     * @throws IllegalArgumentException when an index is out of range or the rows are invalid
     */
    public static double[] crowdingDistance(double[][] points, int[] front) {
        check(points);
        int k = front.length;
        double[] distance = new double[k];
        if (k == 0) {
            return distance;
        }
        for (int i : front) {
            if (i < 0 || i >= points.length) {
                throw new IllegalArgumentException("front: index " + i + " is not in [0, " + points.length + ")");
            }
        }
        int m = points[front[0]].length;
        Integer[] order = new Integer[k];
        for (int o = 0; o < m; o++) {
            final int obj = o;
            for (int i = 0; i < k; i++) {
                order[i] = i;
            }
            // stable: equal values keep front order
            Arrays.sort(order, (a, b) -> Double.compare(points[front[a]][obj], points[front[b]][obj]));
            double lo = points[front[order[0]]][obj];
            double hi = points[front[order[k - 1]]][obj];
            distance[order[0]] = Double.POSITIVE_INFINITY;
            distance[order[k - 1]] = Double.POSITIVE_INFINITY;
            if (hi > lo) {
                for (int i = 1; i < k - 1; i++) {
                    distance[order[i]] += (points[front[order[i + 1]]][obj] - points[front[order[i - 1]]][obj])
                            / (hi - lo);
                }
            }
        }
        return distance;
    }

    /**
     * The order in which NSGA-II keeps points: by front, and within a front by crowding distance, largest first
     * (ties by index).
     *
     * @param points the points (minimised objectives)
     * @return every index once, best first
     * @throws IllegalArgumentException as {@link #fronts}
     */
    public static int[] selectionOrder(double[][] points) {
        return ranking(points).order();
    }

    /** Ranks, crowding distances and the selection order of a set of points. */
    record Ranking(int[] rank, double[] crowding, int[] order) {
    }

    static Ranking ranking(double[][] points) {
        int n = points.length;
        int[] rank = new int[n];
        double[] crowding = new double[n];
        int[] order = new int[n];
        int next = 0;
        List<int[]> fronts = fronts(points);
        for (int f = 0; f < fronts.size(); f++) {
            int[] front = fronts.get(f);
            double[] d = crowdingDistance(points, front);
            Integer[] byCrowding = new Integer[front.length];
            for (int i = 0; i < front.length; i++) {
                byCrowding[i] = i;
                rank[front[i]] = f;
                crowding[front[i]] = d[i];
            }
            Arrays.sort(byCrowding, (a, b) -> Double.compare(d[b], d[a]));
            for (int i : byCrowding) {
                order[next++] = front[i];
            }
        }
        return new Ranking(rank, crowding, order);
    }

    private static void check(double[][] points) {
        if (points == null) {
            throw new IllegalArgumentException("points: null; expected an array of objective vectors");
        }
        int m = -1;
        for (int i = 0; i < points.length; i++) {
            double[] p = points[i];
            if (p == null || p.length == 0) {
                throw new IllegalArgumentException("points[" + i + "]: empty; each point needs at least one objective");
            }
            if (m >= 0 && p.length != m) {
                throw new IllegalArgumentException("points[" + i + "]: " + p.length + " objectives, but points[0] has "
                        + m + "; all must have the same number");
            }
            m = p.length;
            for (double v : p) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("points[" + i + "]: " + Arrays.toString(p)
                            + " holds a non-finite value; objectives must be finite");
                }
            }
        }
    }
}
