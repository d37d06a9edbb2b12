package dev.llmnas.predictors;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.llmnas.core.LlmnasException;
import dev.llmnas.predictors.internal.BitVectorScorer;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
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
 * {@link #predict(float[], int)} allocates nothing (per-thread scratch buffers).
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

    /** Objectives whose prediction is the raw margin (identity link). */
    static final Set<String> IDENTITY_OBJECTIVES = Set.of("reg:squarederror", "reg:absoluteerror",
            "reg:pseudohubererror", "reg:squaredlogerror", "reg:quantileerror");

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
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
    /** Per-thread scratch of {@link #scorer}, so a single prediction allocates nothing. */
    private final ThreadLocal<long[][]> scorerScratch;

    // perfect layout: tree t's internal nodes at [t * internal, (t + 1) * internal), its leaves at
    // [t << maxDepth, (t + 1) << maxDepth); node packs the threshold's order key (high 32 bits) and the
    // feature index (low 32 bits) so one load serves a level
    private final int internal;
    private final long[] node;
    private final int[] feature;
    private final float[] threshold;
    private final boolean[] defaultLeft;
    private final float[] leaf;
    /** Per-thread key buffer of {@link #predict(float[], int)}, so a single prediction allocates nothing. */
    private final ThreadLocal<int[]> rowKeys;
    /** Per-thread leaf indices of the eight trees {@link #predictKeys} walks together. */
    private final ThreadLocal<int[]> laneScratch = ThreadLocal.withInitial(() -> new int[8]);

    // generic layout: node arrays with absolute child indices, leaves have feature -1 and value in threshold
    private final int[] roots;
    private final int[] left;
    private final int[] right;

    private TreeEnsemble(int featureCount, float baseScore, String objective, ParsedTree[] trees, boolean allowPerfect,
            Evaluator requested) {
        this.featureCount = featureCount;
        this.treeCount = trees.length;
        this.baseScore = baseScore;
        this.objective = objective;
        int depth = 0;
        for (ParsedTree t : trees) {
            depth = Math.max(depth, t.depth(0));
        }
        this.maxDepth = depth;
        this.perfect = allowPerfect && depth <= PERFECT_DEPTH_LIMIT;
        this.rowKeys = ThreadLocal.withInitial(() -> new int[featureCount]);
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
            for (ParsedTree t : trees) {
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
                ParsedTree tree = trees[t];
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
        this.scorerScratch = s == null ? null : ThreadLocal.withInitial(s::scratch);
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
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (IOException e) {
            throw new LlmnasException("XGBoost model: not valid JSON: " + e.getMessage(), e);
        }
        JsonNode learner = root.path("learner");
        if (!learner.isObject()) {
            throw new LlmnasException("XGBoost model: no 'learner' object; expected the JSON form written by"
                    + " Booster.toByteArray(\"json\") or save_model(\"*.json\")");
        }
        String objective = learner.path("objective").path("name").asText("");
        if (!IDENTITY_OBJECTIVES.contains(objective)) {
            throw new LlmnasException("XGBoost model: objective '" + objective + "' is not supported; supported"
                    + " are the identity-link regression objectives " + IDENTITY_OBJECTIVES.stream().sorted().toList());
        }
        JsonNode param = learner.path("learner_model_param");
        int features = intParam(param, "num_feature");
        int targets = param.has("num_target") ? intParam(param, "num_target") : 1;
        int classes = param.has("num_class") ? intParam(param, "num_class") : 0;
        if (targets != 1 || classes > 1) {
            throw new LlmnasException("XGBoost model: num_target " + targets + ", num_class " + classes
                    + "; only single-output models are supported");
        }
        float base = baseScore(param.path("base_score"));
        JsonNode booster = learner.path("gradient_booster");
        String boosterName = booster.path("name").asText("");
        if (!boosterName.equals("gbtree")) {
            throw new LlmnasException("XGBoost model: booster '" + boosterName + "' is not supported; only gbtree");
        }
        JsonNode model = booster.path("model");
        JsonNode parallel = model.path("gbtree_model_param").path("num_parallel_tree");
        if (!parallel.isMissingNode() && Integer.parseInt(parallel.asText()) != 1) {
            throw new LlmnasException("XGBoost model: num_parallel_tree " + parallel.asText()
                    + " is not supported; only 1 (no random forests)");
        }
        JsonNode trees = model.path("trees");
        if (!trees.isArray()) {
            throw new LlmnasException("XGBoost model: no gradient_booster.model.trees array");
        }
        ParsedTree[] parsed = new ParsedTree[trees.size()];
        for (int t = 0; t < parsed.length; t++) {
            parsed[t] = ParsedTree.parse(trees.get(t), t, features);
        }
        return new TreeEnsemble(features, base, objective, parsed, allowPerfect, evaluator);
    }

    private static int intParam(JsonNode param, String name) {
        JsonNode v = param.path(name);
        try {
            return Integer.parseInt(v.asText());
        } catch (NumberFormatException e) {
            throw new LlmnasException("XGBoost model: learner_model_param." + name + " = '" + v.asText()
                    + "' is not an integer", e);
        }
    }

    /**
     * XGBoost 2 and 3 store base_score in learner_model_param as a string, "2.174E1"; later releases write
     * a vector, "[2.174E1]". Either way it is the float the predictor starts every sum from.
     */
    static float baseScore(JsonNode node) {
        String s = node.asText("").trim();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1).trim();
        }
        try {
            return Float.parseFloat(s);
        } catch (NumberFormatException e) {
            throw new LlmnasException("XGBoost model: learner_model_param.base_score = '" + node.asText()
                    + "' is not a single number", e);
        }
    }

    private void fillPerfect(ParsedTree tree, int node, int index, int depth, int nodeBase, int leafBase,
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
     * Allocates nothing.
     */
    public float predict(float[] features, int offset) {
        if (offset < 0 || offset + featureCount > features.length) {
            throw new IllegalArgumentException("features: need " + featureCount + " values from offset " + offset
                    + " but the array has " + features.length);
        }
        if (scorer != null) {
            return scorer.predict(features, offset, scorerScratch.get());
        }
        if (!perfect) {
            return predictGeneric(features, offset);
        }
        int[] keys = rowKeys.get();
        if (!toKeys(features, offset, keys, 0)) {
            return predictWithMissing(features, offset);
        }
        return predictKeys(keys, 0);
    }

    /**
     * Predicts one row given as order keys ({@link #orderKey} of each feature, no NaN) at
     * {@code keys[offset ..]}: the allocation-free path of {@link DistilledPredictor}. Only for the perfect
     * layout.
     */
    float predictKeys(int[] keys, int offset) {
        float sum = baseScore;
        int leaves = 1 << maxDepth;
        int t = 0;
        int[] lanes = laneScratch.get();
        // eight trees walk together: their loads do not depend on each other, so the CPU overlaps them
        for (; t + 8 <= treeCount; t += 8) {
            walk8(keys, offset, 0, t * internal, internal, lanes);
            // leaves are added one by one in tree order, as XGBoost adds them
            int l = (t << maxDepth) - internal;
            for (int k = 0; k < 8; k++) {
                sum += leaf[l + k * leaves + lanes[k]];
            }
        }
        for (; t < treeCount; t++) {
            int b = t * internal;
            int i = 0;
            for (int d = 0; d < maxDepth; d++) {
                i = step(keys, offset, b, i);
            }
            sum += leaf[(t << maxDepth) - internal + i];
        }
        return sum;
    }

    /** Whether single predictions go through {@link #predictKeys} (the walk over the perfect layout). */
    boolean keyed() {
        return perfect && scorer == null;
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
        if (scorer != null) {
            scorer.predict(all, from, to, allOut, scorerScratch.get());
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
                    out[start + r] = missing[r] ? predictWithMissing(features, (start + r) * f)
                            : predictKeys(keys, r * f);
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

    /** One tree as XGBoost's JSON stores it: parallel node arrays, leaves' values in split_conditions. */
    private static final class ParsedTree {
        final int[] left;
        final int[] right;
        final int[] split;
        final float[] condition;
        final boolean[] defaultLeft;

        private ParsedTree(int[] left, int[] right, int[] split, float[] condition, boolean[] defaultLeft) {
            this.left = left;
            this.right = right;
            this.split = split;
            this.condition = condition;
            this.defaultLeft = defaultLeft;
        }

        static ParsedTree parse(JsonNode tree, int t, int features) {
            int[] left = ints(tree, "left_children", t);
            int n = left.length;
            int[] right = ints(tree, "right_children", t);
            int[] split = ints(tree, "split_indices", t);
            float[] condition = floats(tree, "split_conditions", t);
            int[] dl = ints(tree, "default_left", t);
            JsonNode type = tree.path("split_type");
            if (n == 0 || right.length != n || split.length != n || condition.length != n || dl.length != n) {
                throw new LlmnasException("XGBoost model: tree " + t + " has node arrays of different lengths"
                        + " (left " + n + ", right " + right.length + ", split_indices " + split.length
                        + ", split_conditions " + condition.length + ", default_left " + dl.length + ")");
            }
            JsonNode leafSize = tree.path("tree_param").path("size_leaf_vector");
            if (!leafSize.isMissingNode() && Integer.parseInt(leafSize.asText()) > 1) {
                throw new LlmnasException("XGBoost model: tree " + t + " has vector leaves (size_leaf_vector "
                        + leafSize.asText() + "); only scalar leaves are supported");
            }
            boolean[] defaultLeft = new boolean[n];
            for (int i = 0; i < n; i++) {
                defaultLeft[i] = dl[i] != 0;
                boolean isLeaf = left[i] == -1;
                if (!isLeaf) {
                    if (type.isArray() && type.size() > i && type.get(i).asInt() != 0) {
                        throw new LlmnasException("XGBoost model: tree " + t + " node " + i
                                + " is a categorical split; only numerical splits are supported");
                    }
                    if (left[i] <= 0 || left[i] >= n || right[i] <= 0 || right[i] >= n) {
                        throw new LlmnasException("XGBoost model: tree " + t + " node " + i + " has children "
                                + left[i] + "/" + right[i] + " outside [1, " + (n - 1) + "]");
                    }
                    if (split[i] < 0 || split[i] >= features) {
                        throw new LlmnasException("XGBoost model: tree " + t + " node " + i + " splits on feature "
                                + split[i] + " but the model has " + features + " features");
                    }
                }
            }
            ParsedTree parsed = new ParsedTree(left, right, split, condition, defaultLeft);
            parsed.checkAcyclic(t);
            return parsed;
        }

        /** Depth below {@code node}: 0 for a leaf. */
        int depth(int node) {
            return left[node] < 0 ? 0 : 1 + Math.max(depth(left[node]), depth(right[node]));
        }

        private void checkAcyclic(int t) {
            boolean[] seen = new boolean[left.length];
            int[] stack = new int[left.length + 1];
            int top = 0;
            stack[top++] = 0;
            while (top > 0) {
                int n = stack[--top];
                if (seen[n]) {
                    throw new LlmnasException("XGBoost model: tree " + t + " reaches node " + n + " twice");
                }
                seen[n] = true;
                if (left[n] >= 0) {
                    stack[top++] = left[n];
                    stack[top++] = right[n];
                }
            }
        }

        private static int[] ints(JsonNode tree, String field, int t) {
            JsonNode a = tree.path(field);
            if (!a.isArray()) {
                throw new LlmnasException("XGBoost model: tree " + t + " has no '" + field + "' array");
            }
            int[] out = new int[a.size()];
            for (int i = 0; i < out.length; i++) {
                JsonNode v = a.get(i);
                out[i] = v.isBoolean() ? (v.booleanValue() ? 1 : 0) : v.asInt();
            }
            return out;
        }

        private static float[] floats(JsonNode tree, String field, int t) {
            JsonNode a = tree.path(field);
            if (!a.isArray()) {
                throw new LlmnasException("XGBoost model: tree " + t + " has no '" + field + "' array");
            }
            float[] out = new float[a.size()];
            for (int i = 0; i < out.length; i++) {
                // parse the decimal text straight to float: going through double could round twice
                JsonNode v = a.get(i);
                out[i] = v.isBigDecimal() ? Float.parseFloat(v.decimalValue().toString()) : v.floatValue();
            }
            return out;
        }
    }
}
