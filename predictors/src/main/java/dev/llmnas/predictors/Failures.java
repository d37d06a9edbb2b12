package dev.llmnas.predictors;

import dev.llmnas.core.PredictionException;

/** Short failure reasons for summaries that stand for many failures (a table's note, a distiller's error). */
final class Failures {
    private Failures() {
    }

    /**
     * The reason of a failure without the architecture it names: a summary covers many architectures, and
     * the key of one HAT architecture alone is some 200 characters.
     */
    static String reason(Throwable e) {
        String m = e.getMessage();
        if (m == null || m.isBlank()) {
            return e.getClass().getSimpleName();
        }
        if (e instanceof PredictionException p && p.architecture() != null) {
            String prefix = "predictor '" + p.predictor() + "' failed on " + p.architecture().key() + ": ";
            if (m.startsWith(prefix)) {
                return m.substring(prefix.length());
            }
        }
        return m;
    }
}
