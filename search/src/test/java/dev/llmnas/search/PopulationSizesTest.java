package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.llmnas.core.data.NatsBench;
import dev.llmnas.core.spaces.Nb201Space;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How an evolution builder derives the sizes it was not given (HAT's 1:2:2 ratio of parents, mutations and
 * crossovers) and where it draws the lines. Expected sizes are worked out by hand from the documented rule.
 */
class PopulationSizesTest {
    @BeforeAll
    static void data() {
        TestPredictors.natsBench();
    }

    private static EvolutionarySearch.Builder evolution() {
        return EvolutionarySearch.builder().space(Nb201Space.space())
                .predictor(TestPredictors.natsBench().predictor(NatsBench.Dataset.CIFAR10));
    }

    /** populationSize/parents/mutations/crossovers of the built search. */
    private static String sizes(EvolutionarySearch.Builder b) {
        Map<String, String> f = b.build().fingerprint();
        return f.get("populationSize") + "/" + f.get("parents") + "/" + f.get("mutations") + "/"
                + f.get("crossovers");
    }

    @Test
    void a_population_alone_is_split_one_to_two_to_two() {
        assertThat(sizes(evolution().populationSize(50))).isEqualTo("50/10/20/20");
        assertThat(sizes(evolution().populationSize(125))).isEqualTo("125/25/50/50");
        // 8 / 5 = 1.6 rounds to 2 parents; the remaining 6 split evenly
        assertThat(sizes(evolution().populationSize(8))).isEqualTo("8/2/3/3");
        // 11 / 5 = 2.2 rounds to 2 parents; of the odd remainder 9 the extra one goes to the mutations
        assertThat(sizes(evolution().populationSize(11))).isEqualTo("11/2/5/4");
    }

    @Test
    void with_fewer_than_two_parents_the_rest_are_all_mutations() {
        assertThat(sizes(evolution().populationSize(1))).isEqualTo("1/1/0/0");
        assertThat(sizes(evolution().populationSize(3))).isEqualTo("3/1/2/0");
        assertThat(sizes(evolution().populationSize(7))).isEqualTo("7/1/6/0");
    }

    @Test
    void explicit_sizes_are_kept_and_the_others_share_what_remains() {
        assertThat(sizes(evolution().populationSize(60).parents(20))).isEqualTo("60/20/20/20");
        // 90 remain for weights 1:2 of parents and crossovers: 30 parents, the other 60 crossovers
        assertThat(sizes(evolution().populationSize(100).mutations(10))).isEqualTo("100/30/10/60");
        assertThat(sizes(evolution().populationSize(100).crossovers(10))).isEqualTo("100/30/60/10");
        assertThat(sizes(evolution().populationSize(100).parents(10).mutations(10))).isEqualTo("100/10/10/80");
        assertThat(sizes(evolution().populationSize(100).parents(10).crossovers(30))).isEqualTo("100/10/60/30");
        // nothing remains: the unset crossovers become 0 rather than keeping their default
        assertThat(sizes(evolution().populationSize(30).parents(10).mutations(20))).isEqualTo("30/10/20/0");
        assertThat(sizes(evolution().populationSize(20).parents(5).mutations(5).crossovers(10)))
                .isEqualTo("20/5/5/10");
    }

    @Test
    void without_a_population_size_it_is_the_sum_of_the_three() {
        assertThat(sizes(evolution().parents(10).mutations(5).crossovers(7))).isEqualTo("22/10/5/7");
        assertThat(sizes(evolution().parents(3))).isEqualTo("103/3/50/50");
        assertThat(sizes(evolution())).isEqualTo("125/25/50/50");
    }

    @Test
    void limits_are_inclusive_where_the_documentation_says_so() {
        // parents may fill the whole population
        assertThat(sizes(evolution().populationSize(5).parents(5).mutations(0).crossovers(0))).isEqualTo("5/5/0/0");
        // two parents are enough for crossovers, one is enough without them
        assertThat(sizes(evolution().parents(2).mutations(0).crossovers(3))).isEqualTo("5/2/0/3");
        assertThat(sizes(evolution().parents(1).mutations(4).crossovers(0))).isEqualTo("5/1/4/0");
        assertThat(evolution().mutationProbability(0).build().fingerprint()).containsEntry("mutationProbability",
                "0.0");
        assertThat(evolution().mutationProbability(1).build().fingerprint()).containsEntry("mutationProbability",
                "1.0");
        assertThatThrownBy(() -> evolution().mutationProbability(-0.01)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("mutationProbability: -0.01 is not allowed; it must be in [0, 1]");
        assertThatThrownBy(() -> evolution().mutationProbability(1.01)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void explicit_sizes_that_overflow_the_population_are_reported_not_adjusted() {
        // 5 + 10 explicit leave -5 for parents: nothing is derived and the default 25 parents conflict
        assertThatThrownBy(() -> evolution().populationSize(10).mutations(5).crossovers(10).build())
                .isInstanceOf(IllegalStateException.class).hasMessage("parents: 25 exceeds populationSize 10");
        assertThatThrownBy(() -> evolution().populationSize(10).parents(4).mutations(4).crossovers(4).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("parents (4) + mutations (4) + crossovers (4) = 12 must equal populationSize (10)");
        assertThatThrownBy(() -> evolution().parents(1).mutations(0).crossovers(1).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("crossovers: 1 need at least 2 parents, parents is 1");
    }
}
