package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.InvalidArchitectureException;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

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
 * String truth = "scratch.valid_BLEU";  // the paper's ground truth
 * List<PredictorTable.Split> splits = PredictorTable.splits(data, "wmt14ende", HatSpaces.wmt14ende(),
 *         List.of(123, 456, 789), truth);            // the paper's seeds
 * List<PredictorTable.Row> rows = PredictorTable.builder("wmt14ende", splits, truth)
 *         .recorded("HAT", "HAT.valid_BLEU")
 *         .fitted("kNN (k=3)", demos -> KnnPredictor.fit(space, PredictorTable.architectures(demos),
 *                 PredictorTable.scores(demos, truth), 3, Direction.HIGHER_IS_BETTER))
 *         .build().evaluate();
 * }</pre>
 *
 * <p>Nothing of the paper is assumed: the seeds and the score that is ground truth are parameters (the
 * command line and the examples hold the paper's values).
 *
 * <p>A fitted predictor's failures are not imputed: its metrics cover the architectures it scored and
 * {@link Row#failed()} counts the rest, with the first failure's reason in {@link Row#note()}. A predictor
 * that cannot be built for a seed (its factory, or a distillation inside it, throws an
 * {@link LlmnasException}) fails on all of that seed's test architectures. When a seed's metric cannot be
 * computed (no score at all, fewer than two scores or constant predictions for Kendall tau) the row's
 * mean (std) of that metric is empty rather than NaN and the note says why; the other rows are unaffected.
 */
public final class PredictorTable {
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
     * @param task          the task, e.g. {@code wmt14ende}
     * @param predictor     the row's label
     * @param mae           mean absolute error, mean (std) over seeds; empty when a seed's MAE could not be
     *                      computed (the predictor scored none of its test architectures)
     * @param kendall       Kendall tau-b, mean (std) over seeds; empty when a seed's tau could not be computed
     *                      (fewer than two scores, or constant predictions)
     * @param maeBySeed     MAE of each seed, in split order; NaN where it could not be computed
     * @param kendallBySeed Kendall tau of each seed, in split order; NaN where it could not be computed
     * @param seeds         the seeds, in split order
     * @param predictions   test architectures the predictor was asked to score, over all seeds
     * @param failed        those it failed on (a failure, a non-finite score, or no predictor for the seed)
     * @param note          why predictions failed or a metric is missing, in a few words; empty when
     *                      every prediction succeeded and both metrics were computed
     */
    public record Row(String task, String predictor, Optional<MeanStd> mae, Optional<MeanStd> kendall,
                      List<Double> maeBySeed, List<Double> kendallBySeed, List<Integer> seeds, int predictions,
                      int failed, Optional<String> note) {
        public Row {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(predictor, "predictor");
            Objects.requireNonNull(mae, "mae");
            Objects.requireNonNull(kendall, "kendall");
            Objects.requireNonNull(note, "note");
            maeBySeed = List.copyOf(maeBySeed);
            kendallBySeed = List.copyOf(kendallBySeed);
            seeds = List.copyOf(seeds);
            if (maeBySeed.size() != seeds.size() || kendallBySeed.size() != seeds.size()) {
                throw new IllegalArgumentException("maeBySeed (" + maeBySeed.size() + ") and kendallBySeed ("
                        + kendallBySeed.size() + ") need one value per seed (" + seeds.size() + ")");
            }
            if (failed < 0 || failed > predictions) {
                throw new IllegalArgumentException("failed: " + failed + " must be in [0, predictions = "
                        + predictions + "]");
            }
            if ((mae.isEmpty() || kendall.isEmpty() || failed > 0) && note.isEmpty()) {
                throw new IllegalArgumentException("row '" + predictor + "': a missing metric or a failed prediction"
                        + " needs a note saying why");
            }
        }

        /** True when some prediction failed: the row's figures are partial or missing (a runtime failure). */
        public boolean hasFailures() {
            return failed > 0;
        }

        /** True when both metrics were computed (possibly over fewer architectures, see {@link #failed()}). */
        public boolean evaluated() {
            return mae.isPresent() && kendall.isPresent();
        }
    }

    /**
     * Predictions for one split: a score per test architecture, NaN where it failed, and the first failure's
     * reason (null when none failed or the failure was a non-finite score).
     */
    private record Scored(double[] predicted, String firstFailure) {
    }

    /**
     * Reads the splits of a task in the layout of the paper's data ({@link DataPaths#seedArchs}): for each seed,
     * {@code train.jsonl} gives the demonstrations and {@code test.jsonl} the test architectures.
     *
     * @param data  the data folder
     * @param task  the task's folder name, e.g. {@code wmt14ende}
     * @param space the space the architectures belong to
     * @param seeds the seeds whose splits to read, in order, at least one (the paper's: 123, 456, 789)
     * @param truth the score every record must hold, e.g. {@code scratch.valid_BLEU} (the paper's ground truth)
     * @return one split per seed, in the order of {@code seeds}
     * @throws IllegalArgumentException when {@code seeds} is empty or {@code truth} blank, or a split file is
     *                                  missing (naming it)
     * @throws dev.llmnas.core.DataFormatException when a split file is empty or a record lacks a finite
     *                                             {@code truth} (naming file, line, field and reason)
     */
    public static List<Split> splits(Path data, String task, SearchSpace space, List<Integer> seeds, String truth) {
        Objects.requireNonNull(seeds, "seeds");
        if (seeds.isEmpty()) {
            throw new IllegalArgumentException("seeds: need at least one seed, e.g. the paper's [123, 456, 789]");
        }
        checkTruth(truth);
        List<Split> out = new ArrayList<>();
        for (int seed : seeds) {
            Path train = DataPaths.seedArchs(data, seed, task, "train");
            Path test = DataPaths.seedArchs(data, seed, task, "test");
            for (Path p : List.of(train, test)) {
                if (!Files.isRegularFile(p)) {
                    throw new IllegalArgumentException("task '" + task + "': split file " + p + " does not exist");
                }
            }
            // every record must carry the ground truth: a damaged file fails here as file:line: field: reason
            out.add(new Split(seed, LlmasJsonl.read(train, space, truth), LlmasJsonl.read(test, space, truth)));
        }
        return out;
    }

    private static String checkTruth(String truth) {
        if (truth == null || truth.isBlank()) {
            throw new IllegalArgumentException("truth: '" + truth + "' must name the score that is ground truth,"
                    + " e.g. scratch.valid_BLEU");
        }
        return truth;
    }

    /** The architectures of labelled records, in order. */
    public static List<Architecture> architectures(List<LabelledArchitecture> records) {
        return records.stream().map(LabelledArchitecture::architecture).toList();
    }

    /** One named score of each record, in order; an exception names a record that lacks it. */
    public static double[] scores(List<LabelledArchitecture> records, String score) {
        return records.stream().mapToDouble(r -> r.score(score)).toArray();
    }

    /**
     * Starts a table over {@code splits}; rows come out in the order they are added.
     *
     * @param task   the task, e.g. {@code wmt14ende}
     * @param splits the seeds' splits, at least one
     * @param truth  the score that is ground truth, e.g. {@code scratch.valid_BLEU}
     * @return the builder
     * @throws IllegalArgumentException when {@code task} or {@code truth} is blank or {@code splits} empty
     */
    public static Builder builder(String task, List<Split> splits, String truth) {
        return new Builder(task, splits, truth);
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
        List<Integer> constant = new ArrayList<>();
        int predictions = 0;
        int failed = 0;
        String firstFailure = null;
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
            predictions += truthAll.length;
            failed += truthAll.length - ok;
            if (firstFailure == null && ok < truthAll.length) {
                firstFailure = scored.firstFailure() != null ? scored.firstFailure() : "a score was not finite";
            }
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
            if (ok >= 2 && Double.isNaN(tau[s]) && isConstant(p)) {
                constant.add(split.seed());
            }
        }
        List<String> why = new ArrayList<>();
        if (failed > 0) {
            why.add(failed + " of " + predictions + " predictions failed: " + firstFailure);
        }
        if (!constant.isEmpty()) {
            why.add("constant predictions" + (constant.size() == n ? "" : " for seed" + (constant.size() > 1 ? "s " : " ")
                    + constant.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        }
        Optional<MeanStd> maeSummary = summary(mae);
        Optional<MeanStd> tauSummary = summary(tau);
        if (why.isEmpty() && (maeSummary.isEmpty() || tauSummary.isEmpty())) {
            // e.g. a truth score that is constant over a seed's test architectures
            why.add("Kendall tau undefined for a seed");
        }
        return new Row(task, label, maeSummary, tauSummary, boxed(mae), boxed(tau), seeds, predictions, failed,
                why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why)));
    }

    /** Mean (std) over seeds, or empty when a seed's value is missing (averaging fewer seeds would mislead). */
    private static Optional<MeanStd> summary(double[] bySeed) {
        for (double v : bySeed) {
            if (!Double.isFinite(v)) {
                return Optional.empty();
            }
        }
        return Optional.of(MeanStd.of(bySeed));
    }

    private static boolean isConstant(double[] values) {
        for (double v : values) {
            if (v != values[0]) {
                return false;
            }
        }
        return true;
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
     * decimals, {@code n/a} where a metric could not be computed, and the row's note (how many predictions
     * failed and why, or why a metric is missing) in parentheses after it.
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
            sb.append(String.format(Locale.ROOT, fmt, r.predictor(), cell(r.mae()), cell(r.kendall()),
                    r.note().map(n -> "  (" + shorten(n) + ")").orElse("")).stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String cell(Optional<MeanStd> metric) {
        return metric.map(MeanStd::toString).orElse("n/a");
    }

    /** One line of at most {@value #NOTE_WIDTH} characters: a provider's error text can be long. */
    private static String shorten(String note) {
        String line = note.replaceAll("\\s*\\R\\s*", " ");
        return line.length() <= NOTE_WIDTH ? line : line.substring(0, NOTE_WIDTH - 3) + "...";
    }

    private static final int NOTE_WIDTH = 160;

    /** Builder of a {@link PredictorTable}. */
    public static final class Builder {
        private final String task;
        private final List<Split> splits;
        private final String truth;
        private final Map<String, Function<Split, Scored>> rows = new LinkedHashMap<>();

        private Builder(String task, List<Split> splits, String truth) {
            if (task == null || task.isBlank()) {
                throw new IllegalArgumentException("task: must not be blank");
            }
            Objects.requireNonNull(splits, "splits");
            if (splits.isEmpty()) {
                throw new IllegalArgumentException("splits: need at least one seed's split");
            }
            this.task = task;
            this.splits = List.copyOf(splits);
            this.truth = checkTruth(truth);
        }

        /** A row whose predictions are a score recorded in the data, e.g. {@code HAT.valid_BLEU}. */
        public Builder recorded(String label, String scoreName) {
            if (scoreName == null || scoreName.isBlank()) {
                throw new IllegalArgumentException("recorded row '" + label + "': score name must not be blank");
            }
            return add(label, split -> new Scored(scores(split.test(), scoreName), null));
        }

        /**
         * A row whose predictor is built once per seed from that seed's demonstrations (the factory reads the
         * scores it needs from the records, usually the table's truth) and scores the seed's test
         * architectures through {@link PerformancePredictor#tryPredictAll}.
         */
        public Builder fitted(String label, Function<List<LabelledArchitecture>, PerformancePredictor> factory) {
            Objects.requireNonNull(factory, "factory");
            return add(label, split -> {
                PerformancePredictor predictor;
                try {
                    predictor = factory.apply(split.demonstrations());
                } catch (InvalidArchitectureException | DataFormatException e) {
                    throw e; // bad input, not a predictor that failed at run time
                } catch (LlmnasException e) {
                    // e.g. a student whose teacher labelled too few of the pool: this seed has no predictor, the
                    // other rows and seeds still count
                    double[] none = new double[split.test().size()];
                    Arrays.fill(none, Double.NaN);
                    return new Scored(none, "seed " + split.seed() + ": " + Failures.reason(e));
                }
                if (predictor == null) {
                    throw new LlmnasException("row '" + label + "': the factory returned no predictor for seed "
                            + split.seed());
                }
                PredictionBatch batch = predictor.tryPredictAll(architectures(split.test()));
                if (batch.size() != split.test().size()) {
                    throw new LlmnasException("row '" + label + "': predictor '" + predictor.name() + "' returned "
                            + batch.size() + " results for " + split.test().size() + " test architectures");
                }
                return new Scored(batch.scoresOrNaN(), batch.failures().values().stream().findFirst()
                        .map(Failures::reason).orElse(null));
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
