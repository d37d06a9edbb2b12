package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.Distiller;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.Provenance;
import dev.llmnas.core.PredictionBatch;
import dev.llmnas.core.SearchSpace;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * LLM-Distill-PP's distillation step: a teacher (typically an LLM predictor) labels a pool of architectures
 * once, and an XGBoost regressor learns those labels on the space's feature encoding. The result is a
 * {@link DistilledPredictor} that scores an architecture in microseconds.
 *
 * <pre>{@code
 * DistilledPredictor student = XGBoostDistiller.builder().rounds(300).maxDepth(6).seed(1).build()
 *         .distill(llmPredictor, HatSpaces.wmt14ende(), pool);
 * double bleu = student.predict(architecture);
 * student.save(Path.of("models/wmt14ende"));
 * }</pre>
 *
 * <p>Labels that the teacher failed to give (or gave as NaN or infinity) are left out and counted in the
 * provenance, never imputed. Training is deterministic: the same pool, labels and settings give the same
 * model, bit for bit, whatever the thread count. Immutable and thread-safe.
 */
public final class XGBoostDistiller implements Distiller {
    private static final Logger LOG = LoggerFactory.getLogger(XGBoostDistiller.class);

    private final int rounds;
    private final int maxDepth;
    private final double learningRate;
    private final long seed;
    private final String encoding;
    private final double validationFraction;
    private final int earlyStoppingRounds;
    private final int threads;
    private final int minLabels;
    private final String promptTemplate;
    private final Clock clock;

    private XGBoostDistiller(Builder b) {
        this.rounds = b.rounds;
        this.maxDepth = b.maxDepth;
        this.learningRate = b.learningRate;
        this.seed = b.seed;
        this.encoding = b.encoding;
        this.validationFraction = b.validationFraction;
        this.earlyStoppingRounds = b.earlyStoppingRounds;
        this.threads = b.threads;
        this.minLabels = b.minLabels;
        this.promptTemplate = b.promptTemplate;
        this.clock = b.clock;
    }

    /** A builder with the defaults stated on each setter. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Labels {@code pool} with {@code teacher} through {@link PerformancePredictor#tryPredictAll} (so an LLM
     * teacher can run its calls concurrently and from its cache) and trains the student on the labels that
     * came back.
     *
     * @throws InvalidArchitectureException when a pool member is not in {@code space} (naming its index)
     * @throws LlmnasException              when fewer than {@link Builder#minLabels} labels remain, or
     *                                      XGBoost fails
     */
    @Override
    public DistilledPredictor distill(PerformancePredictor teacher, SearchSpace space, List<Architecture> pool) {
        Objects.requireNonNull(teacher, "teacher");
        Objects.requireNonNull(space, "space");
        List<Architecture> canonical = canonicalPool(space, pool);
        PredictionBatch batch = teacher.tryPredictAll(canonical);
        if (batch == null || batch.size() != canonical.size()) {
            throw new LlmnasException("teacher '" + teacher.name() + "' returned " + (batch == null ? "no batch"
                    : batch.size() + " results") + " for a pool of " + canonical.size());
        }
        double[] labels = new double[canonical.size()];
        String firstFailure = null;
        for (int i = 0; i < labels.length; i++) {
            if (batch.succeeded(i)) {
                labels[i] = batch.score(i);
            } else {
                labels[i] = Double.NaN;
                if (firstFailure == null) {
                    firstFailure = Failures.reason(batch.failures().get(i));
                }
            }
        }
        // the teacher's own provenance nests inside the student's: an LLM says provider, model, prompt and
        // demonstrations; a predictor that cannot say more is recorded by name and direction
        Provenance.Recorded teacherProvenance = teacher instanceof Provenance.Source source
                ? source.provenance().recorded()
                : Provenance.Recorded.of("predictor", Map.of("name", teacher.name(),
                        "direction", teacher.direction().name()));
        return train(space, canonical, labels, teacher.name(), teacher.direction(), firstFailure, teacherProvenance);
    }

    /**
     * Trains a student on labels produced elsewhere (e.g. read from a file of LLM answers), higher scores
     * being better. NaN or infinite labels are excluded and counted, like a teacher's failures.
     *
     * @param teacherName recorded as the teacher in the provenance
     */
    public DistilledPredictor distill(SearchSpace space, List<Architecture> architectures, double[] labels,
                                      String teacherName) {
        return distill(space, architectures, labels, teacherName, Direction.HIGHER_IS_BETTER);
    }

