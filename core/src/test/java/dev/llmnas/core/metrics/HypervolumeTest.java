package dev.llmnas.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class HypervolumeTest {

    /** Brute force: the union of the boxes [p, reference] on the grid of all coordinates, cell by cell. */
    private static double bruteForce(double[][] points, double[] ref) {
        TreeSet<Double> xs = new TreeSet<>();
        TreeSet<Double> ys = new TreeSet<>();
        xs.add(ref[0]);
        ys.add(ref[1]);
        for (double[] p : points) {
            if (p[0] < ref[0]) {
                xs.add(p[0]);
            }
            if (p[1] < ref[1]) {
                ys.add(p[1]);
            }
        }
        Double[] x = xs.toArray(Double[]::new);
        Double[] y = ys.toArray(Double[]::new);
        double area = 0;
        for (int i = 0; i + 1 < x.length; i++) {
            for (int j = 0; j + 1 < y.length; j++) {
                double cx = (x[i] + x[i + 1]) / 2;
                double cy = (y[j] + y[j + 1]) / 2;
                boolean covered = false;
                for (double[] p : points) {
                    if (p[0] <= cx && p[1] <= cy) {
                        covered = true;
                        break;
                    }
                }
                if (covered) {
                    area += (x[i + 1] - x[i]) * (y[j + 1] - y[j]);
                }
            }
        }
        return area;
    }

    @Test
    void equals_the_brute_force_union_of_boxes_on_random_point_sets() {
        SplittableRandom random = new SplittableRandom(11);
        for (int trial = 0; trial < 200; trial++) {
            int n = random.nextInt(0, 40);
            double[][] points = new double[n][];
            for (int i = 0; i < n; i++) {
                // some points on a coarse grid, so ties and repeats occur; some beyond the reference
                points[i] = trial % 2 == 0
                        ? new double[] {random.nextInt(0, 12), random.nextInt(0, 12)}
                        : new double[] {random.nextDouble() * 11, random.nextDouble() * 11};
            }
            double[] ref = {10, 10};
            assertThat(Hypervolume.of2d(points, ref)).as("trial %d: %s", trial, Arrays.deepToString(points))
                    .isCloseTo(bruteForce(points, ref), within(1e-9));
        }
    }

    @Test
    void a_hand_made_staircase_has_the_area_of_its_three_rectangles() {
        double[][] points = {{1, 3}, {2, 2}, {3, 1}, {2.5, 2.5}};
        // (2-1)*(4-3) + (3-2)*(4-2) + (4-3)*(4-1) = 1 + 2 + 3
        assertThat(Hypervolume.of2d(points, new double[] {4, 4})).isEqualTo(6.0);
    }

    @Test
    void points_that_do_not_dominate_the_reference_add_nothing() {
        assertThat(Hypervolume.of2d(new double[][] {{5, 1}, {1, 5}, {4, 4}}, new double[] {4, 4})).isZero();
        assertThat(Hypervolume.of2d(new double[0][], new double[] {4, 4})).isZero();
    }

    @Test
    void rejects_points_that_are_not_two_finite_values() {
        assertThatThrownBy(() -> Hypervolume.of2d(new double[][] {{1, Double.NaN}}, new double[] {4, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("point: [1.0, NaN]");
        assertThatThrownBy(() -> Hypervolume.of2d(new double[][] {{1, 2}}, new double[] {4, 4, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference");
    }
}
