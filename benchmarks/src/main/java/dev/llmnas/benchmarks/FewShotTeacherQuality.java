package dev.llmnas.benchmarks;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.metrics.MeanStd;
import dev.llmnas.core.metrics.PredictorMetrics;
import dev.llmnas.core.spaces.Nb201Space;
import dev.llmnas.predictors.RidgePredictor;
import dev.llmnas.predictors.XGBoostDistiller;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Quality of the offline few-shot teacher and of the XGBoost student distilled from it, on NAS-Bench-201,
 * against the true 200-epoch accuracy of held-out cells: the earlier teacher (ridge on the encoding alone,
 * lambda 1; {@code --teacher fewshot:encoding}) against the current one (ridge on the encoding and the space's
 * efficiency metrics {@code convs} and {@code cell-params}, penalties chosen by leave-one-out on the
 * demonstrations; {@code --teacher fewshot}).
 *
 * <p>Per seed it draws, exactly as {@code quickstart} does from {@code SplittableRandom(seed)}: 10 distinct
 * demonstrations (their true accuracy is all a teacher learns from), then a pool of 3,000 distinct other cells
 * that the teacher labels for XGBoost (library defaults, seeded), then 1,000 distinct held-out cells that
 * neither ever sees. Teacher and student are scored on all 1,000 held-out cells (Kendall tau-b and MAE,
 * accuracy in percent). Run it with:
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -cp benchmarks/target/llmnas-benchmarks.jar dev.llmnas.benchmarks.FewShotTeacherQuality \
 *     [--seeds 10] [--first-seed 1] [--pool 3000] [--data DIR] [--per-seed]
 * </pre>
 *
 * It prints a Markdown table, mean (std) over the seeds (see {@code benchmarks/README-teacher.md}).
 */
public final class FewShotTeacherQuality {
    private static final int DEMONSTRATIONS = 10;
    private static final int HELD_OUT = 1_000;

    private FewShotTeacherQuality() {
    }

    /** The figures of one teacher on one seed. */
    record Scores(double teacherTau, double teacherMae, double studentTau, double studentMae, String teacher) {
    }

    public static void main(String[] args) {
        int seeds = 10;
        long firstSeed = 1;
        int poolSize = 3_000;
        Path data = null;
        boolean perSeed = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--seeds" -> seeds = Integer.parseInt(args[++i]);
                case "--first-seed" -> firstSeed = Long.parseLong(args[++i]);
                case "--pool" -> poolSize = Integer.parseInt(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--per-seed" -> perSeed = true;
                default -> {
                    System.err.println("unknown option " + args[i] + "; allowed: --seeds N, --first-seed N, --pool N,"
                            + " --data DIR, --per-seed");
                    System.exit(2);
                }
            }
        }
        NatsBench table = NatsBench.load(DataPaths.natsBench(DataPaths.locate(data, System.getenv(DataPaths.ENV),
                Path.of(""))));
        SearchSpace space = Nb201Space.space();
        StringBuilder md = new StringBuilder();
        md.append("| data set | teacher | teacher Kendall tau | teacher MAE | distilled Kendall tau | distilled MAE"
                + " | distilled tau, worst seed |\n|---|---|---|---|---|---|---|\n");
        for (NatsBench.Dataset ds : NatsBench.Dataset.values()) {
            List<Scores> before = new ArrayList<>();
            List<Scores> after = new ArrayList<>();
            for (long seed = firstSeed; seed < firstSeed + seeds; seed++) {
                SplittableRandom rng = new SplittableRandom(seed);
                Set<Architecture> used = new LinkedHashSet<>();
                List<Architecture> demos = distinct(space, rng, DEMONSTRATIONS, used);
                List<Architecture> pool = distinct(space, rng, poolSize, used);
                List<Architecture> heldOut = distinct(space, rng, HELD_OUT, used);
                double[] scores = demos.stream().mapToDouble(a -> table.accuracy(a, ds)).toArray();
                double[] truth = heldOut.stream().mapToDouble(a -> table.accuracy(a, ds)).toArray();
                RidgePredictor old = RidgePredictor.fit(space, demos, scores, 1.0, Direction.HIGHER_IS_BETTER);
                RidgePredictor current = RidgePredictor.builder().space(space).efficiencyMetrics(space.metricNames())
                        .direction(Direction.HIGHER_IS_BETTER).fit(demos, scores);
                before.add(score(old, old.description(), space, pool, heldOut, truth, seed));
                after.add(score(current, current.description(), space, pool, heldOut, truth, seed));
                if (perSeed) {
                    Scores b = before.get(before.size() - 1);
                    Scores a = after.get(after.size() - 1);
                    System.out.printf(Locale.ROOT, "%s seed %d: before tau %.3f/%.3f, after tau %.3f/%.3f (teacher/distilled); %s%n",
                            ds.id(), seed, b.teacherTau(), b.studentTau(), a.teacherTau(), a.studentTau(), a.teacher());
                }
            }
            row(md, ds.id(), "before: `fewshot:encoding` (encoding only, lambda 1)", before);
            row(md, ds.id(), "after: `fewshot` (encoding + convs, cell-params, LOO)", after);
            long left = after.stream().filter(s -> s.teacher().contains("encoding left out")).count();
            System.err.printf(Locale.ROOT, "%s: leave-one-out left the encoding out in %d of %d seeds%n",
                    ds.id(), left, after.size());
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "NAS-Bench-201, %d demonstrations, pool %d, %d held-out cells, mean (std) over"
                + " seeds %d-%d%n%n", DEMONSTRATIONS, poolSize, HELD_OUT, firstSeed, firstSeed + seeds - 1);
        System.out.print(md);
    }

    private static Scores score(PerformancePredictor teacher, String description, SearchSpace space,
                                List<Architecture> pool, List<Architecture> heldOut, double[] truth, long seed) {
        double[] t = teacher.predictAll(heldOut);
        PerformancePredictor student = XGBoostDistiller.builder().seed(seed).build().distill(teacher, space, pool);
        double[] s = student.predictAll(heldOut);
        return new Scores(PredictorMetrics.kendallTau(truth, t), PredictorMetrics.mae(truth, t),
                PredictorMetrics.kendallTau(truth, s), PredictorMetrics.mae(truth, s), description);
    }

    private static void row(StringBuilder md, String dataset, String label, List<Scores> scores) {
        double worst = scores.stream().mapToDouble(Scores::studentTau).min().orElseThrow();
        md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.2f |%n", dataset, label,
                meanStd(scores.stream().mapToDouble(Scores::teacherTau).toArray()),
                meanStd(scores.stream().mapToDouble(Scores::teacherMae).toArray()),
                meanStd(scores.stream().mapToDouble(Scores::studentTau).toArray()),
                meanStd(scores.stream().mapToDouble(Scores::studentMae).toArray()), worst));
    }

    private static String meanStd(double[] v) {
        MeanStd m = MeanStd.of(v);
        return String.format(Locale.ROOT, "%.2f (%.2f)", m.mean(), m.std());
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
