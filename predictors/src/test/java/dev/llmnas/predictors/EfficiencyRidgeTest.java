package dev.llmnas.predictors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PredictionException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.metrics.PredictorMetrics;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.LUDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Test;

class EfficiencyRidgeTest {
    private static final SearchSpace HAT = HatSpaces.wmt14ende();

    @Test
    void closed_form_leave_one_out_residuals_equal_refitting_without_each_demonstration() {
        SplittableRandom rng = new SplittableRandom(11);
        int n = 9;
        double[][] zEnc = randomColumns(rng, n, 12);
        double[][] zEff = randomColumns(rng, n, 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 3 * zEff[i][0] - zEnc[i][4] + rng.nextGaussian();
        }
        double[][] kEnc = LooRidge.gram(zEnc);
        double[][] kEff = LooRidge.gram(zEff);
        double inf = Double.POSITIVE_INFINITY;
        double[][] pairs = {{0.3, 2}, {5, 0.05}, {inf, 0.7}, {1, inf}, {100, 100}};
        for (double[] p : pairs) {
            double[] closed = LooRidge.looResiduals(kEnc, kEff, y, p[0], p[1]);
            double[] brute = bruteForceLoo(zEnc, zEff, y, p[0], p[1]);
            for (int i = 0; i < n; i++) {
                assertThat(closed[i]).as("lambda %s/%s, demonstration %d", p[0], p[1], i)
                        .isCloseTo(brute[i], within(1e-8));
            }
        }
    }

