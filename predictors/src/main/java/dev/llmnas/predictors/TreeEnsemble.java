package dev.llmnas.predictors;

import dev.llmnas.core.LlmnasException;
import dev.llmnas.predictors.internal.BitVectorScorer;
import dev.llmnas.predictors.internal.ScratchPool;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * A gradient-boosted tree ensemble compiled from an XGBoost JSON model into flat arrays, evaluated in pure
 * Java. Predictions reproduce XGBoost's own bit for bit: features are compared as {@code float}
 * ({@code x < threshold} goes left, a NaN feature follows the node's default direction), and leaf values are
 * summed in {@code float}, tree by tree, starting from the model's {@code base_score} — the order XGBoost's
 * CPU predictor uses. Java never reorders float additions, so every evaluator gives the same bits.
 *
 * <p>Two evaluators ({@link Evaluator}). The default for trees of depth at most
 * {@value #BITVECTOR_DEPTH_LIMIT} (XGBoost's default {@code max_depth}) is {@link Evaluator#BITVECTOR}: bit-vector
 * scoring in the QuickScorer family with the masks of every threshold bin precomputed (see
 * {@link dev.llmnas.predictors.internal.BitVectorScorer}); faster than the walk on the
 * benchmark model ({@code benchmarks/README-inference.md}). Otherwise {@link Evaluator#WALK}:
 *
 * <p>Trees no deeper than {@value #PERFECT_DEPTH_LIMIT} are padded into perfect binary trees: every
 * prediction then walks exactly {@code maxDepth} levels with index arithmetic instead of child pointers.
 * Features and thresholds are compared as integer order keys (see {@link #orderKey}), which turns each
 * level into arithmetic with no data-dependent branch, and eight trees (one row) or eight rows (one tree,
 * in batches) are walked together so that their memory loads overlap. Rows with a NaN feature take a
 * slower path that honours each node's default direction. Deeper trees use a plain node layout.
 *
 * <p>Supports single-output regression boosters ({@code gbtree}, numerical splits) with an identity link:
 * {@code reg:squarederror}, {@code reg:absoluteerror}, {@code reg:pseudohubererror},
 * {@code reg:squaredlogerror}, {@code reg:quantileerror} (one quantile). Immutable and thread-safe;
 * {@link #predict(float[], int)} allocates nothing (the bit-vector scratch of single predictions comes from a
 * small pool owned by the ensemble, no {@code ThreadLocal}); batches allocate their scratch per call.
 *
 * <p>The JSON is read by {@link XGBoostJsonModel}; this class compiles and evaluates it.
 */
public final class TreeEnsemble {
    /** Deepest trees that are compiled into the perfect-tree layout (2^depth leaves per tree). */
    public static final int PERFECT_DEPTH_LIMIT = 10;
    /** Deepest trees the {@link Evaluator#BITVECTOR} evaluator takes (64 leaves fill a {@code long}). */
    public static final int BITVECTOR_DEPTH_LIMIT = BitVectorScorer.MAX_DEPTH;
    /**
     * Largest bit-vector table ({@code long}s: bins of all features times trees) that {@link #fromXGBoostJson(byte[])}
     * accepts before falling back to the walk: 1,048,576 (8 MiB); beyond it the table no longer stays in cache.
     */
    public static final int BITVECTOR_MASK_BUDGET = 1 << 20;

    /**
     * How predictions are computed; every evaluator gives the same, bit-identical result.
     */
    public enum Evaluator {
        /**
         * Padded perfect trees walked level by level with index arithmetic and integer order keys, eight trees
         * (one row) or eight rows of a block (batches) at a time; any depth up to {@value #PERFECT_DEPTH_LIMIT},
         * deeper trees use a plain node layout.
         */
        WALK,
        /**
         * Bit-vector scoring (QuickScorer family) with per-bin masks precomputed for every feature: trees of depth
         * at most {@value #BITVECTOR_DEPTH_LIMIT}. The default when it applies and its table stays within
         * {@link #BITVECTOR_MASK_BUDGET}.
         */
        BITVECTOR
    }

    /** Rows evaluated together in a batch: enough to overlap independent tree walks, small enough for L1. */
    private static final int BLOCK = 64;

    private final int featureCount;
    private final int treeCount;
    private final int maxDepth;
    private final float baseScore;
    private final String objective;
    private final boolean perfect;
    private final Evaluator evaluator;
    /** The bit-vector scorer, or null when the evaluator is {@link Evaluator#WALK}. */
    private final BitVectorScorer scorer;
    /** Scratch of {@link #scorer} for single predictions, pooled so that they allocate nothing. */
    private final ScratchPool<long[][]> scorerScratch;

    // perfect layout: tree t's internal nodes at [t * internal, (t + 1) * internal), its leaves at
    // [t << maxDepth, (t + 1) << maxDepth); node packs the threshold's order key (high 32 bits) and the
    // feature index (low 32 bits) so one load serves a level
    private final int internal;
    private final long[] node;
    private final int[] feature;
    private final float[] threshold;
    private final boolean[] defaultLeft;
    private final float[] leaf;

    // generic layout: node arrays with absolute child indices, leaves have feature -1 and value in threshold
    private final int[] roots;
    private final int[] left;
    private final int[] right;

    private TreeEnsemble(int featureCount, float baseScore, String objective, XGBoostJsonModel.ParsedTree[] trees, boolean allowPerfect,
            Evaluator requested) {
        this.featureCount = featureCount;
        this.treeCount = trees.length;
        this.baseScore = baseScore;
        this.objective = objective;
        int depth = 0;
        for (XGBoostJsonModel.ParsedTree t : trees) {
            depth = Math.max(depth, t.depth(0));
        }
        this.maxDepth = depth;
        this.perfect = allowPerfect && depth <= PERFECT_DEPTH_LIMIT;
        if (perfect) {
            internal = (1 << depth) - 1;
            int leaves = 1 << depth;
            feature = new int[treeCount * internal];
            threshold = new float[treeCount * internal];
            defaultLeft = new boolean[treeCount * internal];
            leaf = new float[treeCount * leaves];
            boolean[] padding = new boolean[treeCount * internal];
            for (int t = 0; t < treeCount; t++) {
                fillPerfect(trees[t], 0, 0, 0, t * internal, t * leaves, padding);
            }
            node = new long[treeCount * internal];
            int[] keys = new int[node.length];
            for (int k = 0; k < node.length; k++) {
                keys[k] = thresholdKey(threshold[k]);
                node[k] = ((long) keys[k] << 32) | (feature[k] & 0xffffffffL);
            }
            boolean bitvectorFits = depth <= BITVECTOR_DEPTH_LIMIT;
            long masks = bitvectorFits ? BitVectorScorer.maskCount(featureCount, feature, keys, padding, treeCount) : 0;
            if (requested == Evaluator.BITVECTOR && (!bitvectorFits || masks > Integer.MAX_VALUE - 8)) {
                throw new LlmnasException("XGBoost model: the BITVECTOR evaluator needs trees of depth at most "
                        + BITVECTOR_DEPTH_LIMIT + " and a table that fits an array; this model has depth " + depth
                        + " and needs " + masks + " masks; use WALK");
            }
            boolean useBitvector = requested == Evaluator.BITVECTOR
                    || requested == null && bitvectorFits && masks <= BITVECTOR_MASK_BUDGET;
            scorer = useBitvector
                    ? new BitVectorScorer(featureCount, depth, feature, keys, defaultLeft, padding, leaf, baseScore)
                    : null;
            roots = null;
            left = null;
            right = null;
        } else {
            if (requested == Evaluator.BITVECTOR) {
                throw new LlmnasException("XGBoost model: the BITVECTOR evaluator needs trees of depth at most "
                        + BITVECTOR_DEPTH_LIMIT + "; this model has depth " + depth + "; use WALK");
            }
            scorer = null;
            internal = 0;
            int total = 0;
            for (XGBoostJsonModel.ParsedTree t : trees) {
                total += t.left.length;
            }
            roots = new int[treeCount];
            node = null;
            feature = new int[total];
            threshold = new float[total];
            defaultLeft = new boolean[total];
            left = new int[total];
            right = new int[total];
            leaf = null;
            int base = 0;
            for (int t = 0; t < treeCount; t++) {
                XGBoostJsonModel.ParsedTree tree = trees[t];
                roots[t] = base;
                for (int n = 0; n < tree.left.length; n++) {
                    boolean isLeaf = tree.left[n] < 0;
                    feature[base + n] = isLeaf ? -1 : tree.split[n];
                    threshold[base + n] = tree.condition[n];
                    defaultLeft[base + n] = tree.defaultLeft[n];
                    left[base + n] = isLeaf ? -1 : base + tree.left[n];
                    right[base + n] = isLeaf ? -1 : base + tree.right[n];
                }
                base += tree.left.length;
            }
        }
        this.evaluator = scorer != null ? Evaluator.BITVECTOR : Evaluator.WALK;
        BitVectorScorer s = scorer;
        this.scorerScratch = s == null ? null : new ScratchPool<>(s::scratch);
    }

    /**
     * Compiles the JSON form of an XGBoost model (what {@code Booster.toByteArray("json")} or
     * {@code save_model("model.json")} writes).
     *
     * @throws LlmnasException when the JSON is not an XGBoost model, or uses a feature this evaluator does
     *                         not support (naming it)
     */
    public static TreeEnsemble fromXGBoostJson(byte[] json) {
        return fromXGBoostJson(json, true, null);
    }

    /**
     * As {@link #fromXGBoostJson(byte[])} with a chosen evaluator instead of the fastest one that applies.
     *
     * @param evaluator how to evaluate the trees; every evaluator predicts the same values
     * @throws LlmnasException when the JSON is not a supported XGBoost model, or {@code evaluator} is
     *                         {@link Evaluator#BITVECTOR} and a tree is deeper than {@value #BITVECTOR_DEPTH_LIMIT}
     */
    public static TreeEnsemble fromXGBoostJson(byte[] json, Evaluator evaluator) {
        return fromXGBoostJson(json, true, Objects.requireNonNull(evaluator, "evaluator"));
    }

    /** As {@link #fromXGBoostJson(byte[])}; {@code allowPerfect = false} forces the generic layout (tests). */
    static TreeEnsemble fromXGBoostJson(byte[] json, boolean allowPerfect) {
        return fromXGBoostJson(json, allowPerfect, allowPerfect ? null : Evaluator.WALK);
    }

    private static TreeEnsemble fromXGBoostJson(byte[] json, boolean allowPerfect, Evaluator evaluator) {
        XGBoostJsonModel model = XGBoostJsonModel.read(json);
        return new TreeEnsemble(model.featureCount(), model.baseScore(), model.objective(), model.trees(),
                allowPerfect, evaluator);
    }

    private void fillPerfect(XGBoostJsonModel.ParsedTree tree, int node, int index, int depth, int nodeBase, int leafBase,
            boolean[] padding) {
        if (depth == maxDepth) {
            // depth == maxDepth is only reached by real leaves or by padding below them
            leaf[leafBase + index - internal] = tree.condition[node];
            return;
        }
        if (tree.left[node] < 0) {
            // a leaf above the deepest level: pad below it with nodes whose both subtrees carry its value, so
            // whatever they compare, the walk ends on the same leaf value
            feature[nodeBase + index] = 0;
            threshold[nodeBase + index] = 0f;
            defaultLeft[nodeBase + index] = true;
            padding[nodeBase + index] = true;
            fillPerfect(tree, node, 2 * index + 1, depth + 1, nodeBase, leafBase, padding);
            fillPerfect(tree, node, 2 * index + 2, depth + 1, nodeBase, leafBase, padding);
            return;
        }
        feature[nodeBase + index] = tree.split[node];
        threshold[nodeBase + index] = tree.condition[node];
        defaultLeft[nodeBase + index] = tree.defaultLeft[node];
        fillPerfect(tree, tree.left[node], 2 * index + 1, depth + 1, nodeBase, leafBase, padding);
        fillPerfect(tree, tree.right[node], 2 * index + 2, depth + 1, nodeBase, leafBase, padding);
    }

    /** Number of input features the model expects. */
    public int featureCount() {
        return featureCount;
    }

    /** Number of trees. */
    public int treeCount() {
        return treeCount;
    }

    /** Depth of the deepest tree (0 when every tree is a single leaf). */
    public int maxDepth() {
        return maxDepth;
    }

    /** The base score every prediction starts from. */
    public float baseScore() {
        return baseScore;
    }

    /** The XGBoost objective the model was trained with. */
    public String objective() {
        return objective;
    }

    /** The evaluator in use: the one asked for, else the fastest that applies to this model. */
    public Evaluator evaluator() {
        return evaluator;
    }

    /** True when the trees were compiled into the branch-free perfect-tree layout. */
    boolean perfectLayout() {
        return perfect;
    }

    /**
     * Predicts one row, {@code features[offset .. offset + featureCount())}; NaN marks a missing value.
     * Allocates nothing (the bit-vector evaluator's scratch comes from a small pool owned by this ensemble).
     *
     * @throws IllegalArgumentException when the array holds fewer than {@link #featureCount()} values from
     *                                  {@code offset}
     */
    public float predict(float[] features, int offset) {
        checkRow(features, offset);
        if (scorer != null) {
            long[][] scratch = scorerScratch.acquire();
            float y = scorer.predict(features, offset, scratch);
            scorerScratch.release(scratch);
            return y;
        }
        return predictRow(features, offset);
    }

    /**
     * As {@link #predict(float[], int)} with the caller's scratch from {@link #newScratch()} (may be null for the
     * walk): the single path of {@link DistilledPredictor}, which pools its scratch with its own buffers.
     */
    float predict(float[] features, int offset, long[][] scratch) {
        checkRow(features, offset);
        return scorer != null ? scorer.predict(features, offset, scratch) : predictRow(features, offset);
    }

    /** Scratch for {@link #predict(float[], int, long[][])}: null when the evaluator needs none. */
    long[][] newScratch() {
        return scorer == null ? null : scorer.scratch();
    }

    private void checkRow(float[] features, int offset) {
        if (offset < 0 || offset + featureCount > features.length) {
            throw new IllegalArgumentException("features: need " + featureCount + " values from offset " + offset
                    + " but the array has " + features.length);
        }
    }

    /** One row by the walk (perfect or generic layout), no scratch. */
    private float predictRow(float[] x, int offset) {
        if (!perfect) {
            return predictGeneric(x, offset);
        }
        for (int j = 0; j < featureCount; j++) {
            float v = x[offset + j];
            if (v != v) {
                return predictWithMissing(x, offset);
            }
        }
        float sum = baseScore;
        int leaves = 1 << maxDepth;
        int in = internal;
        int t = 0;
        // eight trees walk together: their loads do not depend on each other, so the CPU overlaps them
        for (; t + 8 <= treeCount; t += 8) {
            int b = t * in;
            int i0 = 0;
            int i1 = 0;
            int i2 = 0;
            int i3 = 0;
            int i4 = 0;
            int i5 = 0;
            int i6 = 0;
            int i7 = 0;
            for (int d = 0; d < maxDepth; d++) {
                i0 = stepRow(x, offset, b, i0);
                i1 = stepRow(x, offset, b + in, i1);
                i2 = stepRow(x, offset, b + 2 * in, i2);
                i3 = stepRow(x, offset, b + 3 * in, i3);
                i4 = stepRow(x, offset, b + 4 * in, i4);
                i5 = stepRow(x, offset, b + 5 * in, i5);
                i6 = stepRow(x, offset, b + 6 * in, i6);
                i7 = stepRow(x, offset, b + 7 * in, i7);
            }
            // leaves are added one by one in tree order, as XGBoost adds them
            int l = (t << maxDepth) - in;
            sum += leaf[l + i0];
            sum += leaf[l + leaves + i1];
            sum += leaf[l + 2 * leaves + i2];
            sum += leaf[l + 3 * leaves + i3];
            sum += leaf[l + 4 * leaves + i4];
            sum += leaf[l + 5 * leaves + i5];
            sum += leaf[l + 6 * leaves + i6];
            sum += leaf[l + 7 * leaves + i7];
        }
        for (; t < treeCount; t++) {
            int b = t * in;
            int i = 0;
            for (int d = 0; d < maxDepth; d++) {
                i = stepRow(x, offset, b, i);
            }
            sum += leaf[(t << maxDepth) - in + i];
        }
        return sum;
    }

    /** {@link #step} reading the feature itself (no NaN) instead of a precomputed key. */
    private int stepRow(float[] x, int offset, int nodeBase, int i) {
        long v = node[nodeBase + i];
        int below = (int) (((long) orderKey(x[offset + (int) v]) - (v >> 32)) >>> 63);
        return 2 * i + 2 - below;
    }

    /**
     * Predicts {@code rows} rows stored row-major in {@code features} ({@code rows * featureCount()} values)
     * into {@code out[0 .. rows)} on the calling thread. With {@link Evaluator#WALK} rows are walked in blocks,
     * each tree over the whole block, so the tree stays in cache and independent walks overlap.
     *
     * @throws IllegalArgumentException when the arrays are too short for {@code rows}
     */
    public void predict(float[] features, int rows, float[] out) {
        checkBatch(features, rows, out);
        predictRange(features, 0, rows, out);
    }

    /**
     * As {@link #predict(float[], int, float[])}, split into {@code parallelism} contiguous chunks of rows: one
     * runs on the calling thread, the others on {@code executor}; returns when all are done. The result is
     * bit-for-bit the sequential one (rows are independent).
     *
     * @param executor    runs the chunks other than the caller's (e.g. a fixed thread pool)
     * @param parallelism number of chunks, at least 1 (1 runs everything on the calling thread)
     * @throws IllegalArgumentException when the arrays are too short for {@code rows} or {@code parallelism < 1}
     * @throws LlmnasException          when a chunk fails on the executor (the cause attached)
     */
    public void predict(float[] features, int rows, float[] out, Executor executor, int parallelism) {
        checkBatch(features, rows, out);
        Objects.requireNonNull(executor, "executor");
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism: " + parallelism + " is not at least 1");
        }
        int chunks = Math.max(1, Math.min(parallelism, rows / MIN_CHUNK));
        if (chunks == 1) {
            predictRange(features, 0, rows, out);
            return;
        }
        int chunk = (rows + chunks - 1) / chunks;
        CompletableFuture<?>[] others = new CompletableFuture<?>[chunks - 1];
        for (int c = 1; c < chunks; c++) {
            int from = Math.min(rows, c * chunk);
            int to = Math.min(rows, from + chunk);
            others[c - 1] = CompletableFuture.runAsync(() -> predictRange(features, from, to, out), executor);
        }
        predictRange(features, 0, Math.min(rows, chunk), out);
        try {
            CompletableFuture.allOf(others).join();
        } catch (CompletionException e) {
            throw new LlmnasException("tree ensemble: a batch chunk failed: " + e.getCause(), e.getCause());
        }
    }

    /** Fewest rows worth handing to another thread. */
    private static final int MIN_CHUNK = 64;

    private void checkBatch(float[] features, int rows, float[] out) {
        if (rows < 0 || (long) rows * featureCount > features.length || rows > out.length) {
            throw new IllegalArgumentException("batch: " + rows + " rows need " + (long) rows * featureCount
                    + " feature values and " + rows + " outputs; got " + features.length + " and " + out.length);
        }
    }

    /** Predicts rows {@code [from, to)} into {@code out[from .. to)} on the calling thread. */
    private void predictRange(float[] all, int from, int to, float[] allOut) {
        // scratch per call: a few KiB, nothing left behind in the threads of the caller's executor
        predictRange(all, from, to, allOut, newScratch());
    }

    /**
     * Predicts rows {@code [from, to)} into {@code out[from .. to)} on the calling thread with the caller's
     * scratch from {@link #newScratch()}.
     */
    void predictRange(float[] all, int from, int to, float[] allOut, long[][] scratch) {
        if (scorer != null) {
            scorer.predict(all, from, to, allOut, scratch);
            return;
        }
        if (!perfect) {
            for (int r = from; r < to; r++) {
                allOut[r] = predictGeneric(all, r * featureCount);
            }
            return;
        }
        predictBlocks(all, from, to, allOut);
    }

    /** The walk over blocks of rows {@code [from, to)}. */
    private void predictBlocks(float[] features, int from, int to, float[] out) {
        int rows = to - from;
        int f = featureCount;
        int[] keys = new int[Math.min(rows, BLOCK) * f];
        boolean[] missing = new boolean[Math.min(rows, BLOCK)];
        int[] lanes = new int[8];
        for (int start = from; start < to; start += BLOCK) {
            int end = Math.min(to, start + BLOCK);
            int n = end - start;
            boolean anyMissing = false;
            for (int r = 0; r < n; r++) {
                missing[r] = !toKeys(features, (start + r) * f, keys, r * f);
                anyMissing |= missing[r];
                out[start + r] = baseScore;
            }
            if (anyMissing) {
                for (int r = 0; r < n; r++) {
                    out[start + r] = predictRow(features, (start + r) * f);
                }
                continue;
            }
            for (int t = 0; t < treeCount; t++) {
                int b = t * internal;
                int l = (t << maxDepth) - internal;
                int r = 0;
                // eight rows walk the same tree together; the tree's nodes stay in the L1 cache
                for (; r + 8 <= n; r += 8) {
                    walk8(keys, r * f, f, b, 0, lanes);
                    int at = start + r;
                    for (int k = 0; k < 8; k++) {
                        out[at + k] += leaf[l + lanes[k]];
                    }
                }
                for (; r < n; r++) {
                    int i = 0;
                    for (int d = 0; d < maxDepth; d++) {
                        i = step(keys, r * f, b, i);
                    }
                    out[start + r] += leaf[l + i];
                }
            }
        }
    }

    /**
     * Walks eight perfect trees from root to leaf together, writing each one's final node index to
     * {@code lanes}: lane {@code k} reads the row of keys at {@code keyOffset + k * keyStride} and the tree whose
     * internal nodes start at {@code nodeBase + k * nodeStride}. The eight walks do not depend on each other,
     * so the CPU overlaps their loads.
     */
    private void walk8(int[] keys, int keyOffset, int keyStride, int nodeBase, int nodeStride, int[] lanes) {
        int i0 = 0;
        int i1 = 0;
        int i2 = 0;
        int i3 = 0;
        int i4 = 0;
        int i5 = 0;
        int i6 = 0;
        int i7 = 0;
        for (int d = 0; d < maxDepth; d++) {
            i0 = step(keys, keyOffset, nodeBase, i0);
            i1 = step(keys, keyOffset + keyStride, nodeBase + nodeStride, i1);
            i2 = step(keys, keyOffset + 2 * keyStride, nodeBase + 2 * nodeStride, i2);
            i3 = step(keys, keyOffset + 3 * keyStride, nodeBase + 3 * nodeStride, i3);
            i4 = step(keys, keyOffset + 4 * keyStride, nodeBase + 4 * nodeStride, i4);
            i5 = step(keys, keyOffset + 5 * keyStride, nodeBase + 5 * nodeStride, i5);
            i6 = step(keys, keyOffset + 6 * keyStride, nodeBase + 6 * nodeStride, i6);
            i7 = step(keys, keyOffset + 7 * keyStride, nodeBase + 7 * nodeStride, i7);
        }
        lanes[0] = i0;
        lanes[1] = i1;
        lanes[2] = i2;
        lanes[3] = i3;
        lanes[4] = i4;
        lanes[5] = i5;
        lanes[6] = i6;
        lanes[7] = i7;
    }

    /**
     * Writes the order keys of one row of features into {@code keys[to ..]}; false (keys incomplete) when a
     * feature is NaN.
     */
    boolean toKeys(float[] features, int from, int[] keys, int to) {
        boolean ok = true;
        for (int j = 0; j < featureCount; j++) {
            float x = features[from + j];
            ok &= x == x;
            keys[to + j] = orderKey(x);
        }
        return ok;
    }

    /**
     * One level of a perfect tree without branches: from node {@code i} to child {@code 2i + 1} (left,
     * feature below threshold) or {@code 2i + 2}. Comparing order keys as integers gives the float
     * comparison's answer for every non-NaN value; the sign of a 64-bit difference picks the child.
     */
    private int step(int[] keys, int offset, int nodeBase, int i) {
        long v = node[nodeBase + i];
        int below = (int) (((long) keys[offset + (int) v] - (v >> 32)) >>> 63);
        return 2 * i + 2 - below;
    }

    /**
     * An int whose signed order is the float order of non-NaN values: positive floats keep their bits,
     * negative ones have their magnitude bits flipped. Only -0.0 and +0.0 differ (-1 and 0), which
     * {@link #thresholdKey} accounts for.
     */
    static int orderKey(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /**
     * The key a feature's key is compared with. A threshold of zero (either sign) gets -1: exactly the
     * features below zero (keys -2 and less) are below it, and both zeros (keys -1 and 0) are not, as with
     * floats.
     */
    static int thresholdKey(float threshold) {
        return threshold == 0f ? -1 : orderKey(threshold);
    }

    /** One row that has NaN features: each node's default direction decides where a NaN goes. */
    private float predictWithMissing(float[] x, int offset) {
        float sum = baseScore;
        for (int t = 0; t < treeCount; t++) {
            int nodeBase = t * internal;
            int i = 0;
            for (int d = 0; d < maxDepth; d++) {
                int k = nodeBase + i;
                float v = x[offset + feature[k]];
                boolean goLeft = v != v ? defaultLeft[k] : v < threshold[k];
                i = 2 * i + (goLeft ? 1 : 2);
            }
            sum += leaf[(t << maxDepth) + i - internal];
        }
        return sum;
    }

    private float predictGeneric(float[] x, int offset) {
        float sum = baseScore;
        for (int t = 0; t < treeCount; t++) {
            int n = roots[t];
            int f;
            while ((f = feature[n]) >= 0) {
                float v = x[offset + f];
                boolean goLeft = v != v ? defaultLeft[n] : v < threshold[n];
                n = goLeft ? left[n] : right[n];
            }
            sum += threshold[n];
        }
        return sum;
    }

    @Override
    public String toString() {
        return "TreeEnsemble[" + treeCount + " trees, depth " + maxDepth + ", " + featureCount + " features, base "
                + baseScore + ", " + objective + (perfect ? ", perfect layout]" : ", node layout]");
    }

}
