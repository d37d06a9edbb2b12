package dev.llmnas.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * Pins every method of {@link Xoshiro256} to values computed independently of this code base: a short Python
 * script (arbitrary-precision integers masked to 64 bits) implementing SplitMix64 seeding and xoshiro256** as
 * published by Blackman and Vigna (prng.di.unimi.it), Lemire's nearly divisionless bounded integers
 * (arXiv:1805.10941), rejection of the top partial range for bounded longs, 53-bit doubles and 24-bit floats.
 * Any change to the arithmetic shows up as a different number here.
 */
class Xoshiro256ReferenceTest {

    private static long[] longs(Xoshiro256 r, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = r.nextLong();
        }
        return out;
    }

    @Test
    void seeding_through_splitmix64_matches_the_reference_for_zero_negative_and_large_seeds() {
        assertThat(longs(new Xoshiro256(0), 4)).containsExactly(-7355399402456485196L, -4652746763540216534L,
                1900383378846508768L, 7684712102626143532L);
        assertThat(longs(new Xoshiro256(-1), 4)).containsExactly(-8118546653352383224L, -4290065566684577747L,
                -9088772293754075490L, -4655159067405239249L);
        assertThat(longs(new Xoshiro256(123456789), 4)).containsExactly(-3319538800208704318L,
                -2180975897313532600L, 1514321867679316104L, -8593050598608611902L);
    }

    @Test
    void next_int_is_the_upper_32_bits_of_the_next_long() {
        Xoshiro256 r = new Xoshiro256(7);
        assertThat(new int[] {r.nextInt(), r.nextInt(), r.nextInt(), r.nextInt()})
                .containsExactly(-1286014217, 1197227414, -688794807, -81184653);
    }

    @Test
    void bounded_ints_match_lemires_method_for_small_power_of_two_and_largest_bounds() {
        Xoshiro256 r = new Xoshiro256(7);
        int[] ten = new int[8];
        for (int i = 0; i < ten.length; i++) {
            ten[i] = r.nextInt(10);
        }
        assertThat(ten).containsExactly(7, 2, 8, 9, 9, 8, 0, 1);

        Xoshiro256 p = new Xoshiro256(7);
        assertThat(new int[] {p.nextInt(1 << 30), p.nextInt(1 << 30), p.nextInt(1 << 30), p.nextInt(1 << 30)})
                .containsExactly(752238269, 299306853, 901543122, 1053445660);

        Xoshiro256 m = new Xoshiro256(7);
        int max = Integer.MAX_VALUE;
        assertThat(new int[] {m.nextInt(max), m.nextInt(max), m.nextInt(max), m.nextInt(max)})
                .containsExactly(1504476538, 598613706, 1803086243, 2106891320);
    }

    @Test
    void bounded_ints_reject_the_biased_low_range_exactly_like_the_reference() {
        // bound 3 * 2^29 + 1 rejects about a quarter of draws: the reference used 9 raw draws for these 6 values
        Xoshiro256 r = new Xoshiro256(7);
        int bound = 3 * (1 << 29) + 1;
        int[] out = new int[6];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextInt(bound);
        }
        assertThat(out).containsExactly(1128357405, 448960280, 1595892185, 1405700821, 97848072, 650214872);
    }

    @Test
    void a_bound_of_one_always_gives_zero_but_still_advances_the_stream() {
        Xoshiro256 r = new Xoshiro256(7);
        assertThat(new int[] {r.nextInt(1), r.nextInt(1), r.nextInt(1)}).containsExactly(0, 0, 0);
        assertThat(r.state()).containsExactly(-4363000478423028708L, -9213824893314486176L,
                -3844123998424492932L, -885310109025170440L);
        assertThat(new Xoshiro256(7).nextLong(1)).isZero();
    }

    @Test
    void ints_between_an_origin_and_a_bound_are_shifted_draws_or_rejected_full_width_draws() {
        Xoshiro256 r = new Xoshiro256(7);
        int[] small = new int[8];
        for (int i = 0; i < small.length; i++) {
            small[i] = r.nextInt(-5, 5);
        }
        assertThat(small).containsExactly(2, -3, 3, 4, 4, 3, -5, -4);

        // the width 3 * 2^30 overflows an int: full-width draws outside [MIN, 2^30) are thrown away
        Xoshiro256 w = new Xoshiro256(7);
        int[] wide = new int[6];
        for (int i = 0; i < wide.length; i++) {
            wide[i] = w.nextInt(Integer.MIN_VALUE, 1 << 30);
        }
        assertThat(wide).containsExactly(-1286014217, -688794807, -81184653, -39254804, -546431773, 260928194);

        assertThat(new Xoshiro256(7).nextInt(4, 5)).isEqualTo(4);
    }

    @Test
    void bounded_longs_match_the_reference_for_odd_power_of_two_and_rejecting_bounds() {
        Xoshiro256 r = new Xoshiro256(7);
        assertThat(new long[] {r.nextLong(1000), r.nextLong(1000), r.nextLong(1000), r.nextLong(1000),
                r.nextLong(1000), r.nextLong(1000)}).containsExactly(997, 337, 819, 832, 332, 860);

        Xoshiro256 p = new Xoshiro256(7);
        assertThat(new long[] {p.nextLong(1024), p.nextLong(1024), p.nextLong(1024), p.nextLong(1024),
                p.nextLong(1024), p.nextLong(1024)}).containsExactly(813, 617, 203, 288, 396, 548);

        // bound 3 * 2^61 rejects a quarter of the 63-bit draws: the reference used 10 raw draws for these 6
        long bound = 3L << 61;
        Xoshiro256 q = new Xoshiro256(7);
        long[] out = new long[6];
        for (int i = 0; i < out.length; i++) {
            out[i] = q.nextLong(bound);
        }
        assertThat(out).containsExactly(6461677535414237997L, 2571026295167391337L, 560339031174818858L,
                963250138149007598L, 3723535483949826704L, 1400256439129669809L);
    }

    @Test
    void doubles_and_floats_take_the_top_53_and_24_bits() {
        Xoshiro256 d = new Xoshiro256(7);
        assertThat(new double[] {d.nextDouble(), d.nextDouble(), d.nextDouble(), d.nextDouble()})
                .containsExactly(0.7005764821796896, 0.2787512294737843, 0.8396274618764198, 0.9810977250149351);
        Xoshiro256 f = new Xoshiro256(7);
        assertThat(new float[] {f.nextFloat(), f.nextFloat(), f.nextFloat(), f.nextFloat()})
                .containsExactly(0.7005764245986938f, 0.2787511944770813f, 0.8396274447441101f,
                        0.9810976982116699f);
    }

    @Test
    void booleans_are_the_sign_bit_of_the_next_long() {
        Xoshiro256 r = new Xoshiro256(7);
        boolean[] out = new boolean[12];
        for (int i = 0; i < out.length; i++) {
            out[i] = r.nextBoolean();
        }
        assertThat(out).containsExactly(true, false, true, true, true, true, false, false, false, false, true, true);
        // from state {1, 2, 3, 4} the second output is exactly 0, which is not negative
        Xoshiro256 z = Xoshiro256.ofState(new long[] {1, 2, 3, 4});
        assertThat(new boolean[] {z.nextBoolean(), z.nextBoolean(), z.nextBoolean()})
                .containsExactly(false, false, false);
    }

    @Test
    void a_restored_state_continues_with_the_reference_stream_and_the_copy_is_detached() {
        Xoshiro256 a = new Xoshiro256(42);
        a.nextLong();
        long[] saved = a.state();
        Xoshiro256 b = Xoshiro256.ofState(saved);
        saved[1] = 12345;
        assertThat(new long[] {b.nextLong(), b.nextLong(), b.nextLong()})
                .containsExactly(6990951692964543102L, -5902157311460992607L, -1389169964527427423L);
    }

    @Test
    void a_state_with_a_single_non_zero_word_is_accepted() {
        for (int i = 0; i < 4; i++) {
            long[] s = new long[4];
            s[i] = 1;
            assertThat(Xoshiro256.ofState(s).state()).containsExactly(s);
        }
    }

    @Test
    void refuses_missing_short_long_and_all_zero_states() {
        assertThatThrownBy(() -> Xoshiro256.ofState(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("random state: expected 4 longs, got none");
        assertThatThrownBy(() -> Xoshiro256.ofState(new long[5])).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("random state: expected 4 longs, got 5");
        assertThatThrownBy(() -> Xoshiro256.ofState(new long[4])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("all zero");
    }

    @Test
    void refuses_zero_and_negative_bounds_and_empty_ranges() {
        Xoshiro256 r = new Xoshiro256(1);
        assertThatThrownBy(() -> r.nextInt(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bound: -1 must be positive");
        assertThatThrownBy(() -> r.nextLong(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bound: 0 must be positive");
        assertThatThrownBy(() -> r.nextLong(Long.MIN_VALUE)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> r.nextInt(3, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("origin 3 must be below bound 3");
        assertThatThrownBy(() -> r.nextInt(4, 3)).isInstanceOf(IllegalArgumentException.class);
        // refusals consume nothing: the stream is where a fresh generator would be
        assertThat(r.nextLong()).isEqualTo(new Xoshiro256(1).nextLong());
    }
}
