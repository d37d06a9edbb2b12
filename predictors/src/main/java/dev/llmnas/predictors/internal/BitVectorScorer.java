package dev.llmnas.predictors.internal;

import java.util.Arrays;

/**
 * Scores rows with an ensemble of trees of depth at most {@value #MAX_DEPTH} by bit vectors, in the
 * QuickScorer family (Lucchese et al., SIGIR 2015), with the per-feature work precomputed per threshold bin.
 *
 * <p>Each tree's leaves, left to right, are the bits of one {@code long}. A node whose test is false
 * ({@code x >= threshold}: the row goes right) rules out the leaves of its left subtree; the row's exit leaf is
 * the leftmost leaf nobody ruled out, the lowest set bit. Which nodes of feature {@code f} are false depends
 * only on the bin of {@code x_f} among the sorted distinct thresholds of {@code f}, so for every bin (plus one
 * bin for NaN, which follows each node's default direction) the AND of those nodes' masks is stored, for
 * every tree. A row then costs one small binary search per feature, {@code features x trees} ANDs over
 * contiguous memory (which the JIT turns into vector instructions), and one trailing-zero count, leaf load and
 * float addition per tree. Leaves are added in tree order starting from the base score, in {@code float}, as
 * XGBoost adds them, so predictions are bit-identical to the node walk.
 *
 * <p>Immutable and thread-safe; callers pass the scratch buffer ({@link #scratch()}).
 */
public final class BitVectorScorer {
    /** Deepest trees this scorer takes: 2^6 = 64 leaves fill a {@code long}. */
    public static final int MAX_DEPTH = 6;
    /** Rows whose leaf sums are accumulated together, so the additions of different rows overlap. */
    private static final int LANES = 4;

    private final int featureCount;
    private final int treeCount;
    private final int depth;
    private final float baseScore;
    private final float[] leaf;
    /** Per feature: sorted distinct threshold keys, padded with {@code Integer.MAX_VALUE} to a power of two. */
    private final int[][] searchKeys;
    /** Per feature: the number of distinct thresholds (the NaN bin is one past it). */
    private final int[] thresholdCount;
    /** Per feature: where its bins start in {@link #masks}; bin {@code b} of feature {@code f} is {@code masks[maskBase[f] + b]}. */
    private final int[] maskBase;
    /**
     * One array of {@code treeCount} masks per (feature, bin): separate arrays read from index 0, which the
     * JIT vectorizes (offsets into one shared array defeat its alias analysis).
     */
    private final long[][] masks;
    /** The features some split reads, in order; the others cannot change a prediction and are skipped. */
    private final int[] active;