    /** As {@link #distill(SearchSpace, List, double[], String)} with the labels' direction. */
    public DistilledPredictor distill(SearchSpace space, List<Architecture> architectures, double[] labels,
                                      String teacherName, Direction direction) {
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(labels, "labels");
        Objects.requireNonNull(direction, "direction");
        if (teacherName == null || teacherName.isBlank()) {
            throw new IllegalArgumentException("teacherName: must not be blank");
        }
        List<Architecture> canonical = canonicalPool(space, architectures);
        if (labels.length != canonical.size()) {
            throw new IllegalArgumentException("labels: " + labels.length + " values for " + canonical.size()
                    + " architectures; need one label per architecture");
        }
        return train(space, canonical, labels.clone(), teacherName, direction, null,
                Provenance.Recorded.of("labels", Map.of("name", teacherName, "direction", direction.name())));
    }

    private static List<Architecture> canonicalPool(SearchSpace space, List<Architecture> pool) {
        Objects.requireNonNull(pool, "pool");
        if (pool.isEmpty()) {
            throw new IllegalArgumentException("pool: must not be empty");
        }
        List<Architecture> out = new ArrayList<>(pool.size());
        for (int i = 0; i < pool.size(); i++) {
            Architecture a = pool.get(i);
            if (a == null) {
                throw new IllegalArgumentException("pool[" + i + "]: null architecture");
            }
            try {
                out.add(space.canonicalize(a));
            } catch (InvalidArchitectureException e) {
                throw new InvalidArchitectureException(e.dimension(), "pool[" + i + "] is not in space "
                        + space.name() + ": " + e.getMessage());
            }
        }
        return Collections.unmodifiableList(out);
    }

    private DistilledPredictor train(SearchSpace space, List<Architecture> pool, double[] labels, String teacher,
                                     Direction direction, String firstFailure,
                                     Provenance.Recorded teacherProvenance) {
        FeatureEncoding enc = encoding == null ? space.encoding() : space.encoding(encoding);
        Featurizer featurizer = new Featurizer(space, enc);
        int[] usable = new int[pool.size()];
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (Double.isFinite(labels[i])) {
                usable[n++] = i;
            }
        }
        int excluded = pool.size() - n;
        if (excluded > 0) {
            LOG.warn("teacher '{}' gave no usable label for {} of {} architectures; they are excluded{}", teacher,
                    excluded, pool.size(), firstFailure == null ? "" : " (first failure: " + firstFailure + ")");
        }
        if (n < minLabels) {
            throw new LlmnasException("only " + n + " of " + pool.size() + " architectures have a usable label from '"
                    + teacher + "' (" + excluded + " excluded" + (firstFailure == null ? "" : ", first failure: "
                    + firstFailure) + "); at least minLabels = " + minLabels + " are needed to distill");
        }
        int f = enc.size();
        int[] order = usable.clone();
        int validation = 0;
        if (validationFraction > 0) {
            // shuffle only the usable indices so the split does not depend on which labels failed elsewhere
            SplittableRandom random = new SplittableRandom(seed);
            for (int i = n - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            validation = (int) Math.max(1, Math.round(n * validationFraction));
            if (n - validation < 2) {
                throw new LlmnasException("validationFraction " + validationFraction + " leaves " + (n - validation)
                        + " of " + n + " labelled architectures for training; need at least 2");
            }
        }
        int trainRows = n - validation;
        float[] trainX = new float[trainRows * f];
        float[] trainY = new float[trainRows];
        float[] validX = new float[validation * f];
        float[] validY = new float[validation];
        double[] row = new double[f];
        for (int r = 0; r < n; r++) {
            int src = order[r];
            featurizer.encode(pool.get(src), row, 0, teacher);
            boolean train = r < trainRows;
            float[] x = train ? trainX : validX;
            int base = (train ? r : r - trainRows) * f;
            for (int c = 0; c < f; c++) {
                x[base + c] = (float) row[c];
            }
            (train ? trainY : validY)[train ? r : r - trainRows] = (float) labels[src];
        }

        Map<String, Object> params = parameters();
        byte[] model;
        try {
            model = fit(params, trainX, trainY, validX, validY, f);
        } catch (XGBoostError e) {
            throw new LlmnasException("XGBoost failed to train on " + trainRows + " architectures x " + f
                    + " features (teacher '" + teacher + "'): " + e.getMessage(), e);
        }
        TreeEnsemble ensemble = TreeEnsemble.fromXGBoostJson(model);
        Double validationRmse = null;
        if (validation > 0) {
            float[] predicted = new float[validation];
            ensemble.predict(validX, validation, predicted);
            double ss = 0;
            for (int i = 0; i < validation; i++) {
                double d = (double) predicted[i] - validY[i];
                ss += d * d;
            }
            validationRmse = Math.sqrt(ss / validation);
        }
        Map<String, String> recorded = new LinkedHashMap<>();
        params.forEach((k, v) -> recorded.put(k, String.valueOf(v)));
        if (earlyStoppingRounds > 0) {
            recorded.put("early_stopping_rounds", String.valueOf(earlyStoppingRounds));
        }
        if (validationFraction > 0) {
            recorded.put("validation_fraction", String.valueOf(validationFraction));
        }
        DistillationProvenance provenance = new DistillationProvenance(DistillationProvenance.FORMAT_VERSION,
                teacher, promptTemplate, direction, space.name(), enc.name(), enc.featureNames(), featurizer.fingerprint(),
                recorded, rounds,
                ensemble.treeCount(), pool.size(), n, excluded, validation, validationRmse, Versions.LLMNAS, Versions.XGBOOST,
                Instant.now(clock).truncatedTo(ChronoUnit.SECONDS).toString(), teacherProvenance, poolHash(pool),
                labelsHash(pool, labels));
        return new DistilledPredictor(space, model, ensemble, provenance);
    }

