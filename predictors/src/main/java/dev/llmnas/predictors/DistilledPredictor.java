package dev.llmnas.predictors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.llmnas.core.AbstractPerformancePredictor;
import dev.llmnas.core.Architecture;
import dev.llmnas.core.DataFormatException;
import dev.llmnas.core.Direction;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.predictors.internal.ScratchPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Objects;

/**
 * A student regressor distilled from a teacher predictor (LLM-Distill-PP): an XGBoost model evaluated by a
 * pure-Java {@link TreeEnsemble}, so one prediction takes microseconds and allocates nothing. Made by
 * {@link XGBoostDistiller}; saved with {@link #save(Path)} and read back with {@link #load(Path, SearchSpace)}.
 *
 * <p>{@link #predict} encodes into buffers pooled by the predictor (no {@code ThreadLocal}); {@link #predictAll(List)}
 * encodes the list and scores it in blocks on the calling thread; {@link #predictAll(List, java.util.concurrent.Executor,
 * int)} splits batches of {@value #PARALLEL_BATCH} or more across the caller's executor (the result is
 * bit-for-bit the sequential one). Immutable and thread-safe. Its direction is the teacher's.
 */
public final class DistilledPredictor extends AbstractPerformancePredictor
        implements dev.llmnas.core.Provenance.Source {
    /** File name of the XGBoost JSON model inside a saved directory. */
    public static final String MODEL_FILE = "model.json";
    /** File name of the provenance inside a saved directory. */
    public static final String PROVENANCE_FILE = "provenance.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String name;
    private final DistillationProvenance provenance;
    private final byte[] modelJson;
    private final TreeEnsemble trees;
    private final Featurizer featurizer;
    /** Buffers of the single-prediction path, pooled per predictor (no {@code ThreadLocal}: see {@link ScratchPool}). */
    private final ScratchPool<Scratch> scratch;

    DistilledPredictor(SearchSpace space, byte[] modelJson, DistillationProvenance provenance) {
        this(space, modelJson, TreeEnsemble.fromXGBoostJson(modelJson), provenance);
    }

    /** {@code trees} must be compiled from {@code modelJson}. */
    DistilledPredictor(SearchSpace space, byte[] modelJson, TreeEnsemble trees, DistillationProvenance provenance) {
        super(Objects.requireNonNull(space, "space"));
        this.provenance = Objects.requireNonNull(provenance, "provenance");
        this.modelJson = modelJson.clone();
        this.trees = trees;
        if (!space.name().equals(provenance.space())) {
            throw new IllegalArgumentException("space: model was distilled on '" + provenance.space()
                    + "' but space '" + space.name() + "' was given");
        }
        FeatureEncoding encoding = space.encoding(provenance.encoding());
        if (!encoding.featureNames().equals(provenance.featureNames())) {
            throw new IllegalArgumentException("encoding '" + encoding.name() + "' of space " + space.name()
                    + " now has features " + encoding.featureNames() + " but the model was trained on "
                    + provenance.featureNames());
        }
        if (trees.featureCount() != encoding.size()) {
            throw new IllegalArgumentException("model expects " + trees.featureCount() + " features but encoding '"
                    + encoding.name() + "' has " + encoding.size());
        }
        this.featurizer = new Featurizer(space, encoding);
        if (provenance.encodingFingerprint() != null
                && !provenance.encodingFingerprint().equals(featurizer.fingerprint())) {
            throw new IllegalArgumentException("encoding '" + encoding.name() + "' of space " + space.name()
                    + " computes different features now (fingerprint " + featurizer.fingerprint()
                    + ") than when the model was trained (" + provenance.encodingFingerprint() + "); the model"
                    + " would be fed features it never saw: distil it again");
        }
        this.name = "distilled(" + provenance.teacher() + ")";
        int size = encoding.size();
        this.scratch = new ScratchPool<>(() -> new Scratch(size, trees.newScratch()));
    }

    /** {@code distilled(<teacher name>)}. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public Direction direction() {
        return provenance.direction();
    }

    /** Scores one canonical architecture; allocates nothing. */
    @Override
    protected double doPredict(Architecture architecture) {
        Scratch s = scratch.acquire();
        // an exception drops the buffers (the pool makes new ones): cheaper than a finally on the hot path
        featurizer.encode(architecture, s.encoded, s.row, 0, name);
        float y = trees.predict(s.row, 0, s.trees);
        scratch.release(s);
        return y;
    }

    /**
     * Scores the architectures in blocks on the calling thread (no other thread is used; to split a large batch
     * across threads, pass an executor to {@link #predictAll(List, java.util.concurrent.Executor, int)}).
     *
     * @return one score per architecture, in order
     * @throws LlmnasException when an architecture is not in the space (naming it)
     */
    @Override
    protected double[] doPredictAll(List<Architecture> architectures) {
        double[] out = new double[architectures.size()];
        predictRange(architectures, 0, out.length, out);
        return out;
    }

    /**
     * As {@link #predictAll(List)}, with the threads given: a batch of at least {@value #PARALLEL_BATCH}
     * architectures is cut into {@code parallelism} contiguous chunks (encoding included), one scored on the
     * calling thread and the others on {@code executor}; smaller batches stay on the calling thread. The result
     * is bit-for-bit the sequential one.
     *
     * @param architectures the architectures to score
     * @param executor      runs the chunks other than the caller's
     * @param parallelism   number of chunks for a large batch, at least 1 (1: everything on the calling thread)
     * @return one score per architecture, in order
     * @throws IllegalArgumentException when {@code parallelism < 1}
     * @throws LlmnasException          when an architecture is not in the space (naming it), or a chunk fails
     */
    public double[] predictAll(List<Architecture> architectures, java.util.concurrent.Executor executor,
            int parallelism) {
        Objects.requireNonNull(executor, "executor");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism: " + parallelism + " is not at least 1");
        }
        int n = architectures.size();
        double[] out = new double[n];
        if (n < PARALLEL_BATCH || parallelism < 2) {
            predictRange(architectures, 0, n, out);
            return out;
        }
        // rows are independent: one chunk per thread gives bit-for-bit the sequential result
        int chunk = (n + parallelism - 1) / parallelism;
        java.util.concurrent.CompletableFuture<?>[] others = new java.util.concurrent.CompletableFuture<?>[parallelism - 1];
        for (int c = 1; c < parallelism; c++) {
            int from = Math.min(n, c * chunk);
            int to = Math.min(n, from + chunk);
            others[c - 1] = java.util.concurrent.CompletableFuture.runAsync(
                    () -> predictRange(architectures, from, to, out), executor);
        }
        try {
            predictRange(architectures, 0, Math.min(n, chunk), out);
        } finally {
            try {
                java.util.concurrent.CompletableFuture.allOf(others).join();
            } catch (java.util.concurrent.CompletionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof LlmnasException le) {
                    throw le;
                }
                throw new LlmnasException(name + ": a chunk of predictAll failed: " + cause, cause);
            }
        }
        return out;
    }

    /** Batches at least this large are split across threads, encoding included. */
    static final int PARALLEL_BATCH = 1024;

    /**
     * Architectures encoded and scored together by {@link #predictRange}: their float rows (10 KiB for 10
     * features) stay in the L1 cache between encoding and scoring.
     */
    private static final int ENCODE_BLOCK = 256;

    /** Scores {@code [from, to)} on the calling thread, with buffers allocated for this call (a few KiB). */
    private void predictRange(List<Architecture> architectures, int from, int to, double[] out) {
        if (from >= to) {
            return;
        }
        int f = featurizer.size();
        int block = Math.min(ENCODE_BLOCK, to - from);
        double[] encoded = new double[f];
        float[] rows = new float[block * f];
        float[] predicted = new float[block];
        long[][] treeScratch = trees.newScratch();
        for (int start = from; start < to; start += block) {
            int n = Math.min(block, to - start);
            for (int r = 0; r < n; r++) {
                featurizer.encode(architectures.get(start + r), encoded, rows, r * f, name);
            }
            trees.predictRange(rows, 0, n, predicted, treeScratch);
            for (int r = 0; r < n; r++) {
                out[start + r] = predicted[r];
            }
        }
    }

    /** Where the model came from. */
    public DistillationProvenance provenance() {
        return provenance;
    }

    /** The compiled trees. */
    public TreeEnsemble trees() {
        return trees;
    }

    /** The search space the model was trained on. */
    public SearchSpace space() {
        return featurizer.space();
    }

    /** The feature encoding the model reads. */
    public FeatureEncoding encoding() {
        return featurizer.encoding();
    }

    /**
     * A copy of the XGBoost JSON model: load it with {@code XGBoost.loadModel(bytes)} in Java, or save it as a
     * {@code .json} file and load it with XGBoost in Python.
     */
    public byte[] modelJson() {
        return modelJson.clone();
    }

    /**
     * Writes {@value #MODEL_FILE} (the XGBoost JSON model) and {@value #PROVENANCE_FILE} into {@code dir},
     * creating it if needed and replacing files of an earlier save.
     *
     * @throws LlmnasException when the files cannot be written
     */
    public void save(Path dir) {
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(MODEL_FILE), modelJson);
            writeAtomically(dir.resolve(PROVENANCE_FILE), JSON.writeValueAsBytes(provenance));
        } catch (IOException e) {
            throw new LlmnasException("cannot save distilled predictor to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Reads a predictor saved by {@link #save(Path)} (by this release or an earlier one). Needs no native
     * library: the trees are compiled from the JSON model.
     *
     * @param dir   the directory holding {@value #MODEL_FILE} and {@value #PROVENANCE_FILE}
     * @param space the space the model was distilled on (its name and encoding must match the provenance)
     * @throws DataFormatException      when a file is missing, malformed or from a newer format version
     * @throws IllegalArgumentException when {@code space} does not match the model
     */
    public static DistilledPredictor load(Path dir, SearchSpace space) {
        Objects.requireNonNull(space, "space");
        Path provenanceFile = dir.resolve(PROVENANCE_FILE);
        Path modelFile = dir.resolve(MODEL_FILE);
        DistillationProvenance provenance;
        try {
            provenance = JSON.readValue(Files.readAllBytes(provenanceFile), DistillationProvenance.class);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(provenanceFile, 0, "missing; a saved distilled predictor has "
                    + MODEL_FILE + " and " + PROVENANCE_FILE, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new DataFormatException(provenanceFile, 0, "not a valid provenance file: " + e.getMessage(), e);
        }
        if (provenance.formatVersion() > DistillationProvenance.FORMAT_VERSION) {
            throw new DataFormatException(provenanceFile, 0, "format_version " + provenance.formatVersion()
                    + " is newer than this release reads (" + DistillationProvenance.FORMAT_VERSION + ")");
        }
        byte[] model;
        try {
            model = Files.readAllBytes(modelFile);
        } catch (IOException e) {
            throw new DataFormatException(modelFile, 0, "cannot read: " + e.getMessage(), e);
        }
        try {
            return new DistilledPredictor(space, model, provenance);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (LlmnasException e) {
            throw new DataFormatException(modelFile, 0, e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return name + " [" + trees + ", encoding " + provenance.encoding() + "]";
    }

    /** Buffers of the single-prediction path. */
    private static final class Scratch {
        final double[] encoded;
        final float[] row;
        final long[][] trees;

        Scratch(int size, long[][] trees) {
            encoded = new double[size];
            row = new float[size];
            this.trees = trees;
        }
    }
}