    /**
     * Compiles perfect trees given in level order: tree {@code t}'s {@code 2^depth - 1} internal nodes at
     * {@code [t * internal, (t + 1) * internal)} and its {@code 2^depth} leaves at {@code [t << depth, (t + 1) << depth)}.
     *
     * @param featureCount features per row
     * @param depth        depth of every (padded) tree, 0 to {@value #MAX_DEPTH}
     * @param feature      feature index of each internal node
     * @param thresholdKey order key of each internal node's threshold ({@code x} goes left when its key is below)
     * @param defaultLeft  whether a NaN goes left at each internal node
     * @param padding      internal nodes that only pad a shallower leaf (both subtrees carry one value)
     * @param leaf         leaf values
     * @param baseScore    the value every sum starts from
     * @throws IllegalArgumentException when {@code depth} exceeds {@value #MAX_DEPTH} or arrays disagree in size
     */
    public BitVectorScorer(int featureCount, int depth, int[] feature, int[] thresholdKey, boolean[] defaultLeft,
            boolean[] padding, float[] leaf, float baseScore) {
        if (depth < 0 || depth > MAX_DEPTH) {
            throw new IllegalArgumentException("depth: " + depth + " is not in [0, " + MAX_DEPTH + "]");
        }
        int internal = (1 << depth) - 1;
        if (leaf.length % (1 << depth) != 0) {
            throw new IllegalArgumentException("leaf: " + leaf.length + " values are not a multiple of " + (1 << depth));
        }
        int trees = leaf.length >> depth;
        if (feature.length != trees * internal || thresholdKey.length != feature.length
                || defaultLeft.length != feature.length || padding.length != feature.length) {
            throw new IllegalArgumentException("nodes: " + trees + " trees of depth " + depth + " need "
                    + trees * internal + " internal nodes; got " + feature.length + "/" + thresholdKey.length + "/"
                    + defaultLeft.length + "/" + padding.length);
        }
        this.featureCount = featureCount;
        this.treeCount = trees;
        this.depth = depth;
        this.baseScore = baseScore;
        this.leaf = leaf.clone();
        this.searchKeys = new int[featureCount][];
        this.thresholdCount = new int[featureCount];
        this.maskBase = new int[featureCount];
        int[][] distinct = new int[featureCount][];
        long total = 0;
        for (int f = 0; f < featureCount; f++) {
            int[] keys = new int[feature.length];
            int n = 0;
            for (int k = 0; k < feature.length; k++) {
                if (!padding[k] && feature[k] == f) {
                    keys[n++] = thresholdKey[k];
                }
            }
            int[] sorted = Arrays.stream(keys, 0, n).sorted().distinct().toArray();
            distinct[f] = sorted;
            thresholdCount[f] = sorted.length;
            int size = Integer.highestOneBit(sorted.length) << 1; // a power of two above the count: one sentinel at least
            int[] padded = new int[size];
            Arrays.fill(padded, Integer.MAX_VALUE);
            System.arraycopy(sorted, 0, padded, 0, sorted.length);
            searchKeys[f] = padded;
            maskBase[f] = (int) total;
            total += (long) (sorted.length + 2) * trees;
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("masks: " + total + " bins x trees do not fit an array");
        }
        long[] flat = new long[(int) total];
        Arrays.fill(flat, -1L);
        for (int t = 0; t < trees; t++) {
            for (int i = 0; i < internal; i++) {
                int k = t * internal + i;
                if (padding[k]) {
                    continue;
                }
                int f = feature[k];
                int level = 31 - Integer.numberOfLeadingZeros(i + 1);
                int position = i + 1 - (1 << level);
                int span = 1 << (depth - level - 1);
                long leftLeaves = (span == 64 ? -1L : ((1L << span) - 1)) << (2 * position * span);
                long mask = ~leftLeaves;
                int n = thresholdCount[f];
                int p = Arrays.binarySearch(distinct[f], thresholdKey[k]);
                for (int b = p + 1; b <= n; b++) {
                    flat[maskBase[f] + b * trees + t] &= mask;
                }
                if (!defaultLeft[k]) {
                    flat[maskBase[f] + (n + 1) * trees + t] &= mask;
                }
            }
        }
        int rowsOfMasks = (int) (total / Math.max(1, trees));
        masks = new long[trees == 0 ? 0 : rowsOfMasks][];
        for (int m = 0; m < masks.length; m++) {
            masks[m] = Arrays.copyOfRange(flat, m * trees, (m + 1) * trees);
        }
        int[] used = new int[featureCount];
        int n = 0;
        for (int f = 0; f < featureCount; f++) {
            maskBase[f] /= Math.max(1, trees);
            if (thresholdCount[f] > 0) {
                used[n++] = f;
            }
        }
        active = Arrays.copyOf(used, n);
    }

    /**
     * The number of {@code long} masks the scorer of these nodes would store (distinct thresholds plus two bins,
     * summed over features, times trees), computed without building it.
     */
    public static long maskCount(int featureCount, int[] feature, int[] thresholdKey, boolean[] padding, int trees) {
        long total = 0;
        for (int f = 0; f < featureCount; f++) {
            int[] keys = new int[feature.length];
            int n = 0;
            for (int k = 0; k < feature.length; k++) {
                if (!padding[k] && feature[k] == f) {
                    keys[n++] = thresholdKey[k];
                }
            }
            total += (Arrays.stream(keys, 0, n).distinct().count() + 2) * trees;
        }
        return total;
    }

    /** A scratch buffer for {@link #predict}: one per thread. */
    public long[][] scratch() {
        return new long[LANES][treeCount];
    }

    /** Number of {@code long} masks stored (bins of all features times trees). */
    public long maskCount() {
        return (long) masks.length * treeCount;
    }

    /**
     * An int whose signed order is the float order of non-NaN values (see the tree ensemble's order keys).
     */
    private static int orderKey(float f) {
        int bits = Float.floatToRawIntBits(f);
        return bits ^ ((bits >> 31) & 0x7fffffff);
    }

