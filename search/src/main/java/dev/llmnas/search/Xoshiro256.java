package dev.llmnas.search;

import java.util.random.RandomGenerator;

/**
 * xoshiro256** with its whole state in four longs, so a search can write it to a checkpoint and continue the
 * exact same stream after a restart (the JDK's generators do not expose their state). The bounded methods
 * are implemented here rather than inherited so that the stream does not depend on the JDK's defaults.
 * Not thread-safe: one per run.
 */
final class Xoshiro256 implements RandomGenerator {
    private long s0;
    private long s1;
    private long s2;
    private long s3;

    /** Seeds the state from {@code seed} with SplitMix64, as the generator's authors recommend. */
    Xoshiro256(long seed) {
        long x = seed;
        x += 0x9E3779B97F4A7C15L;
        s0 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s1 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s2 = mix(x);
        x += 0x9E3779B97F4A7C15L;
        s3 = mix(x);
    }

    private Xoshiro256(long[] state) {
        s0 = state[0];
        s1 = state[1];
        s2 = state[2];
        s3 = state[3];
    }

    /** A generator continuing from a state returned by {@link #state()}. */
    static Xoshiro256 ofState(long[] state) {
        if (state == null || state.length != 4) {
            throw new IllegalArgumentException("random state: expected 4 longs, got "
                    + (state == null ? "none" : state.length));
        }
        if ((state[0] | state[1] | state[2] | state[3]) == 0) {
            throw new IllegalArgumentException("random state: all zero is not a valid xoshiro256 state");
        }
        return new Xoshiro256(state);
    }

    /** A copy of the current state. */
    long[] state() {
        return new long[] {s0, s1, s2, s3};
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public long nextLong() {
        long result = Long.rotateLeft(s1 * 5, 7) * 9;
        long t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = Long.rotateLeft(s3, 45);
        return result;
    }

    @Override
    public int nextInt() {
        return (int) (nextLong() >>> 32);
    }

    /** Lemire's nearly divisionless method: unbiased and, unlike a modulo, fast. */
    @Override
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound: " + bound + " must be positive");
        }
        long m = (nextLong() >>> 32) * bound;
        long low = m & 0xFFFFFFFFL;
        if (low < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while (low < threshold) {
                m = (nextLong() >>> 32) * bound;
                low = m & 0xFFFFFFFFL;
            }
        }
        return (int) (m >>> 32);
    }

    @Override
    public int nextInt(int origin, int bound) {
        if (origin >= bound) {
            throw new IllegalArgumentException("origin " + origin + " must be below bound " + bound);
        }
        int n = bound - origin;
        if (n > 0) {
            return origin + nextInt(n);
        }
        int r;
        do {
            r = nextInt();
        } while (r < origin || r >= bound);
        return r;
    }

    @Override
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound: " + bound + " must be positive");
        }
        long m = bound - 1;
        long r = nextLong() >>> 1;
        if ((bound & m) == 0) {
            return r & m;
        }
        for (long u = r; u - (r = u % bound) + m < 0; u = nextLong() >>> 1) {
            // rejects the top partial range so every value is equally likely
        }
        return r;
    }

    @Override
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    @Override
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    @Override
    public boolean nextBoolean() {
        return nextLong() < 0;
    }
}
