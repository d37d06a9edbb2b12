package dev.llmnas.predictors.latency;

import java.util.SplittableRandom;

/**
 * HAT's latency predictor, re-implemented as the baseline to beat: a multilayer perceptron with 3 hidden
 * layers of 400 ReLU units and one linear output, trained on mean squared error with Adam (learning rate
 * {@code 1e-5}, betas 0.9 / 0.999, epsilon {@code 1e-8}) for 5,000 steps of 128 rows drawn without replacement
 * each step; inputs are the 10 HAT features divided by {@code [640, 6, 2048, 6, 640, 6, 2048, 6, 6, 2]}, the
 * target is the latency divided by 200. Weights start as PyTorch's {@code nn.Linear} does (uniform in
 * {@code +-1/sqrt(fan_in)}). Arithmetic is float32, as HAT's. Source of the settings:
 * {@code latency_predictor.py} of github.com/mit-han-lab/hardware-aware-transformers.
 *
 * <p>Depth: the protocol says 3 hidden layers of 400, the default here ({@link #HIDDEN_LAYERS}). HAT's
 * own {@code Net} has a first 10-to-400 layer followed by {@code hidden_layer_num = 3} layers of 400 to 400,
 * that is 4 hidden ReLU layers; {@code train(..., 4)} builds that network.
 *
 * <p>Training is deterministic given the seed. Instances are immutable after {@link #train}; thread-safe.
 */
public final class HatMlp {
    /** HAT's settings. */
    public static final int HIDDEN = 400;
    /** Hidden layers by default (the protocol; HAT's own code has 4, see the class description). */
    public static final int HIDDEN_LAYERS = 3;
    public static final double LEARNING_RATE = 1e-5;
    public static final int STEPS = 5_000;
    public static final int BATCH = 128;
    public static final double TARGET_SCALE = 200;

    private final int[] sizes;
    /** Per layer: weights [out][in] row-major. */
    private final float[][] w;
    private final float[][] b;

    private HatMlp(int[] sizes, float[][] w, float[][] b) {
        this.sizes = sizes;
        this.w = w;
        this.b = b;
    }

    /**
     * Trains with HAT's settings.
     *
     * @param rawFeatures rows of HAT's 10 unscaled features
     * @param latencyMs   total latency per row, ms
     * @param seed        seed of the initial weights and the batches
     */
    public static HatMlp train(double[][] rawFeatures, double[] latencyMs, long seed) {
        return train(rawFeatures, latencyMs, seed, STEPS);
    }

    /** As {@link #train(double[][], double[], long)} with another number of steps (tests use fewer). */
    public static HatMlp train(double[][] rawFeatures, double[] latencyMs, long seed, int steps) {
        return train(rawFeatures, latencyMs, seed, steps, HIDDEN_LAYERS);
    }