    /** The masks of feature {@code f}'s bin for value {@code x}. */
    private long[] bin(int f, float x) {
        if (x != x) {
            return masks[maskBase[f] + thresholdCount[f] + 1];
        }
        int[] keys = searchKeys[f];
        int v = orderKey(x);
        int pos = 0;
        for (int step = keys.length >>> 1; step > 0; step >>>= 1) {
            pos += keys[pos + step - 1] <= v ? step : 0;
        }
        return masks[maskBase[f] + pos];
    }

    /** ANDs the masks of every split feature of the row at {@code x[offset ..]} into {@code acc}. */
    private void exitLeaves(float[] x, int offset, long[] acc) {
        int[] fs = active;
        int n = fs.length;
        int trees = treeCount;
        if (n == 0) {
            Arrays.fill(acc, -1L);
            return;
        }
        int i;
        // four features per pass over the trees: one load and store of acc per four masks, vectorized
        if (n >= 4) {
            long[] p = bin(fs[0], x[offset + fs[0]]);
            long[] q = bin(fs[1], x[offset + fs[1]]);
            long[] r = bin(fs[2], x[offset + fs[2]]);
            long[] s = bin(fs[3], x[offset + fs[3]]);
            for (int t = 0; t < trees; t++) {
                acc[t] = p[t] & q[t] & r[t] & s[t];
            }
            i = 4;
        } else {
            System.arraycopy(bin(fs[0], x[offset + fs[0]]), 0, acc, 0, trees);
            i = 1;
        }
        for (; i + 4 <= n; i += 4) {
            long[] p = bin(fs[i], x[offset + fs[i]]);
            long[] q = bin(fs[i + 1], x[offset + fs[i + 1]]);
            long[] r = bin(fs[i + 2], x[offset + fs[i + 2]]);
            long[] s = bin(fs[i + 3], x[offset + fs[i + 3]]);
            for (int t = 0; t < trees; t++) {
                acc[t] &= p[t] & q[t] & r[t] & s[t];
            }
        }
        if (i + 2 <= n) {
            long[] p = bin(fs[i], x[offset + fs[i]]);
            long[] q = bin(fs[i + 1], x[offset + fs[i + 1]]);
            for (int t = 0; t < trees; t++) {
                acc[t] &= p[t] & q[t];
            }
            i += 2;
        }
        if (i < n) {
            long[] p = bin(fs[i], x[offset + fs[i]]);
            for (int t = 0; t < trees; t++) {
                acc[t] &= p[t];
            }
        }
    }

    /** Predicts the row at {@code x[offset .. offset + featureCount)}; {@code scratch} from {@link #scratch()}. */
    public float predict(float[] x, int offset, long[][] scratch) {
        long[] acc = scratch[0];
        exitLeaves(x, offset, acc);
        float sum = baseScore;
        int d = depth;
        for (int t = 0; t < treeCount; t++) {
            sum += leaf[(t << d) + Long.numberOfTrailingZeros(acc[t])];
        }
        return sum;
    }

    /**
     * Predicts rows {@code [from, to)} of the row-major matrix {@code x} into {@code out[from .. to)};
     * {@code scratch} from {@link #scratch()}.
     */
    public void predict(float[] x, int from, int to, float[] out, long[][] scratch) {
        int f = featureCount;
        int trees = treeCount;
        int d = depth;
        long[] a0 = scratch[0];
        long[] a1 = scratch[1];
        long[] a2 = scratch[2];
        long[] a3 = scratch[3];
        int r = from;
        for (; r + LANES <= to; r += LANES) {
            exitLeaves(x, r * f, a0);
            exitLeaves(x, (r + 1) * f, a1);
            exitLeaves(x, (r + 2) * f, a2);
            exitLeaves(x, (r + 3) * f, a3);
            float s0 = baseScore;
            float s1 = baseScore;
            float s2 = baseScore;
            float s3 = baseScore;
            // four independent sums: their additions overlap; each row still adds its leaves in tree order
            for (int t = 0; t < trees; t++) {
                int l = t << d;
                s0 += leaf[l + Long.numberOfTrailingZeros(a0[t])];
                s1 += leaf[l + Long.numberOfTrailingZeros(a1[t])];
                s2 += leaf[l + Long.numberOfTrailingZeros(a2[t])];
                s3 += leaf[l + Long.numberOfTrailingZeros(a3[t])];
            }
            out[r] = s0;
            out[r + 1] = s1;
            out[r + 2] = s2;
            out[r + 3] = s3;
        }
        for (; r < to; r++) {
            out[r] = predict(x, r * f, scratch);
        }
    }
}
