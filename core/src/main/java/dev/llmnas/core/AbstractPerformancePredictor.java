package dev.llmnas.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The skeleton every predictor of the library extends, in the manner of LangChain4j's {@code chat} over
 * {@code doChat}: the public methods are final and do what every predictor must, the implementation supplies only
 * {@link #doPredict} (and, to batch or run calls concurrently, {@link #doPredictAll} and
 * {@link #doTryPredictAll}).
 *
 * <p>What the skeleton does, once for all predictors:
 * <ul>
 *   <li><b>Canonical input.</b> With a space (see {@link #AbstractPerformancePredictor(SearchSpace)}) every
 *   architecture is validated and canonicalized by {@link SearchSpace#canonicalize} before the implementation
 *   sees it, so dimension order, surplus layers beyond a depth and number types never change a score. An
 *   architecture already known to be canonical in the space is passed through without allocating (the space's
 *   own operators produce canonical architectures; the check is cached on the instance).</li>
 *   <li><b>Finite scores.</b> A score that is NaN or infinite is a failure, never a result.</li>
 *   <li><b>Failures name the predictor and the architecture.</b> Whatever the implementation throws for one
 *   architecture reaches the caller as a {@link PredictionException} naming {@link #name()} and the architecture
 *   (one the implementation already threw for this predictor, e.g. a subclass such as a budget running out, is
 *   passed on unchanged). A batch that fails as a whole (say, a cache that can no longer be written) throws its
 *   {@link LlmnasException} unchanged from {@link #predictAll} and {@link #tryPredictAll}; any other exception
 *   of a batch is wrapped in a {@link PredictionException} that names no architecture.</li>
 *   <li><b>Batches.</b> {@link #predictAll} stops at the first failure and throws it; {@link #tryPredictAll}
 *   keeps going and reports each failure at its index, never imputing a score.</li>
 * </ul>
 *
 * <pre>{@code
 * final class TrainedFromScratch extends AbstractPerformancePredictor {
 *     TrainedFromScratch(SearchSpace space) { super(space); }
 *     public String name() { return "scratch"; }
 *     public Direction direction() { return Direction.HIGHER_IS_BETTER; }
 *     protected double doPredict(Architecture canonical) { return trainAndEvaluate(canonical); }
 * }
 * }</pre>
 *
 * <p>Thread-safe when the implementation's hooks are. {@link #checked(PerformancePredictor)} gives any other
 * implementation of {@link PerformancePredictor} the same finite-score and failure rules.
 */
public abstract class AbstractPerformancePredictor implements PerformancePredictor {
    private final SearchSpace space;

    /**
     * A predictor of the architectures of {@code space}: every architecture is canonicalized in it before
     * {@link #doPredict} sees it, and one that is not in the space fails with a {@link PredictionException}.
     *
     * @param space the space the predictor scores architectures of, or null for none (as
     *              {@link #AbstractPerformancePredictor()}: for a predictor whose space is optional)
     */
    protected AbstractPerformancePredictor(SearchSpace space) {
        this.space = space;
    }

    /**
     * A predictor that knows no space: architectures reach {@link #doPredict} as given (a wrapper whose delegate
     * canonicalizes, or a remote service that checks its input). The finite-score and failure rules still hold.
     */
    protected AbstractPerformancePredictor() {
        this.space = null;
    }

    /**
     * Scores one canonical architecture. Throw anything for an architecture that cannot be scored; the skeleton
     * reports it as a {@link PredictionException} naming this predictor and the architecture.
     *
     * @param canonical the architecture, canonical in the predictor's space (as given when it has none)
     * @return the score; a value that is not finite is reported as a failure
     */
    protected abstract double doPredict(Architecture canonical);

    /**
     * Scores canonical architectures in order, stopping at the first failure. Override to batch or to run calls
     * concurrently; the default calls {@link #doPredict} in a loop.
     *
     * @param canonical the architectures, canonical in the predictor's space; never empty
     * @return one score per architecture, in order (a missing or non-finite score is reported as a failure)
     */
    protected double[] doPredictAll(List<Architecture> canonical) {
        double[] out = new double[canonical.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = score(canonical.get(i));
        }
        return out;
    }

    /**
     * Scores canonical architectures in order, keeping going past failures. Override to batch or to run calls
     * concurrently; the default calls {@link #doPredict} on each and records each failure at its index.
     *
     * @param canonical the architectures, canonical in the predictor's space; never empty
     * @return a batch of exactly {@code canonical.size()} results (failures that do not name this predictor are
     *         wrapped so that they do)
     */
    protected PredictionBatch doTryPredictAll(List<Architecture> canonical) {
        PredictionBatch.Builder out = PredictionBatch.builder(canonical.size());
        for (int i = 0; i < canonical.size(); i++) {
            try {
                out.success(i, score(canonical.get(i)));
            } catch (PredictionException e) {
                out.failure(i, e);
            }
        }
        return out.build();
    }

    /**
     * Scores one architecture: canonicalizes it, calls {@link #doPredict} and checks the score.
     *
     * @param architecture an architecture of the predictor's space
     * @return a finite score
     * @throws PredictionException naming this predictor and the architecture when it is not in the space, the
     *                             implementation failed on it, or its score is not finite
     */
    @Override
    public final double predict(Architecture architecture) {
        return score(canonical(architecture));
    }

    /**
     * Scores many architectures, in order, through {@link #doPredictAll}.
     *
     * @param architectures architectures of the predictor's space
     * @return one finite score per architecture, in order
     * @throws PredictionException on the first architecture that is not in the space (before anything is scored),
     *                             that cannot be scored, or whose score is not finite
     * @throws LlmnasException     when the batch fails as a whole
     */
    @Override
    public final double[] predictAll(List<Architecture> architectures) {
        Objects.requireNonNull(architectures, "architectures");
        if (architectures.isEmpty()) {
            return new double[0];
        }
        List<Architecture> canonical = canonicalAll(architectures, null);
        double[] scores;
        try {
            scores = doPredictAll(canonical);
        } catch (PredictionException e) {
            throw own(e, null);
        } catch (LlmnasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw batchFailure(e, canonical.size());
        }
        if (scores == null || scores.length != canonical.size()) {
            throw new PredictionException(name(), null, "returned " + (scores == null ? "no scores" : scores.length
                    + (scores.length == 1 ? " score" : " scores")) + " for " + count(canonical.size()));
        }
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw notFinite(canonical.get(i), scores[i]);
            }
        }
        return scores;
    }

    /**
     * Scores many architectures and keeps going past failures, through {@link #doTryPredictAll}: an
     * architecture that is not in the space, cannot be scored or gets a score that is not finite is reported at
     * its index, never imputed.
     *
     * @param architectures architectures of the predictor's space
     * @return one result per architecture, in order
     * @throws LlmnasException when the batch fails as a whole
     */
    @Override
    public final PredictionBatch tryPredictAll(List<Architecture> architectures) {
        Objects.requireNonNull(architectures, "architectures");
        int n = architectures.size();
        PredictionBatch.Builder out = PredictionBatch.builder(n);
        if (n == 0) {
            return out.build();
        }
        List<Architecture> canonical = canonicalAll(architectures, out);
        // the indices of the architectures in the space, which the hook scores as one batch
        int[] at = new int[n];
        int valid = 0;
        for (int i = 0; i < n; i++) {
            if (canonical.get(i) != null) {
                at[valid++] = i;
            }
        }
        if (valid < n) {
            List<Architecture> inSpace = new ArrayList<>(valid);
            for (int j = 0; j < valid; j++) {
                inSpace.add(canonical.get(at[j]));
            }
            canonical = inSpace;
        }
        if (canonical.isEmpty()) {
            return out.build();
        }
        PredictionBatch inner;
        try {
            inner = doTryPredictAll(canonical);
        } catch (LlmnasException e) {
            throw e;
        } catch (RuntimeException e) {
            throw batchFailure(e, canonical.size());
        }
        if (inner == null || inner.size() != canonical.size()) {
            throw new PredictionException(name(), null, "returned " + (inner == null ? "no batch" : inner.size()
                    + (inner.size() == 1 ? " result" : " results")) + " for " + count(canonical.size()));
        }
        for (int j = 0; j < valid; j++) {
            LlmnasException failure = inner.failures().get(j);
            if (failure == null) {
                out.success(at[j], inner.score(j));
            } else {
                out.failure(at[j], failure instanceof PredictionException p ? own(p, canonical.get(j))
                        : new PredictionException(name(), canonical.get(j), failure.getMessage(), failure));
            }
        }
        return out.build();
    }

    /**
     * The finite-score and failure rules of this skeleton for any predictor: {@code predictor} itself when it
     * extends this class, otherwise a view with the same {@link #name()} and {@link #direction()} whose
     * {@code predict} and {@code predictAll} call the predictor's and then apply the rules (there is no space, so
     * nothing is canonicalized). Searches score through it.
     *
     * @param predictor any predictor; not null
     * @return a predictor whose scores are finite and whose failures are {@link PredictionException}s naming it
     */
    public static AbstractPerformancePredictor checked(PerformancePredictor predictor) {
        Objects.requireNonNull(predictor, "predictor");
        return predictor instanceof AbstractPerformancePredictor a ? a : new Checked(predictor);
    }

    // ---- rules ----------------------------------------------------------------------------------------------

    /** doPredict with the failure and finite rules; for a canonical architecture. */
    private double score(Architecture canonical) {
        double s;
        try {
            s = doPredict(canonical);
        } catch (PredictionException e) {
            throw own(e, canonical);
        } catch (RuntimeException e) {
            throw new PredictionException(name(), canonical, describe(e), e);
        }
        if (!Double.isFinite(s)) {
            throw notFinite(canonical, s);
        }
        return s;
    }

    /** The canonical form in this predictor's space, or a failure naming the predictor and the architecture. */
    private Architecture canonical(Architecture architecture) {
        if (architecture == null) {
            throw new PredictionException(name(), null, "architecture is null");
        }
        if (space == null || architecture.isCanonicalIn(space)) {
            return architecture;
        }
        Architecture c;
        try {
            c = space.canonicalize(architecture);
        } catch (LlmnasException | IllegalArgumentException | ClassCastException e) {
            throw new PredictionException(name(), architecture, "not in space " + space.name() + ": "
                    + e.getMessage(), e);
        }
        if (c.equals(architecture) && sameOrder(c, architecture)) {
            // keep the caller's instance: the next call with it allocates nothing
            architecture.markCanonicalIn(space);
            return architecture;
        }
        c.markCanonicalIn(space);
        return c;
    }

    private static boolean sameOrder(Architecture a, Architecture b) {
        return List.copyOf(a.names()).equals(List.copyOf(b.names()));
    }

    /**
     * Canonical forms of a list: the list itself when every element is already canonical. With {@code failures}
     * null the first architecture not in the space is thrown; otherwise it is reported there and its slot is null.
     */
    private List<Architecture> canonicalAll(List<Architecture> architectures, PredictionBatch.Builder failures) {
        int n = architectures.size();
        List<Architecture> out = null;
        for (int i = 0; i < n; i++) {
            Architecture a = architectures.get(i);
            Architecture c;
            try {
                c = canonical(a);
            } catch (PredictionException e) {
                if (failures == null) {
                    throw e;
                }
                failures.failure(i, e);
                c = null;
            }
            if (out == null && c != a) {
                out = new ArrayList<>(n);
                out.addAll(architectures.subList(0, i));
            }
            if (out != null) {
                out.add(c);
            }
        }
        return out == null ? architectures : out;
    }

    /** A failure this predictor reports: one naming it is kept, one naming another predictor is wrapped. */
    private PredictionException own(PredictionException e, Architecture architecture) {
        if (name().equals(e.predictor())) {
            return e;
        }
        return new PredictionException(name(), architecture != null ? architecture : e.architecture(), e.getMessage(), e);
    }

    private PredictionException notFinite(Architecture architecture, double score) {
        return new PredictionException(name(), architecture, "score " + score + " is not finite");
    }

    private PredictionException batchFailure(RuntimeException e, int size) {
        return new PredictionException(name(), null, "a batch of " + count(size) + " failed: " + describe(e), e);
    }

    private static String count(int architectures) {
        return architectures + (architectures == 1 ? " architecture" : " architectures");
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage();
        if (e instanceof LlmnasException && message != null) {
            return message;
        }
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    /** {@link #checked}'s view of a predictor that does not extend the skeleton. */
    private static final class Checked extends AbstractPerformancePredictor {
        private final PerformancePredictor delegate;

        Checked(PerformancePredictor delegate) {
            this.delegate = delegate;
        }

        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Direction direction() {
            return delegate.direction();
        }

        @Override
        protected double doPredict(Architecture canonical) {
            return delegate.predict(canonical);
        }

        @Override
        protected double[] doPredictAll(List<Architecture> canonical) {
            return delegate.predictAll(canonical);
        }

        // doTryPredictAll stays the default loop over doPredict: the delegate's own tryPredictAll may be the
        // interface default, which comes back here

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
