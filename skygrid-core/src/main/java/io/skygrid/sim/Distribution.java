package io.skygrid.sim;

import java.util.Arrays;

/**
 * Mean and percentiles of a sample (nearest-rank percentiles, Hyndman and Fan 1996 definition 1).
 *
 * @param count number of values
 * @param mean  arithmetic mean, NaN if empty
 * @param p50   median, NaN if empty
 * @param p99   99th percentile, NaN if empty
 * @param max   maximum, NaN if empty
 */
public record Distribution(int count, double mean, double p50, double p99, double max) {

    /** @return the distribution of {@code values} (the array is sorted in place) */
    public static Distribution of(double[] values, int n) {
        if (n == 0) {
            return new Distribution(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Arrays.sort(values, 0, n);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += values[i];
        }
        return new Distribution(n, sum / n, rank(values, n, 0.50), rank(values, n, 0.99), values[n - 1]);
    }

    private static double rank(double[] sorted, int n, double q) {
        int k = (int) Math.ceil(q * n);
        return sorted[Math.max(0, Math.min(n - 1, k - 1))];
    }
}
