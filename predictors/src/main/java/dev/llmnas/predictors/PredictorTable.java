package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.LabelledArchitecture;
import dev.llmnas.core.data.LlmasJsonl;
import dev.llmnas.core.metrics.MeanStd;
import dev.llmnas.core.metrics.PredictorMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The LLM-PP paper's predictor-quality protocol: for each seed's split, predictors built from the
 * demonstrations score the test architectures, and MAE and Kendall tau against the true score are
 * aggregated over seeds as mean (std), e.g. {@code 0.87 (0.02)}.
 *
 * <p>Two kinds of rows: <em>recorded</em> rows read a score already in the data (the baselines the paper
 * measured, such as {@code HAT.valid_BLEU}); <em>fitted</em> rows build any {@link PerformancePredictor} per
 * seed from that seed's demonstrations — a few-shot regressor, an LLM-PP predictor prompted with them, or a
 * student distilled from such a teacher:
 *
 * <pre>{@code
 * List<PredictorTable.Split> splits = PredictorTable.splits(data, "wmt14ende", HatSpaces.wmt14ende());
 * List<PredictorTable.Row> rows = PredictorTable.builder("wmt14ende", splits)
 *         .recorded("HAT", "HAT.valid_BLEU")
 *         .fitted("kNN (k=3)", demos -> KnnPredictor.fit(space, PredictorTable.architectures(demos),
 *                 PredictorTable.scores(demos, PredictorTable.TRUTH), 3, Direction.HIGHER_IS_BETTER))
 *         .build().evaluate();
 * }</pre>
 *
 * <p>A fitted predictor's failures are not imputed: its metrics cover the architectures it scored and
 * {@link Row#failed()} counts the rest. A seed whose metric cannot be computed (fewer than two scores, or
 * constant predictions for Kendall tau) contributes NaN, which makes the row's mean NaN.
 */
public final class PredictorTable {
    /** The paper's ground truth: BLEU on the validation set of the architecture trained from scratch. */
    public static final String TRUTH = "scratch.valid_BLEU";

    private final String task;
    private final List<Split> splits;
    private final String truth;
    private final Map<String, Function<Split, Scored>> rows;

    private PredictorTable(Builder b) {
        this.task = b.task;
        this.splits = b.splits;
        this.truth = b.truth;
        this.rows = new LinkedHashMap<>(b.rows);
    }

    /**
     * One seed's split of the paper's architectures.
     *
     * @param seed           the seed that drew the split
     * @param demonstrations the architectures a predictor may learn from (the paper's {@code train})
     * @param test           the architectures it is scored on
     */
    public record Split(int seed, List<LabelledArchitecture> demonstrations, List<LabelledArchitecture> test) {
        public Split {
            demonstrations = List.copyOf(demonstrations);
            test = List.copyOf(test);
            if (test.isEmpty()) {
                throw new IllegalArgumentException("split " + seed + ": test must not be empty");
            }
        }
    }

    /**
     * One predictor's quality over the seeds.
     *
     * @param task         the task, e.g. {@code wmt14ende}
     * @param predictor    the row's label
     * @param mae          mean absolute error, mean (std) over seeds
     * @param kendall      Kendall tau-b, mean (std) over seeds
     * @param maeBySeed    MAE of each seed, in split order
     * @param kendallBySeed Kendall tau of each seed, in split order
     * @param seeds        the seeds, in split order
     * @param failed       test architectures the predictor failed on, over all seeds
     */
    public record Row(String task, String predictor, MeanStd mae, MeanStd kendall, List<Double> maeBySeed,
                      List<Double> kendallBySeed, List<Integer> seeds, int failed) {
        public Row {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(predictor, "predictor");
            Objects.requireNonNull(mae, "mae");
            Objects.requireNonNull(kendall, "kendall");
            maeBySeed = List.copyOf(maeBySeed);
            kendallBySeed = List.copyOf(kendallBySeed);
            seeds = List.copyOf(seeds);
            if (failed < 0) {
                throw new IllegalArgumentException("failed: " + failed + " must be >= 0");
            }
        }
    }

    /** Predictions for one split: a score per test architecture, NaN where it failed. */
    private record Scored(double[] predicted) {
    }

