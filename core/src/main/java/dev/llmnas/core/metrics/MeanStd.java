package dev.llmnas.core.metrics;

import java.util.Locale;

/**
 * Mean and population standard deviation over seeds (numpy's default {@code ddof=0}), printed the
 * paper's way: {@code 0.87 (0.02)}.
 *
 * @param mean the mean
 * @param std  the population standard deviation
 * @param n    how many values
 */
public record MeanStd(double mean, double std, int n) {

    public MeanStd {
        if (!Double.isFinite(mean)) {
            throw new IllegalArgumentException("mean: " + mean + " must be finite");
        }
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("std: " + std + " must be finite and not negative");
        }
        if (n < 1) {
            throw new IllegalArgumentException("n: " + n + " must be at least 1");
        }
    }

    /**
     * Mean and population standard deviation of {@code values}.
     *
     * @throws IllegalArgumentException when there are no values or one is not finite
     */
    public static MeanStd of(double... values) {
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("values: need at least one value");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("values: value " + i + " is " + values[i]
                        + "; all values must be finite");
            }
        }
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        return new MeanStd(mean, Math.sqrt(ss / values.length), values.length);
    }

    /** {@code mean (std)} with two decimals. */
    @Override
    public String toString() {
        return format(2);
    }

    /** {@code mean (std)} with the given number of decimals. */
    public String format(int decimals) {
        if (decimals < 0 || decimals > 15) {
            throw new IllegalArgumentException("decimals: " + decimals + " must be between 0 and 15");
        }
        String f = "%." + decimals + "f";
        return String.format(Locale.ROOT, f + " (" + f + ")", mean, std);
    }
}
