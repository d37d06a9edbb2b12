package dev.llmnas.search;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Online refit of a cheap predictor on the expensive scores as they arrive (used by
 * {@link MultiObjectiveSearch.Builder#refit}): given every architecture the expensive (final) predictor has
 * scored so far, with its cheap score, objective values and expensive score, it returns a {@link Model} that
 * predicts the expensive score of any architecture from the same inputs. The search uses the model instead of the
 * raw cheap score wherever the cheap predictor picks candidates (screening, polishing, per-level allocation).
 *
 * <p>Implementations must be deterministic functions of their samples (samples arrive ordered by architecture
 * key), so that a run and its resumed continuation pick the same candidates. {@link #ridge(double)} is the
 * built-in; a user may supply any other (e.g. a gradient-boosted model from the predictors module).
 */
public interface Refit {

    /**
     * One expensively scored architecture.
     *
     * @param architecture the architecture (canonical)
     * @param cheapScore   the cheap (initial) predictor's score
     * @param objectives   the efficiency objectives' values, in the order of the search's objectives
     * @param score        the expensive (final) predictor's score
     */
    record Sample(Architecture architecture, double cheapScore, double[] objectives, double score) {
        public Sample {
            if (architecture == null) {
                throw new IllegalArgumentException("architecture: null is not allowed; pass an Architecture");
            }
            if (!Double.isFinite(cheapScore) || !Double.isFinite(score)) {
                throw new IllegalArgumentException("cheapScore (" + cheapScore + ") and score (" + score
                        + ") must both be finite");
            }
            objectives = objectives.clone();
        }
    }

    /** A fitted correction: the predicted expensive score of an architecture. */
    @FunctionalInterface
    interface Model {
        /**
         * @param architecture the architecture
         * @param cheapScore   its cheap score
         * @param objectives   its objective values
         * @return the predicted expensive score (same units and direction as the expensive predictor)
         */
        double predict(Architecture architecture, double cheapScore, double[] objectives);
    }

    /** A stable name for checkpoint fingerprints and reports, e.g. {@code ridge(1.0)}. */
    String name();

    /**
     * Fits a model on the samples.
     *
     * @param space   the search space (for the architectures' encoding)
     * @param samples at least one sample, ordered by architecture key
     * @return the model
     * @throws SearchException when the fit fails
     */
    Model fit(SearchSpace space, List<Sample> samples);

    /**
     * The built-in refit: ridge regression of the expensive score on [cheap score, one-hot encoding of every
     * non-per-layer dimension's choice, each objective's value scaled by its largest magnitude among the samples],
     * with an unpenalised intercept (features and target centred) and L2 penalty {@code lambda} on the
     * coefficients. Solved exactly by Cholesky on the normal equations; cheap for hundreds of samples and tens of
     * features.
     *
     * @param lambda the L2 penalty, at least 0 (0 = least squares; a tiny ridge keeps it solvable)
     * @return the refit
     * @throws IllegalArgumentException when lambda is negative or not finite
     */
    static Refit ridge(double lambda) {
        if (!(lambda >= 0) || !Double.isFinite(lambda)) {
            throw new IllegalArgumentException("lambda: " + lambda + " is not allowed; it must be a finite number"
                    + " >= 0");
        }
        return new Refit() {
            @Override
            public String name() {
                return String.format(Locale.ROOT, "ridge(%s)", lambda);
            }

            @Override
            public Model fit(SearchSpace space, List<Sample> samples) {
                if (samples.isEmpty()) {
                    throw new SearchException("refit " + name() + ": no samples to fit");
                }
                int nObj = samples.get(0).objectives().length;
                double[] scale = new double[nObj];
                for (Sample s : samples) {
                    for (int j = 0; j < nObj; j++) {
                        scale[j] = Math.max(scale[j], Math.abs(s.objectives()[j]));
                    }
                }
                for (int j = 0; j < nObj; j++) {
                    if (scale[j] == 0) {
                        scale[j] = 1;
                    }
                }
                List<Dimension> dims = new ArrayList<>();
                for (Dimension d : space.dimensions()) {
                    if (d.kind() != Dimension.Kind.PER_LAYER) {
                        dims.add(d);
                    }
                }
                int p = 1 + nObj + dims.stream().mapToInt(d -> d.choices().size()).sum();
                int n = samples.size();
                double[][] x = new double[n][];
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                    Sample s = samples.get(i);
                    x[i] = features(dims, p, scale, s.architecture(), s.cheapScore(), s.objectives());
                    y[i] = s.score();
                }
                double[] mx = new double[p];
                double my = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < p; j++) {
                        mx[j] += x[i][j] / n;
                    }
                    my += y[i] / n;
                }
                double[][] a = new double[p][p];
                double[] b = new double[p];
                for (int i = 0; i < n; i++) {
                    for (int j = 0; j < p; j++) {
                        double xj = x[i][j] - mx[j];
                        b[j] += xj * (y[i] - my);
                        for (int k = 0; k <= j; k++) {
                            a[j][k] += xj * (x[i][k] - mx[k]);
                        }
                    }
                }
                for (int j = 0; j < p; j++) {
                    a[j][j] += lambda + 1e-9;
                    for (int k = 0; k < j; k++) {
                        a[k][j] = a[j][k];
                    }
                }
                double[] w = choleskySolve(a, b);
                double intercept = my;
                for (int j = 0; j < p; j++) {
                    intercept -= w[j] * mx[j];
                }
                double c = intercept;
                return (arch, cheap, objectives) -> {
                    double[] f = features(dims, p, scale, arch, cheap, objectives);
                    double v = c;
                    for (int j = 0; j < p; j++) {
                        v += w[j] * f[j];
                    }
                    return v;
                };
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    /**
     * Per-level terms on top of a base refit, for objectives with few distinct values (levels: architectures with
     * equal objective values, e.g. one {@code cell-params} value on NAS-Bench-201): {@code base} is fitted on all
     * samples, then, for every level with at least {@code minSamples} samples, {@code base} is fitted again on that
     * level's residuals (expensive score minus the global prediction). A level's prediction is the global one plus
     * its residual model's; levels with fewer samples get the global prediction alone. Within a level the global
     * model's objective terms are constant, so the residual model learns which choices matter there (e.g. where
     * the one convolution of the cheapest levels sits), which one global linear correction cannot.
     *
     * @param base       the refit used globally and per level, e.g. {@link #ridge(double) ridge(1.0)}
     * @param minSamples fewest samples of a level for its own residual model, at least 2
     * @return the refit, named {@code perLevel(<base>,<minSamples>)}
     * @throws IllegalArgumentException when base is null or minSamples is below 2
     */
    static Refit perLevel(Refit base, int minSamples) {
        if (base == null) {
            throw new IllegalArgumentException("base: null is not allowed; pass a Refit, e.g. Refit.ridge(1.0)");
        }
        if (minSamples < 2) {
            throw new IllegalArgumentException("minSamples: " + minSamples + " is not allowed; it must be at least 2");
        }
        return new Refit() {
            @Override
            public String name() {
                return "perLevel(" + base.name() + "," + minSamples + ")";
            }

            @Override
            public Model fit(SearchSpace space, List<Sample> samples) {
                if (samples.isEmpty()) {
                    throw new SearchException("refit " + name() + ": no samples to fit");
                }
                Model global = base.fit(space, samples);
                java.util.Map<List<Double>, List<Sample>> levels = new java.util.LinkedHashMap<>();
                for (Sample s : samples) {
                    levels.computeIfAbsent(level(s.objectives()), k -> new ArrayList<>()).add(s);
                }
                java.util.Map<List<Double>, Model> residual = new java.util.HashMap<>();
                for (java.util.Map.Entry<List<Double>, List<Sample>> e : levels.entrySet()) {
                    if (e.getValue().size() < minSamples) {
                        continue;
                    }
                    List<Sample> rest = new ArrayList<>(e.getValue().size());
                    for (Sample s : e.getValue()) {
                        double r = s.score() - global.predict(s.architecture(), s.cheapScore(), s.objectives());
                        rest.add(new Sample(s.architecture(), s.cheapScore(), s.objectives(), r));
                    }
                    residual.put(e.getKey(), base.fit(space, rest));
                }
                return (arch, cheap, objectives) -> {
                    double v = global.predict(arch, cheap, objectives);
                    Model m = residual.get(level(objectives));
                    return m == null ? v : v + m.predict(arch, cheap, objectives);
                };
            }

            @Override
            public String toString() {
                return name();
            }
        };
    }

    private static List<Double> level(double[] objectives) {
        List<Double> key = new ArrayList<>(objectives.length);
        for (double v : objectives) {
            key.add(v);
        }
        return key;
    }

    private static double[] features(List<Dimension> dims, int p, double[] scale, Architecture a, double cheap,
                                     double[] objectives) {
        double[] f = new double[p];
        f[0] = cheap;
        int at = 1;
        for (int j = 0; j < objectives.length; j++) {
            f[at++] = objectives[j] / scale[j];
        }
        for (Dimension d : dims) {
            if (a.has(d.name())) {
                int c = d.choices().indexOf(a.get(d.name()));
                if (c >= 0) {
                    f[at + c] = 1;
                }
            }
            at += d.choices().size();
        }
        return f;
    }

    private static double[] choleskySolve(double[][] a, double[] b) {
        int p = b.length;
        double[][] l = new double[p][p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j <= i; j++) {
                double s = a[i][j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > 0)) {
                        throw new SearchException("refit ridge: the normal equations are not positive definite"
                                + " (pivot " + s + " at feature " + i + "); use a larger lambda");
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        double[] z = new double[p];
        for (int i = 0; i < p; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * z[k];
            }
            z[i] = s / l[i][i];
        }
        double[] w = new double[p];
        for (int i = p - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < p; k++) {
                s -= l[k][i] * w[k];
            }
            w[i] = s / l[i][i];
        }
        return w;
    }
}
