package io.skygrid.orbit;

import java.util.Arrays;

/**
 * A piecewise-constant link rate over [0, horizon] and its integral, so that the earliest time a volume
 * has been carried is a binary search. Immutable; times in ms since the scenario epoch.
 *
 * <p>Piece {@code i} covers [{@code timesMs[i]}, {@code timesMs[i+1]}) at {@code rateBps[i]} bit/s;
 * {@code cumBits[i]} is the volume carried from 0 to {@code timesMs[i]}.
 */
public final class RateProfile {
    /** Returned when a volume cannot be carried before the horizon. */
    public static final long BEYOND_HORIZON = Long.MAX_VALUE;

    private final long[] timesMs;
    private final double[] rateBps;
    private final double[] cumBits;

    /**
     * @param timesMs breakpoints, strictly increasing, first 0, last the horizon (length n &gt;= 2)
     * @param rateBps rate of each piece, bit/s, &gt;= 0 (length n - 1)
     * @throws IllegalArgumentException on inconsistent arrays
     */
    public RateProfile(long[] timesMs, double[] rateBps) {
        if (timesMs.length < 2 || rateBps.length != timesMs.length - 1 || timesMs[0] != 0) {
            throw new IllegalArgumentException("need n >= 2 breakpoints starting at 0 and n - 1 rates");
        }
        this.timesMs = timesMs.clone();
        this.rateBps = rateBps.clone();
        cumBits = new double[timesMs.length];
        for (int i = 0; i + 1 < timesMs.length; i++) {
            if (timesMs[i + 1] <= timesMs[i] || !(rateBps[i] >= 0)) {
                throw new IllegalArgumentException("breakpoints must increase and rates be >= 0");
            }
            cumBits[i + 1] = cumBits[i] + rateBps[i] * (timesMs[i + 1] - timesMs[i]) / 1000.0;
        }
    }

    /** A profile that never carries anything over [0, horizonMs]. */
    static RateProfile zero(long horizonMs) {
        return new RateProfile(new long[] {0, horizonMs}, new double[] {0});
    }

    /** @return the horizon, ms */
    public long horizonMs() {
        return timesMs[timesMs.length - 1];
    }

    /** @return number of constant-rate pieces */
    public int pieces() {
        return rateBps.length;
    }

    /** @return rate at {@code tMs} (0 outside [0, horizon)), bit/s */
    public double rateAt(long tMs) {
        if (tMs < 0 || tMs >= horizonMs()) {
            return 0;
        }
        return rateBps[piece(tMs)];
    }

    /**
     * @param fromMs start, ms (clamped to [0, horizon])
     * @param toMs   end, ms (clamped to [0, horizon])
     * @return volume carried in [fromMs, toMs], bits (0 if toMs &lt;= fromMs)
     */
    public double bits(long fromMs, long toMs) {
        return toMs <= fromMs ? 0 : cumAt(toMs) - cumAt(fromMs);
    }

    /**
     * Earliest time a volume handed over at {@code startMs} has been carried entirely.
     *
     * @param startMs time the data is available, ms since the epoch
     * @param bytes   volume, bytes (&gt;= 0); 0 is delivered at {@code startMs}
     * @return the earliest time, ms since the epoch (rounded up to the ms), or {@link #BEYOND_HORIZON} if the
     *         plan carries less than the volume between {@code startMs} and the horizon
     * @throws IllegalArgumentException on a negative or NaN volume
     */
    public long earliestMs(long startMs, double bytes) {
        if (!(bytes >= 0)) {
            throw new IllegalArgumentException("bytes must be >= 0, got " + bytes);
        }
        if (bytes == 0) {
            return startMs;
        }
        long start = Math.max(0, startMs);
        if (start >= horizonMs()) {
            return BEYOND_HORIZON;
        }
        double target = cumAt(start) + 8 * bytes;
        int n = timesMs.length;
        if (cumBits[n - 1] < target) {
            return BEYOND_HORIZON;
        }
        // first breakpoint j with cumBits[j] >= target; the volume completes in piece j - 1
        int lo = piece(start) + 1, hi = n - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumBits[mid] >= target) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        int p = lo - 1;
        long base = Math.max(timesMs[p], start);
        double rest = target - cumAt(base);
        long t = base + (long) Math.ceil(rest / rateBps[p] * 1000.0 - 1e-9);
        return Math.min(Math.max(t, start), timesMs[lo]);
    }

    /** @return copy of the breakpoints, ms */
    public long[] timesMs() {
        return timesMs.clone();
    }

    /** @return copy of the piece rates, bit/s */
    public double[] ratesBps() {
        return rateBps.clone();
    }

    private int piece(long tMs) {
        int i = Arrays.binarySearch(timesMs, tMs);
        if (i < 0) {
            i = -i - 2;
        }
        return Math.max(0, Math.min(rateBps.length - 1, i));
    }

    private double cumAt(long tMs) {
        long t = Math.max(0, Math.min(horizonMs(), tMs));
        int i = piece(t);
        return cumBits[i] + rateBps[i] * (t - timesMs[i]) / 1000.0;
    }
}
