package dev.llmnas.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Constraint;
import dev.llmnas.core.Direction;
import dev.llmnas.core.PerformancePredictor;
import dev.llmnas.core.ScoredArchitecture;
import dev.llmnas.core.SearchResult;
import dev.llmnas.core.SearchSpace;
import dev.llmnas.core.data.DataPaths;
import dev.llmnas.core.data.HatLatencyData;
import dev.llmnas.core.spaces.HatSpaces;
import dev.llmnas.predictors.latency.LatencyPredictor;
import dev.llmnas.search.HybridSearch;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyConstrainedSearchTest {

    /** Prefers bigger models (more parameters), so that the latency bound is what stops the search; records calls. */
    static final class BiggerIsBetter implements PerformancePredictor {
        final List<Architecture> seen = Collections.synchronizedList(new ArrayList<>());
        private final SearchSpace space;
        private final String name;

        BiggerIsBetter(SearchSpace space, String name) {
            this.space = space;
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Direction direction() {
            return Direction.HIGHER_IS_BETTER;
        }

        @Override
        public double predict(Architecture architecture) {
            seen.add(architecture);
            return space.metric(architecture, HatSpaces.PARAMS);
        }
    }

    @Test
    void every_architecture_a_hybrid_search_scores_or_returns_meets_the_titan_xp_latency_bound() {
        HatLatencyData.DataSet set = HatLatencyData.set("wmt14ende", HatLatencyData.Device.TITANXP);
        LatencyPredictor latency = LatencyPredictor.train(HatLatencyData.load(set.file(dev.llmnas.examples.PaperDefaults.dataFolder()), set), 1);
        SearchSpace space = latency.addTo(HatSpaces.wmt14ende());
        BiggerIsBetter cheap = new BiggerIsBetter(space, "cheap");
        BiggerIsBetter expensive = new BiggerIsBetter(space, "expensive");
        double bound = 150;
        SearchResult r = HybridSearch.builder().space(space).initialPredictor(cheap).finalPredictor(expensive)
                .constraint(Constraint.atMost(latency.name(), bound)).iterations(6).populationSize(40).parents(10)
                .mutations(15).crossovers(15).seed(3).build().run();
        assertThat(cheap.seen).isNotEmpty();
        assertThat(expensive.seen).isNotEmpty();
        for (Architecture a : concat(cheap.seen, expensive.seen)) {
            assertThat(latency.predict(a)).as("scored %s", a.key()).isLessThanOrEqualTo(bound);
        }
        List<ScoredArchitecture> returned = new ArrayList<>(r.population());
        returned.add(r.best());
        returned.addAll(r.paretoFront());
        for (ScoredArchitecture s : returned) {
            assertThat(latency.predict(s.architecture())).isLessThanOrEqualTo(bound);
            assertThat(s.metrics()).containsKey("latency-titanxp");
            assertThat(s.metrics().get("latency-titanxp")).isEqualTo(latency.predict(s.architecture()));
        }
        // the bound binds: the biggest model found sits close under it
        assertThat(r.best().metrics().get("latency-titanxp")).isGreaterThan(bound * 0.8);
    }

    private static List<Architecture> concat(List<Architecture> a, List<Architecture> b) {
        List<Architecture> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
