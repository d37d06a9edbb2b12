package dev.llmnas.predictors;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Direction;
import dev.llmnas.core.InvalidArchitectureException;
import dev.llmnas.core.SearchSpace;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the few-shot regressors. */
final class FewShot {
    private FewShot() {
    }

    /** Checks the demonstrations and encodes them row-major with the space's default encoding. */
    static double[] encodeDemonstrations(Featurizer featurizer, List<Architecture> architectures, double[] scores,
                                         Direction direction, String predictor) {
        SearchSpace space = featurizer.space();
        Objects.requireNonNull(architectures, "architectures");
        Objects.requireNonNull(scores, "scores");
        Objects.requireNonNull(direction, "direction");
        if (architectures.isEmpty()) {
            throw new IllegalArgumentException("architectures: need at least one demonstration");
        }
        if (architectures.size() != scores.length) {
            throw new IllegalArgumentException("scores: " + scores.length + " values for " + architectures.size()
                    + " architectures; need one score per architecture");
        }
        int f = featurizer.size();
        double[] x = new double[architectures.size() * f];
        for (int i = 0; i < scores.length; i++) {
            if (!Double.isFinite(scores[i])) {
                throw new IllegalArgumentException("scores[" + i + "]: " + scores[i] + " is not a finite number");
            }
            Architecture a = architectures.get(i);
            if (a == null) {
                throw new IllegalArgumentException("architectures[" + i + "]: null");
            }
            Architecture canonical;
            try {
                canonical = space.canonicalize(a);
            } catch (InvalidArchitectureException e) {
                throw new InvalidArchitectureException(e.dimension(), "architectures[" + i + "] is not in space "
                        + space.name() + ": " + e.getMessage());
            }
            featurizer.encode(canonical, x, i * f, predictor);
        }
        return x;
    }

    /** A number as short as it reads, for predictor names: 1 rather than 1.0. */
    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }
}
