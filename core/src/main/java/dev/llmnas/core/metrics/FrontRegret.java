package dev.llmnas.core.metrics;

import java.util.Arrays;

/**
 * How far a found set of architectures falls short of the true Pareto front of a score (maximised) against a
 * cost (minimised): for every point of the true front, its score minus the best score found at no more than
 * that point's cost; reported as the mean over the true front's points and the worst point. 0 means every
 * trade-off of the true front was matched.
 *
 * @param mean   the mean shortfall over the true front's points, in the score's units (e.g. accuracy points)
 * @param worst  the largest shortfall of one point
 * @param points the number of true-front points
 */
public record FrontRegret(double mean, double worst, int points) {

    public FrontRegret {
        if (!Double.isFinite(mean) || !Double.isFinite(worst)) {
            throw new IllegalArgumentException("mean (" + mean + ") and worst (" + worst + ") must be finite");
        }
        if (points < 1) {
            throw new IllegalArgumentException("points: " + points + " must be at least 1");
        }
    }

    /**
     * The front regret of a found set against a true front.
     *
     * @param trueCost   costs of the true front's points (minimised), e.g. cell-params
     * @param trueScore  scores of the true front's points (maximised), e.g. accuracy in percent; same length
     * @param foundCost  costs of what the method found (any points, dominated ones included or not)
     * @param foundScore their scores; same length as {@code foundCost}
     * @param floor      the score counted as found where the method found nothing at or below a point's cost
     *                   (e.g. the worst score of the table)
     * @throws IllegalArgumentException when lengths differ, the true front is empty or a value is not finite
     */
    public static FrontRegret of(double[] trueCost, double[] trueScore, double[] foundCost, double[] foundScore,
                                 double floor) {
        double[] regret = perPoint(trueCost, trueScore, foundCost, foundScore, floor);
        double sum = 0;
        double worst = Double.NEGATIVE_INFINITY;
        for (double r : regret) {
            sum += r;
            worst = Math.max(worst, r);
        }
        return new FrontRegret(sum / trueCost.length, worst, trueCost.length);
    }

    /**
     * The per-point breakdown of {@link #of}: for each true-front point, in the order given, its score minus the
     * best score found at no more than its cost (which efficiency levels a method misses, and by how much).
     *
     * @param trueCost   costs of the true front's points (minimised), e.g. cell-params
     * @param trueScore  scores of the true front's points (maximised), e.g. accuracy in percent; same length
     * @param foundCost  costs of what the method found (any points, dominated ones included or not)
     * @param foundScore their scores; same length as {@code foundCost}
     * @param floor      the score counted as found where the method found nothing at or below a point's cost
     *                   (e.g. the worst score of the table)
     * @return one shortfall per true-front point, in the score's units
     * @throws IllegalArgumentException when lengths differ, the true front is empty or a value is not finite
     */
    public static double[] perPoint(double[] trueCost, double[] trueScore, double[] foundCost, double[] foundScore,
                                    double floor) {
        if (trueCost.length != trueScore.length || trueCost.length == 0) {
            throw new IllegalArgumentException("trueCost (" + trueCost.length + ") and trueScore ("
                    + trueScore.length + ") must be non-empty and of equal length");
        }
        if (foundCost.length != foundScore.length) {
            throw new IllegalArgumentException("foundCost (" + foundCost.length + ") and foundScore ("
                    + foundScore.length + ") must be of equal length");
        }
        if (!Double.isFinite(floor)) {
            throw new IllegalArgumentException("floor: " + floor + " must be finite");
        }
        finite(trueCost, "trueCost");
        finite(trueScore, "trueScore");
        finite(foundCost, "foundCost");
        finite(foundScore, "foundScore");
        // best found score at or below each cost: sort the found points by cost, running maximum
        Integer[] order = new Integer[foundCost.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(foundCost[a], foundCost[b]));
        double[] costs = new double[order.length];
        double[] best = new double[order.length];
        double running = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < order.length; i++) {
            costs[i] = foundCost[order[i]];
            running = Math.max(running, foundScore[order[i]]);
            best[i] = running;
        }
        double[] regret = new double[trueCost.length];
        for (int p = 0; p < trueCost.length; p++) {
            // last found point whose cost is at most this one's
            int lo = 0;
            int hi = costs.length;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (costs[mid] <= trueCost[p]) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            double found = lo == 0 ? floor : Math.max(floor, best[lo - 1]);
            regret[p] = trueScore[p] - found;
        }
        return regret;
    }

    private static void finite(double[] values, String field) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(field + "[" + i + "]: " + values[i] + " must be finite");
            }
        }
    }
}