    /** SHA-256 of the pool's architecture keys, in pool order. */
    private static String poolHash(List<Architecture> pool) {
        List<String> keys = new ArrayList<>(pool.size());
        pool.forEach(a -> keys.add(a.key()));
        return Provenance.sha256(keys);
    }

    /** SHA-256 of the usable labels as {@code key<TAB>label}, in pool order. */
    private static String labelsHash(List<Architecture> pool, double[] labels) {
        List<String> lines = new ArrayList<>(pool.size());
        for (int i = 0; i < labels.length; i++) {
            if (Double.isFinite(labels[i])) {
                lines.add(pool.get(i).key() + "\t" + labels[i]);
            }
        }
        return Provenance.sha256(lines);
    }

    private Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("objective", "reg:squarederror");
        p.put("booster", "gbtree");
        p.put("tree_method", "hist");
        p.put("max_depth", maxDepth);
        p.put("eta", learningRate);
        p.put("seed", seed);
        p.put("nthread", threads);
        p.put("verbosity", 1);
        return p;
    }

    /** Boosts round by round; with early stopping, keeps only the rounds up to the best validation RMSE. */
    private byte[] fit(Map<String, Object> params, float[] trainX, float[] trainY, float[] validX, float[] validY,
                       int f) throws XGBoostError {
        DMatrix train = null;
        DMatrix valid = null;
        Booster booster = null;
        try {
            train = new DMatrix(trainX, trainY.length, f, Float.NaN);
            train.setLabel(trainY);
            boolean stopEarly = earlyStoppingRounds > 0 && validY.length > 0;
            if (stopEarly) {
                valid = new DMatrix(validX, validY.length, f, Float.NaN);
            }
            booster = boost(params, train, valid, validY, stopEarly ? earlyStoppingRounds : 0);
            return booster.toByteArray("json");
        } finally {
            if (booster != null) {
                booster.dispose();
            }
            if (valid != null) {
                valid.dispose();
            }
            if (train != null) {
                train.dispose();
            }
        }
    }

    private Booster boost(Map<String, Object> params, DMatrix train, DMatrix valid, float[] validY, int patience)
            throws XGBoostError {
        // no watches: XGBoost4J would log every round's metric; validation is scored here instead
        Booster booster = XGBoost.train(train, params, 0, Map.of(), null, null);
        int best = -1;
        double bestRmse = Double.POSITIVE_INFINITY;
        int done = 0;
        for (int iter = 0; iter < rounds; iter++) {
            booster.update(train, iter);
            done++;
            if (patience == 0) {
                continue;
            }
            float[][] predicted = booster.predict(valid);
            double ss = 0;
            for (int i = 0; i < validY.length; i++) {
                double d = (double) predicted[i][0] - validY[i];
                ss += d * d;
            }
            double rmse = Math.sqrt(ss / validY.length);
            if (rmse < bestRmse) {
                bestRmse = rmse;
                best = iter;
            } else if (iter - best >= patience) {
                break;
            }
        }
        if (patience > 0 && best + 1 < done) {
            // XGBoost4J cannot cut trees off a booster; boosting again is deterministic and yields exactly
            // the first best + 1 trees
            booster.dispose();
            booster = XGBoost.train(train, params, 0, Map.of(), null, null);
            for (int iter = 0; iter <= best; iter++) {
                booster.update(train, iter);
            }
        }
        return booster;
    }

    /** Boosting rounds. */
    public int rounds() {
        return rounds;
    }

    /** Maximum tree depth. */
    public int maxDepth() {
        return maxDepth;
    }

    /** Learning rate (XGBoost's {@code eta}). */
    public double learningRate() {
        return learningRate;
    }

    /** Seed for XGBoost and for the validation split. */
    public long seed() {
        return seed;
    }

    /** Builder of {@link XGBoostDistiller}; setters reject bad values, {@link #build()} conflicting ones. */
    public static final class Builder {
        private int rounds = 300;
        private int maxDepth = 6;
        private double learningRate = 0.1;
        private long seed = 0;
        private String encoding;
        private double validationFraction = 0;
        private int earlyStoppingRounds = 0;
        private int threads = 1;
        private int minLabels = 10;
        private String promptTemplate;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** Boosting rounds (trees), at least 1. Default 300. */
        public Builder rounds(int rounds) {
            if (rounds < 1 || rounds > 100_000) {
                throw new IllegalArgumentException("rounds: " + rounds + " must be in [1, 100000]");
            }
            this.rounds = rounds;
            return this;
        }

        /** Maximum depth of each tree, 1 to 16. Default 6. */
        public Builder maxDepth(int maxDepth) {
            if (maxDepth < 1 || maxDepth > 16) {
                throw new IllegalArgumentException("maxDepth: " + maxDepth + " must be in [1, 16]");
            }
            this.maxDepth = maxDepth;
            return this;
        }

        /** Learning rate (XGBoost's {@code eta}), in (0, 1]. Default 0.1. */
        public Builder learningRate(double learningRate) {
            if (!(learningRate > 0 && learningRate <= 1)) {
                throw new IllegalArgumentException("learningRate: " + learningRate + " must be in (0, 1]");
            }
            this.learningRate = learningRate;
            return this;
        }

        /** Seed of XGBoost and of the validation split. Default 0. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Name of the space's feature encoding to train on (e.g. {@code means}, {@code per-layer}); checked
         * against the space when distilling. Default {@code null}: the space's default encoding.
         */
        public Builder encoding(String encoding) {
            if (encoding != null && encoding.isBlank()) {
                throw new IllegalArgumentException("encoding: must be null (the space's default) or a name, got '"
                        + encoding + "'");
            }
            this.encoding = encoding;
            return this;
        }

        /**
         * Share of the labelled architectures held out to choose the number of trees, in [0, 0.5]. Default 0:
         * no validation split, all labels train. The provenance records the held-out RMSE.
         */
        public Builder validationFraction(double validationFraction) {
            if (!(validationFraction >= 0 && validationFraction <= 0.5)) {
                throw new IllegalArgumentException("validationFraction: " + validationFraction + " must be in [0, 0.5]");
            }
            this.validationFraction = validationFraction;
            return this;
        }

        /**
         * Stop when the validation RMSE has not improved for this many rounds, keeping the best round's trees;
         * needs {@link #validationFraction}. Default 0: no early stopping.
         */
        public Builder earlyStoppingRounds(int earlyStoppingRounds) {
            if (earlyStoppingRounds < 0) {
                throw new IllegalArgumentException("earlyStoppingRounds: " + earlyStoppingRounds + " must be >= 0");
            }
            this.earlyStoppingRounds = earlyStoppingRounds;
            return this;
        }

        /**
         * Threads XGBoost trains with, at least 1. Default 1 (the model does not depend on it; more threads
         * only train faster).
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads: " + threads + " must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /** Fewest usable labels to train on; fewer is an error. At least 2. Default 10. */
        public Builder minLabels(int minLabels) {
            if (minLabels < 2) {
                throw new IllegalArgumentException("minLabels: " + minLabels + " must be at least 2");
            }
            this.minLabels = minLabels;
            return this;
        }

        /** Id of the teacher's prompt template, recorded in the provenance. Default {@code null}: none. */
        public Builder promptTemplate(String promptTemplate) {
            if (promptTemplate != null && promptTemplate.isBlank()) {
                throw new IllegalArgumentException("promptTemplate: must be null or non-blank");
            }
            this.promptTemplate = promptTemplate;
            return this;
        }

        /** Clock for the provenance's creation date. Default the system clock (UTC). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the distiller.
         *
         * @throws IllegalStateException when early stopping is asked for without a validation split
         */
        public XGBoostDistiller build() {
            if (earlyStoppingRounds > 0 && validationFraction == 0) {
                throw new IllegalStateException("earlyStoppingRounds " + earlyStoppingRounds
                        + " needs a validation split: set validationFraction > 0");
            }
            return new XGBoostDistiller(this);
        }
    }
}
