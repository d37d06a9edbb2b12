package dev.llmnas.search;

import dev.llmnas.core.SearchResult;
import java.time.Duration;

/** Test helpers on results. */
final class Results {
    private Results() {
    }

    /** The result with its wall time zeroed, so that two runs compare on everything else. */
    static SearchResult withoutWallTime(SearchResult r) {
        return new SearchResult(r.strategy(), r.best(), r.population(), r.history(), r.calls(), r.paretoFront(),
                Duration.ZERO);
    }
}