    /**
     * As {@link #train(double[][], double[], long)} with another number of steps and of hidden layers.
     *
     * @param hiddenLayers hidden layers of 400 units, 1 to 8 (3 by default; 4 is HAT's own code)
     * @throws IllegalArgumentException when rows and targets disagree, steps is below 1 or the depth is out of
     *                                  range
     */
    public static HatMlp train(double[][] rawFeatures, double[] latencyMs, long seed, int steps, int hiddenLayers) {
        if (hiddenLayers < 1 || hiddenLayers > 8) {
            throw new IllegalArgumentException("hiddenLayers: " + hiddenLayers + " is not in [1, 8]");
        }
        int n = rawFeatures.length;
        if (n < 2 || latencyMs.length != n) {
            throw new IllegalArgumentException("rows: " + n + " rows and " + latencyMs.length
                    + " targets; need the same number, at least 2");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("steps: " + steps + " must be at least 1");
        }
        int in = LatencyFeatures.HAT_NORM.length;
        float[][] x = new float[n][];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = toFloat(LatencyFeatures.hatScaled(rawFeatures[i]));
            y[i] = (float) (latencyMs[i] / TARGET_SCALE);
        }
        int[] sizes = new int[hiddenLayers + 2];
        sizes[0] = in;
        for (int l = 1; l <= hiddenLayers; l++) {
            sizes[l] = HIDDEN;
        }
        sizes[hiddenLayers + 1] = 1;
        int layers = sizes.length - 1;
        SplittableRandom random = new SplittableRandom(seed);
        float[][] w = new float[layers][];
        float[][] bias = new float[layers][];
        for (int l = 0; l < layers; l++) {
            double bound = 1 / Math.sqrt(sizes[l]);
            w[l] = new float[sizes[l + 1] * sizes[l]];
            bias[l] = new float[sizes[l + 1]];
            for (int i = 0; i < w[l].length; i++) {
                w[l][i] = (float) random.nextDouble(-bound, bound);
            }
            for (int i = 0; i < bias[l].length; i++) {
                bias[l][i] = (float) random.nextDouble(-bound, bound);
            }
        }
        new Trainer(sizes, w, bias).run(x, y, Math.min(BATCH, n), steps, random);
        return new HatMlp(sizes, w, bias);
    }

    /** Predicted total latency (ms) of HAT's 10 unscaled features. */
    public double predict(double[] rawFeatures) {
        float[] a = toFloat(LatencyFeatures.hatScaled(rawFeatures));
        for (int l = 0; l < w.length; l++) {
            int out = sizes[l + 1];
            int in = sizes[l];
            float[] next = new float[out];
            for (int o = 0; o < out; o++) {
                float s = b[l][o];
                for (int i = 0; i < in; i++) {
                    s += w[l][o * in + i] * a[i];
                }
                next[o] = l < w.length - 1 ? Math.max(0f, s) : s;
            }
            a = next;
        }
        return a[0] * TARGET_SCALE;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }

    /**
     * Mini-batch forward/backward passes and Adam updates, with buffers reused across steps. Each layer's
     * weights are kept twice, input-major for the forward pass and the weight gradients and output-major for
     * the input gradients, so that every inner loop is a vectorisable {@code y += a * x} over contiguous floats;
     * zero activations and zero (ReLU-masked) deltas are skipped. The output-major copy is refreshed after each
     * Adam step.
     */
    private static final class Trainer {
        /** Weight rows per cache block (32 x 400 floats: 51 KB). */
        private static final int BLOCK = 32;
        /** Batch rows per cache block. */
        private static final int ROW_BLOCK = 16;
        private final int[] sizes;
        /** Output-major weights [out][in] (the model's own arrays). */
        private final float[][] w;
        /** Input-major copies [in][out]. */
        private final float[][] wt;
        private final float[][] b;
        private final float[][] mw;
        private final float[][] vw;
        private final float[][] mb;
        private final float[][] vb;
        /** Input-major weight gradients. */
        private final float[][] gw;
        private final float[][] gb;

        Trainer(int[] sizes, float[][] w, float[][] b) {
            this.sizes = sizes;
            this.w = w;
            this.b = b;
            int layers = w.length;
            wt = new float[layers][];
            mw = new float[layers][];
            vw = new float[layers][];
            gw = new float[layers][];
            mb = new float[layers][];
            vb = new float[layers][];
            gb = new float[layers][];
            for (int l = 0; l < layers; l++) {
                wt[l] = new float[w[l].length];
                transpose(w[l], wt[l], sizes[l + 1], sizes[l]);
                mw[l] = new float[w[l].length];
                vw[l] = new float[w[l].length];
                gw[l] = new float[w[l].length];
                mb[l] = new float[b[l].length];
                vb[l] = new float[b[l].length];
                gb[l] = new float[b[l].length];
            }
        }

        /** {@code dst[c][r] = src[r][c]} for a {@code rows x cols} row-major {@code src}. */
        private static void transpose(float[] src, float[] dst, int rows, int cols) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    dst[c * rows + r] = src[r * cols + c];
                }
            }
        }

        void run(float[][] x, float[] y, int batch, int steps, SplittableRandom random) {
            int layers = w.length;
            // act[0] is the input batch, act[l + 1] the output of layer l; delta[l] = d loss / d act[l]
            float[][][] act = new float[layers + 1][batch][];
            float[][][] delta = new float[layers + 1][batch][];
            for (int l = 0; l <= layers; l++) {
                for (int r = 0; r < batch; r++) {
                    act[l][r] = new float[sizes[l]];
                    delta[l][r] = new float[sizes[l]];
                }
            }
            int n = x.length;
            int[] order = new int[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            int[] rows = new int[batch];
            double b1t = 1;
            double b2t = 1;
            for (int step = 1; step <= steps; step++) {
                // rows without replacement: a partial Fisher-Yates shuffle
                for (int r = 0; r < batch; r++) {
                    int j = r + random.nextInt(n - r);
                    int t = order[r];
                    order[r] = order[j];
                    order[j] = t;
                    rows[r] = order[r];
                }
                for (int r = 0; r < batch; r++) {
                    System.arraycopy(x[rows[r]], 0, act[0][r], 0, sizes[0]);
                }
                for (int l = 0; l < layers; l++) {
                    forward(l, act[l], act[l + 1], l < layers - 1);
                }
                // d(mean squared error)/d(output)
                for (int r = 0; r < batch; r++) {
                    delta[layers][r][0] = 2f * (act[layers][r][0] - y[rows[r]]) / batch;
                }
                for (int l = layers - 1; l >= 0; l--) {
                    backward(l, act[l], act[l + 1], delta[l + 1], delta[l], l > 0, l < layers - 1);
                }
                b1t *= 0.9;
                b2t *= 0.999;
                // Adam with PyTorch's bias correction folded into the step size and epsilon
                float stepSize = (float) (LEARNING_RATE * Math.sqrt(1 - b2t) / (1 - b1t));
                float eps = (float) (1e-8 * Math.sqrt(1 - b2t));
                for (int l = 0; l < layers; l++) {
                    adam(wt[l], gw[l], mw[l], vw[l], stepSize, eps);
                    adam(b[l], gb[l], mb[l], vb[l], stepSize, eps);
                    transpose(wt[l], w[l], sizes[l], sizes[l + 1]);
                }
            }
        }

        private void forward(int l, float[][] in, float[][] out, boolean relu) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            float[] wl = wt[l];
            float[] bl = b[l];
            for (float[] o : out) {
                System.arraycopy(bl, 0, o, 0, nOut);
            }
            // blocks of weight rows that stay in cache while every row of the batch uses them
            for (int i0 = 0; i0 < nIn; i0 += BLOCK) {
                int i1 = Math.min(nIn, i0 + BLOCK);
                for (int r = 0; r < in.length; r++) {
                    float[] o = out[r];
                    float[] a = in[r];
                    for (int i = i0; i < i1; i++) {
                        float ai = a[i];
                        if (ai == 0f) {
                            continue;
                        }
                        int base = i * nOut;
                        for (int j = 0; j < nOut; j++) {
                            o[j] += ai * wl[base + j];
                        }
                    }
                }
            }
            if (relu) {
                for (float[] o : out) {
                    for (int j = 0; j < nOut; j++) {
                        o[j] = Math.max(0f, o[j]);
                    }
                }
            }
        }

        /**
         * Gradients of layer {@code l} from {@code dOut} (d loss / d layer output, after the activation), and
         * d loss / d layer input into {@code dIn} when needed.
         */
        private void backward(int l, float[][] in, float[][] out, float[][] dOut, float[][] dIn, boolean needInput,
                              boolean relu) {
            int nIn = sizes[l];
            int nOut = sizes[l + 1];
            float[] g = gw[l];
            float[] gbl = gb[l];
            java.util.Arrays.fill(g, 0f);
            java.util.Arrays.fill(gbl, 0f);
            for (int r = 0; r < in.length; r++) {
                float[] dz = dOut[r];
                if (relu) {
                    float[] o = out[r];
                    for (int j = 0; j < nOut; j++) {
                        dz[j] = o[j] > 0f ? dz[j] : 0f;
                    }
                }
                for (int j = 0; j < nOut; j++) {
                    gbl[j] += dz[j];
                }
            }
            // weight gradients, input-major: row i of g gathers a[r][i] * dz[r] over the batch. One output
            // array per loop: C2 vectorises y += a * x only when it need not prove two arrays distinct
            // blocks of batch rows whose deltas stay in cache while every gradient row uses them
            for (int r0 = 0; r0 < in.length; r0 += ROW_BLOCK) {
                int r1 = Math.min(in.length, r0 + ROW_BLOCK);
                for (int i = 0; i < nIn; i++) {
                    int base = i * nOut;
                    for (int r = r0; r < r1; r++) {
                        float ai = in[r][i];
                        if (ai == 0f) {
                            continue;
                        }
                        float[] dz = dOut[r];
                        for (int j = 0; j < nOut; j++) {
                            g[base + j] += ai * dz[j];
                        }
                    }
                }
            }
            if (needInput) {
                float[] wl = w[l];
                for (float[] di : dIn) {
                    java.util.Arrays.fill(di, 0f);
                }
                for (int j0 = 0; j0 < nOut; j0 += BLOCK) {
                    int j1 = Math.min(nOut, j0 + BLOCK);
                    for (int r = 0; r < in.length; r++) {
                        float[] di = dIn[r];
                        float[] dz = dOut[r];
                        for (int j = j0; j < j1; j++) {
                            float d = dz[j];
                            if (d == 0f) {
                                continue;
                            }
                            int base = j * nIn;
                            for (int k = 0; k < nIn; k++) {
                                di[k] += d * wl[base + k];
                            }
                        }
                    }
                }
            }
        }

        private static void adam(float[] p, float[] g, float[] m, float[] v, float stepSize, float eps) {
            for (int i = 0; i < p.length; i++) {
                float gi = g[i];
                m[i] = 0.9f * m[i] + 0.1f * gi;
                v[i] = 0.999f * v[i] + 0.001f * gi * gi;
                p[i] -= stepSize * m[i] / ((float) Math.sqrt(v[i]) + eps);
            }
        }
    }
}