    /**
     * Reads the paper's splits of a task for every seed of {@link DataPaths#seeds()}.
     *
     * @throws IllegalArgumentException when a split file is missing (naming it)
     */
    public static List<Split> splits(Path data, String task, SearchSpace space) {
        List<Split> out = new ArrayList<>();
        for (int seed : DataPaths.seeds()) {
            Path train = DataPaths.seedArchs(data, seed, task, "train");
            Path test = DataPaths.seedArchs(data, seed, task, "test");
            for (Path p : List.of(train, test)) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("task '" + task + "': split file " + p + " does not exist");
                }
            }
            out.add(new Split(seed, LlmasJsonl.read(train, space), LlmasJsonl.read(test, space)));
        }
        return out;
    }

    /** The architectures of labelled records, in order. */
    public static List<Architecture> architectures(List<LabelledArchitecture> records) {
        return records.stream().map(LabelledArchitecture::architecture).toList();
    }

    /** One named score of each record, in order; an exception names a record that lacks it. */
    public static double[] scores(List<LabelledArchitecture> records, String score) {
        return records.stream().mapToDouble(r -> r.score(score)).toArray();
    }

    /** Starts a table over {@code splits}; rows come out in the order they are added. */
    public static Builder builder(String task, List<Split> splits) {
        return new Builder(task, splits);
    }

    /** The task the table is about. */
    public String task() {
        return task;
    }

    /** The rows' labels, in order. */
    public List<String> labels() {
        return List.copyOf(rows.keySet());
    }

    /**
     * Computes every row: recorded rows read their score, fitted rows build their predictor once per seed and
     * score that seed's test architectures.
     */
    public List<Row> evaluate() {
        List<Row> out = new ArrayList<>();
        for (Map.Entry<String, Function<Split, Scored>> row : rows.entrySet()) {
            out.add(evaluate(row.getKey(), row.getValue()));
        }
        return out;
    }

    private Row evaluate(String label, Function<Split, Scored> scorer) {
        int n = splits.size();
        double[] mae = new double[n];
        double[] tau = new double[n];
        List<Integer> seeds = new ArrayList<>();
        int failed = 0;
        for (int s = 0; s < n; s++) {
            Split split = splits.get(s);
            seeds.add(split.seed());
            double[] truthAll = scores(split.test(), truth);
            Scored scored = scorer.apply(split);
            int ok = 0;
            for (double p : scored.predicted()) {
                ok += Double.isFinite(p) ? 1 : 0;
            }
            // a failure and a non-finite "success" are both unusable, and both are counted
            failed += truthAll.length - ok;
            double[] t = new double[ok];
            double[] p = new double[ok];
            int k = 0;
            for (int i = 0; i < truthAll.length; i++) {
                if (Double.isFinite(scored.predicted()[i])) {
                    t[k] = truthAll[i];
                    p[k++] = scored.predicted()[i];
                }
            }
            mae[s] = ok >= 1 ? PredictorMetrics.mae(t, p) : Double.NaN;
            tau[s] = ok >= 2 ? PredictorMetrics.kendallTau(t, p) : Double.NaN;
        }
        return new Row(task, label, MeanStd.of(mae), MeanStd.of(tau), boxed(mae), boxed(tau), seeds, failed);
    }

    private static List<Double> boxed(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    /**
     * A plain-text table, one row per predictor: {@code MAE} and {@code Kendall tau} as mean (std) with two
     * decimals, and the failure count when any.
     */
    public static String format(List<Row> rows) {
        int width = "predictor".length();
        for (Row r : rows) {
            width = Math.max(width, r.predictor().length());
        }
        StringBuilder sb = new StringBuilder();
        String fmt = "%-" + width + "s  %-13s  %-13s%s";
        sb.append(String.format(Locale.ROOT, fmt, "predictor", "MAE", "Kendall tau", "").stripTrailing()).append('\n');
        for (Row r : rows) {
            sb.append(String.format(Locale.ROOT, fmt, r.predictor(), r.mae(), r.kendall(),
                    r.failed() > 0 ? "  (" + r.failed() + " test architectures failed)" : "").stripTrailing())
                    .append('\n');
        }
        return sb.toString();
    }

    /** Builder of a {@link PredictorTable}. */
    public static final class Builder {
        private final String task;
        private final List<Split> splits;
        private String truth = TRUTH;
        private final Map<String, Function<Split, Scored>> rows = new LinkedHashMap<>();

        private Builder(String task, List<Split> splits) {
            if (task == null || task.isBlank()) {
                throw new IllegalArgumentException("task: must not be blank");
            }
            Objects.requireNonNull(splits, "splits");
            if (splits.isEmpty()) {
                throw new IllegalArgumentException("splits: need at least one seed's split");
            }
            this.task = task;
            this.splits = List.copyOf(splits);
        }

        /** The score that is ground truth. Default {@value PredictorTable#TRUTH}. */
        public Builder truth(String scoreName) {
            if (scoreName == null || scoreName.isBlank()) {
                throw new IllegalArgumentException("truth: must name a score, e.g. " + TRUTH);
            }
            this.truth = scoreName;
            return this;
        }

        /** A row whose predictions are a score recorded in the data, e.g. {@code HAT.valid_BLEU}. */
        public Builder recorded(String label, String scoreName) {
            if (scoreName == null || scoreName.isBlank()) {
                throw new IllegalArgumentException("recorded row '" + label + "': score name must not be blank");
            }
            return add(label, split -> new Scored(scores(split.test(), scoreName)));
        }

        /**
         * A row whose predictor is built once per seed from that seed's demonstrations (the factory reads the
         * scores it needs from the records, usually {@value PredictorTable#TRUTH}) and scores the seed's test
         * architectures through {@link PerformancePredictor#tryPredictAll}.
         */
        public Builder fitted(String label, Function<List<LabelledArchitecture>, PerformancePredictor> factory) {
            Objects.requireNonNull(factory, "factory");
            return add(label, split -> {
                PerformancePredictor predictor = factory.apply(split.demonstrations());
                if (predictor == null) {
                    throw new LlmnasException("row '" + label + "': the factory returned no predictor for seed "
                            + split.seed());
                }
                PredictionBatch batch = predictor.tryPredictAll(architectures(split.test()));
                if (batch.size() != split.test().size()) {
                    throw new LlmnasException("row '" + label + "': predictor '" + predictor.name() + "' returned "
                            + batch.size() + " results for " + split.test().size() + " test architectures");
                }
                return new Scored(batch.scoresOrNaN());
            });
        }

        private Builder add(String label, Function<Split, Scored> scorer) {
            if (label == null || label.isBlank()) {
                throw new IllegalArgumentException("row label: must not be blank");
            }
            if (rows.containsKey(label)) {
                throw new IllegalArgumentException("row label: '" + label + "' is already in the table");
            }
            rows.put(label, scorer);
            return this;
        }

        /**
         * Builds the table.
         *
         * @throws IllegalStateException when no row was added
         */
        public PredictorTable build() {
            if (rows.isEmpty()) {
                throw new IllegalStateException("a predictor table needs at least one row");
            }
            return new PredictorTable(this);
        }
    }
}