    @Test
    void the_chosen_penalties_are_those_brute_force_leave_one_out_and_the_one_standard_error_rule_pick() {
        SplittableRandom rng = new SplittableRandom(12);
        int n = 10;
        double[][] zEnc = randomColumns(rng, n, 30);
        double[][] zEff = randomColumns(rng, n, 2);
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            y[i] = 2 * zEff[i][1] + 0.5 * zEnc[i][0] + 0.3 * rng.nextGaussian();
        }
        double[] grid = {0.01, 0.1, 1, 10, 100};
        double[] encodingGrid = {Double.POSITIVE_INFINITY, 0.01, 0.1, 1, 10, 100};
        List<LooRidge.Candidate> closed = LooRidge.candidates(LooRidge.gram(zEnc), LooRidge.gram(zEff), y,
                encodingGrid, grid);
        List<LooRidge.Candidate> brute = new ArrayList<>();
        for (double le : encodingGrid) {
            for (double lf : grid) {
                double[] r = bruteForceLoo(zEnc, zEff, y, le, lf);
                double mse = 0;
                for (double v : r) {
                    mse += v * v / n;
                }
                double ss = 0;
                for (double v : r) {
                    ss += (v * v - mse) * (v * v - mse);
                }
                brute.add(new LooRidge.Candidate(le, lf, mse, Math.sqrt(ss / (n - 1) / n)));
            }
        }
        assertThat(closed).hasSameSizeAs(brute);
        for (int c = 0; c < closed.size(); c++) {
            assertThat(closed.get(c).meanSquaredLoo()).isCloseTo(brute.get(c).meanSquaredLoo(), within(1e-8));
            assertThat(closed.get(c).standardError()).isCloseTo(brute.get(c).standardError(), within(1e-8));
        }
        LooRidge.Candidate chosen = LooRidge.choose(closed);
        LooRidge.Candidate expected = LooRidge.choose(brute);
        assertThat(chosen.lambdaEncoding()).isEqualTo(expected.lambdaEncoding());
        assertThat(chosen.lambdaEfficiency()).isEqualTo(expected.lambdaEfficiency());
        // the rule: the largest encoding penalty within one standard error of the best, then its best partner
        LooRidge.Candidate best = brute.stream().min(java.util.Comparator.comparingDouble(
                LooRidge.Candidate::meanSquaredLoo)).orElseThrow();
        assertThat(chosen.meanSquaredLoo()).isLessThanOrEqualTo(best.meanSquaredLoo() + best.standardError());
        assertThat(brute.stream().filter(c -> c.meanSquaredLoo() <= best.meanSquaredLoo() + best.standardError())
                .mapToDouble(LooRidge.Candidate::lambdaEncoding).max().orElseThrow())
                .isEqualTo(chosen.lambdaEncoding());
    }

    @Test
    void a_score_that_depends_only_on_flops_is_ranked_perfectly_with_the_metric_and_not_by_the_encoding_alone() {
        List<Architecture> demos = Fixtures.sample(HAT, 10, 21);
        List<Architecture> test = Fixtures.sample(HAT, 300, 22);
        double[] scores = demos.stream().mapToDouble(EfficiencyRidgeTest::flopsScore).toArray();
        double[] truth = test.stream().mapToDouble(EfficiencyRidgeTest::flopsScore).toArray();

        RidgePredictor withMetric = RidgePredictor.builder().space(HAT).efficiencyMetrics(List.of(HatSpaces.FLOPS))
                .fit(demos, scores);
        RidgePredictor encodingOnly = RidgePredictor.fit(HAT, demos, scores, 1, Direction.HIGHER_IS_BETTER);

        assertThat(PredictorMetrics.kendallTau(truth, withMetric.predictAll(test))).isCloseTo(1.0, within(1e-12));
        assertThat(PredictorMetrics.kendallTau(truth, encodingOnly.predictAll(test))).isLessThan(0.95);
        assertThat(withMetric.encodingLambda()).isInfinite();
        assertThat(withMetric.efficiencyWeights()[0]).isPositive();
        assertThat(withMetric.description()).isEqualTo("ridge on 10 demonstrations (means encoding + efficiency"
                + " flops; penalties by leave-one-out: encoding left out, efficiency "
                + withMetric.name().replaceAll(".*/([^)]*)\\)$", "$1") + ")");
        assertThat(withMetric.name()).startsWith("ridge(means+flops, LOO lambda inf/");
    }

    @Test
    void the_encoding_joins_when_the_demonstrations_clearly_need_it() {
        List<Architecture> demos = Fixtures.sample(HAT, 30, 23);
        double[] scores = demos.stream().mapToDouble(a -> 20 + 4 * a.getInt("decoder-layer-num")).toArray();
        RidgePredictor p = RidgePredictor.builder().space(HAT).efficiencyMetrics(List.of(HatSpaces.FLOPS))
                .fit(demos, scores);
        assertThat(p.encodingLambda()).isFinite();
        for (Architecture a : Fixtures.sample(HAT, 50, 24)) {
            assertThat(p.predict(a)).isCloseTo(20 + 4 * a.getInt("decoder-layer-num"), within(0.5));
        }
    }

    @Test
    void a_fixed_penalty_without_metrics_is_the_encoding_only_ridge() {
        List<Architecture> demos = Fixtures.sample(HAT, 12, 25);
        double[] scores = demos.stream().mapToDouble(Fixtures::syntheticBleu).toArray();
        RidgePredictor viaBuilder = RidgePredictor.builder().space(HAT).lambda(2.5).fit(demos, scores);
        RidgePredictor classic = RidgePredictor.fit(HAT, demos, scores, 2.5, Direction.HIGHER_IS_BETTER);
        for (Architecture a : Fixtures.sample(HAT, 30, 26)) {
            assertThat(viaBuilder.predict(a)).isCloseTo(classic.predict(a), within(1e-9));
        }
        assertThat(classic.description()).isEqualTo("ridge on 12 demonstrations (means encoding only, lambda=2.5)");
        assertThat(viaBuilder.name()).isEqualTo("ridge(means, lambda=2.5)");
    }

    @Test
    void bad_settings_are_rejected_naming_the_setting_and_what_is_allowed() {
        List<Architecture> demos = Fixtures.sample(HAT, 5, 27);
        double[] scores = {1, 2, 3, 4, 5};
        assertThatThrownBy(() -> RidgePredictor.builder().lambda(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lambda: 0.0 must be a finite number > 0");
        assertThatThrownBy(() -> RidgePredictor.builder().lambdaGrid()).hasMessageContaining("lambdaGrid: empty");
        assertThatThrownBy(() -> RidgePredictor.builder().lambdaGrid(1, -2)).hasMessageContaining("lambdaGrid: -2.0");
        assertThatThrownBy(() -> RidgePredictor.builder().efficiencyMetrics(List.of("flops", "flops")))
                .hasMessageContaining("names a metric twice");
        assertThatThrownBy(() -> RidgePredictor.builder().fit(demos, scores))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("space: not set");
        assertThatThrownBy(() -> RidgePredictor.builder().space(HAT).lambda(1).lambdaGrid(1, 2).fit(demos, scores))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("set one, not both");
        assertThatThrownBy(() -> RidgePredictor.builder().space(HAT).efficiencyMetrics(List.of("latency"))
                .fit(demos, scores)).hasMessageContaining("efficiencyMetrics: 'latency' is not one of [params");
        assertThatThrownBy(() -> RidgePredictor.builder().space(HAT).fit(demos.subList(0, 2), new double[] {1, 2}))
                .hasMessageContaining("needs at least 3");
        Architecture cell = Nb201Space.all().get(0);
        RidgePredictor p = RidgePredictor.builder().space(HAT).efficiencyMetrics(List.of("flops")).fit(demos, scores);
        assertThatThrownBy(() -> p.predict(cell)).isInstanceOf(PredictionException.class)
                .hasMessageContaining("ridge(means+flops");
    }

    @Test
    void on_nas_bench_201_the_distilled_student_of_the_efficiency_teacher_ranks_held_out_cells_with_tau_above_half() {
        NatsBench table = NatsBench.load(DataPaths.natsBench(DataPaths.locate(null, System.getenv(DataPaths.ENV), java.nio.file.Path.of(""))));
        SearchSpace space = Nb201Space.space();
        SplittableRandom rng = new SplittableRandom(1);
        Set<Architecture> used = new LinkedHashSet<>();
        List<Architecture> demos = distinct(space, rng, 10, used);
        List<Architecture> pool = distinct(space, rng, 1000, used);
        List<Architecture> heldOut = distinct(space, rng, 1000, used);
        NatsBench.Dataset ds = NatsBench.Dataset.CIFAR10;
        double[] scores = demos.stream().mapToDouble(a -> table.accuracy(a, ds)).toArray();
        double[] truth = heldOut.stream().mapToDouble(a -> table.accuracy(a, ds)).toArray();
        RidgePredictor teacher = RidgePredictor.builder().space(space).efficiencyMetrics(space.metricNames())
                .fit(demos, scores);
        DistilledPredictor student = XGBoostDistiller.builder().seed(1).rounds(100).build()
                .distill(teacher, space, pool);
        double oldTau = PredictorMetrics.kendallTau(truth,
                RidgePredictor.fit(space, demos, scores, 1, Direction.HIGHER_IS_BETTER).predictAll(heldOut));
        double studentTau = PredictorMetrics.kendallTau(truth, student.predictAll(heldOut));
        assertThat(studentTau).isGreaterThanOrEqualTo(0.5).isGreaterThan(oldTau);
    }

    private static double flopsScore(Architecture a) {
        return 18 + 3e-9 * HAT.metric(a, HatSpaces.FLOPS);
    }

    /** Centred random columns, as the predictor's standardisation leaves them. */
    private static double[][] randomColumns(SplittableRandom rng, int n, int f) {
        double[][] z = new double[n][f];
        for (int j = 0; j < f; j++) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                z[i][j] = rng.nextGaussian();
                mean += z[i][j] / n;
            }
            for (int i = 0; i < n; i++) {
                z[i][j] -= mean;
            }
        }
        return z;
    }

    /**
     * Leave-one-out by refitting: for each demonstration, the primal ridge on the others with an unpenalised
     * intercept ({@code [1 Z]} with penalty {@code diag(0, lambdas)}, normal equations by LU), then its prediction.
     */
    private static double[] bruteForceLoo(double[][] zEnc, double[][] zEff, double[] y, double le, double lf) {
        int n = y.length;
        List<double[]> columns = new ArrayList<>();
        List<Double> penalties = new ArrayList<>();
        if (!Double.isInfinite(le)) {
            for (int j = 0; j < zEnc[0].length; j++) {
                columns.add(column(zEnc, j));
                penalties.add(le);
            }
        }
        if (!Double.isInfinite(lf)) {
            for (int j = 0; j < zEff[0].length; j++) {
                columns.add(column(zEff, j));
                penalties.add(lf);
            }
        }
        int p = columns.size() + 1;
        double[] out = new double[n];
        for (int left = 0; left < n; left++) {
            double[][] x = new double[n - 1][p];
            double[] t = new double[n - 1];
            int r = 0;
            for (int i = 0; i < n; i++) {
                if (i == left) {
                    continue;
                }
                x[r][0] = 1;
                for (int j = 1; j < p; j++) {
                    x[r][j] = columns.get(j - 1)[i];
                }
                t[r++] = y[i];
            }
            RealMatrix xm = new Array2DRowRealMatrix(x);
            RealMatrix a = xm.transpose().multiply(xm);
            for (int j = 1; j < p; j++) {
                a.addToEntry(j, j, penalties.get(j - 1));
            }
            double[] w = new LUDecomposition(a).getSolver().solve(xm.transpose().operate(new ArrayRealVector(t)))
                    .toArray();
            double prediction = w[0];
            for (int j = 1; j < p; j++) {
                prediction += w[j] * columns.get(j - 1)[left];
            }
            out[left] = y[left] - prediction;
        }
        return out;
    }

    private static double[] column(double[][] z, int j) {
        double[] c = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            c[i] = z[i][j];
        }
        return c;
    }

    private static List<Architecture> distinct(SearchSpace space, SplittableRandom rng, int n, Set<Architecture> used) {
        List<Architecture> out = new ArrayList<>(n);
        while (out.size() < n) {
            Architecture a = space.sample(rng);
            if (used.add(a)) {
                out.add(a);
            }
        }
        return out;
    }
}
