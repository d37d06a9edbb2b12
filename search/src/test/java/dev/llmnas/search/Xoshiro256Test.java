package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class Xoshiro256Test {

    @Test
    void matches_the_reference_output_of_xoshiro256_star_star() {
        Xoshiro256 r = Xoshiro256.ofState(new long[] {1, 2, 3, 4});
        assertThat(new long[] {r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong(), r.nextLong()})
                .containsExactly(11520L, 0L, 1509978240L, 1215971899390074240L, 1216172134540287360L,
                        607988272756665600L);
    }

    @Test
    void seeds_through_splitmix64_like_the_reference() {
        // values from an independent implementation of SplitMix64 seeding + xoshiro256**
        Xoshiro256 r = new Xoshiro256(42);
        assertThat(new long[] {r.nextLong(), r.nextLong(), r.nextLong()})
                .containsExactly(1546998764402558742L, 6990951692964543102L, -5902157311460992607L);
    }

    @Test
    void a_generator_restored_from_its_state_continues_the_same_stream() {
        Xoshiro256 a = new Xoshiro256(7);
        for (int i = 0; i < 1000; i++) {
            a.nextInt(17);
        }
        Xoshiro256 b = Xoshiro256.ofState(a.state());
        for (int i = 0; i < 1000; i++) {
            assertThat(b.nextLong()).isEqualTo(a.nextLong());
            assertThat(b.nextInt(5)).isEqualTo(a.nextInt(5));
            assertThat(b.nextDouble()).isEqualTo(a.nextDouble());
            assertThat(b.nextBoolean()).isEqualTo(a.nextBoolean());
        }
    }

    @Test
    void bounded_ints_stay_in_range_and_are_roughly_uniform() {
        Xoshiro256 r = new Xoshiro256(1);
        int[] counts = new int[6];
        for (int i = 0; i < 60_000; i++) {
            counts[r.nextInt(6)]++;
        }
        for (int c : counts) {
            assertThat(c).isBetween(9_500, 10_500);
        }
        for (int i = 0; i < 10_000; i++) {
            assertThat(r.nextInt(-3, 4)).isBetween(-3, 3);
            assertThat(r.nextLong(1_000_000_007L)).isBetween(0L, 1_000_000_006L);
            assertThat(r.nextDouble()).isGreaterThanOrEqualTo(0).isLessThan(1);
        }
    }

    @Test
    void rejects_bad_bounds_and_states() {
        Xoshiro256 r = new Xoshiro256(1);
        assertThatThrownBy(() -> r.nextInt(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> Xoshiro256.ofState(new long[4])).hasMessageContaining("all zero");
        assertThatThrownBy(() -> Xoshiro256.ofState(new long[3])).hasMessageContaining("4 longs");
    }
}
