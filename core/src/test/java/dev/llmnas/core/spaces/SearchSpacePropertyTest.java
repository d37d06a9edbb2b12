package dev.llmnas.core.spaces;

import static org.assertj.core.api.Assertions.assertThat;

import dev.llmnas.core.Architecture;
import dev.llmnas.core.Dimension;
import dev.llmnas.core.FeatureEncoding;
import dev.llmnas.core.SearchSpace;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every space must have, checked over many seeds for the built-in spaces and a custom one. */
class SearchSpacePropertyTest {
    private static final int SEEDS = 300;

    static Stream<SearchSpace> spaces() {
        return TestSpaces.all().stream();
    }

    /** Valid, and already canonical: canonicalize returns an equal architecture with the same key and order. */
    static void assertValidCanonical(SearchSpace space, Architecture a, String what) {
        space.validate(a);
        Architecture c = space.canonicalize(a);
        assertThat(c).as("%s is canonical", what).isEqualTo(a);
        assertThat(c.key()).as("%s key", what).isEqualTo(a.key());
        assertThat(List.copyOf(a.names())).as("%s dimension order", what)
                .isEqualTo(space.dimensions().stream().map(Dimension::name).toList());
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void sampling_mutation_and_crossover_always_give_valid_canonical_architectures(SearchSpace space) {
        for (int seed = 0; seed < SEEDS; seed++) {
            RandomGenerator rng = new SplittableRandom(seed);
            Architecture a = space.sample(rng);
            Architecture b = space.sample(rng);
            assertValidCanonical(space, a, "sample");
            for (double p : new double[] {0.1, 0.3, 0.7, 1.0}) {
                assertValidCanonical(space, space.mutate(a, p, rng), "mutate(p=" + p + ")");
            }
            Architecture child = space.crossover(a, b, rng);
            assertValidCanonical(space, child, "crossover");
            for (Dimension d : space.dimensions()) {
                if (d.kind() != Dimension.Kind.PER_LAYER) {
                    assertThat(child.get(d.name())).as("%s comes from a parent", d.name())
                            .isIn(a.get(d.name()), b.get(d.name()));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void mutation_with_probability_zero_and_crossover_with_itself_change_nothing(SearchSpace space) {
        RandomGenerator rng = new SplittableRandom(11);
        for (int i = 0; i < 50; i++) {
            Architecture a = space.sample(rng);
            assertThat(space.mutate(a, 0.0, rng)).isEqualTo(a);
            assertThat(space.crossover(a, a, rng)).isEqualTo(a);
        }
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void mutation_with_probability_one_still_changes_some_architectures(SearchSpace space) {
        RandomGenerator rng = new SplittableRandom(5);
        int changed = 0;
        for (int i = 0; i < 50; i++) {
            Architecture a = space.sample(rng);
            changed += space.mutate(a, 1.0, rng).equals(a) ? 0 : 1;
        }
        assertThat(changed).isGreaterThan(40);
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void the_same_seed_gives_the_same_architectures(SearchSpace space) {
        assertThat(run(space, 42)).isEqualTo(run(space, 42)).isNotEqualTo(run(space, 43));
    }

    private static List<String> run(SearchSpace space, long seed) {
        RandomGenerator rng = new SplittableRandom(seed);
        List<String> keys = new ArrayList<>();
        Architecture a = space.sample(rng);
        for (int i = 0; i < 30; i++) {
            Architecture b = space.sample(rng);
            a = space.crossover(space.mutate(a, 0.3, rng), b, rng);
            keys.add(a.key());
        }
        return keys;
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void sampling_reaches_every_choice_of_every_dimension(SearchSpace space) {
        Map<String, Set<Object>> seen = new HashMap<>();
        RandomGenerator rng = new SplittableRandom(3);
        for (int i = 0; i < 2000; i++) {
            Architecture a = space.sample(rng);
            for (Dimension d : space.dimensions()) {
                Object v = a.get(d.name());
                Set<Object> s = seen.computeIfAbsent(d.name(), k -> new HashSet<>());
                if (v instanceof List<?> l) {
                    s.addAll(l);
                } else {
                    s.add(v);
                }
            }
        }
        for (Dimension d : space.dimensions()) {
            assertThat(seen.get(d.name())).as(d.name()).containsExactlyInAnyOrderElementsOf(d.choices());
        }
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void parsing_the_description_of_an_architecture_gives_it_back(SearchSpace space) {
        RandomGenerator rng = new SplittableRandom(17);
        for (int i = 0; i < 200; i++) {
            Architecture a = space.sample(rng);
            List<String> lines = space.describe(a);
            assertThat(lines).hasSize(space.dimensions().size());
            assertThat(space.parse(lines)).isEqualTo(a);
        }
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void every_encoding_has_its_declared_length_and_writes_only_its_own_slots(SearchSpace space) {
        assertThat(space.encodings()).isNotEmpty();
        assertThat(space.encodings().get(0)).isSameAs(space.encoding());
        RandomGenerator rng = new SplittableRandom(23);
        for (FeatureEncoding e : space.encodings()) {
            assertThat(space.encoding(e.name())).isSameAs(e);
            assertThat(e.featureNames()).hasSize(e.size()).doesNotHaveDuplicates();
            for (int i = 0; i < 50; i++) {
                Architecture a = space.sample(rng);
                double[] v = e.encode(a);
                assertThat(v).hasSize(e.size());
                assertThat(Arrays.stream(v).allMatch(Double::isFinite)).isTrue();
                double[] padded = new double[e.size() + 5];
                Arrays.fill(padded, -7);
                e.encode(a, padded, 3);
                assertThat(Arrays.copyOfRange(padded, 3, 3 + e.size())).isEqualTo(v);
                assertThat(new double[] {padded[0], padded[1], padded[2], padded[padded.length - 2], padded[padded.length - 1]})
                        .containsOnly(-7);
            }
        }
        assertThat(space.encodings().stream().map(FeatureEncoding::name)).contains("means", "per-layer");
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void definitions_name_every_dimension_in_order_with_words(SearchSpace space) {
        List<String> defs = space.definitions();
        assertThat(defs).hasSize(space.dimensions().size());
        for (int i = 0; i < defs.size(); i++) {
            Dimension d = space.dimensions().get(i);
            assertThat(defs.get(i)).startsWith(d.name() + ": ");
            assertThat(d.definition()).isNotBlank();
        }
    }

    @ParameterizedTest
    @MethodSource("spaces")
    void metrics_are_finite_and_named_as_declared(SearchSpace space) {
        RandomGenerator rng = new SplittableRandom(29);
        for (int i = 0; i < 50; i++) {
            Architecture a = space.sample(rng);
            Map<String, Double> m = space.metrics(a);
            assertThat(m.keySet()).containsExactlyInAnyOrderElementsOf(space.metricNames());
            m.values().forEach(v -> assertThat(v).isFinite().isNotNegative());
            for (String name : space.metricNames()) {
                assertThat(space.metric(a, name)).isEqualTo(m.get(name));
            }
        }
    }
}
