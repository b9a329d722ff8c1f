package io.skygrid.server;

import java.util.Arrays;

/**
 * Latency samples (nanoseconds) of the most recent {@code capacity} events, plus a running count and
 * sum, for percentiles in metrics and the load report. Percentiles use the nearest-rank method.
 * Thread-safe.
 */
public final class LatencyRecorder {
    private final long[] ring;
    private long count;
    private double sumNs;

    public LatencyRecorder(int capacity) {
        this.ring = new long[capacity];
    }

    public synchronized void record(long ns) {
        ring[(int) (count % ring.length)] = ns;
        count++;
        sumNs += ns;
    }

    /** @return events recorded since start */
    public synchronized long count() {
        return count;
    }

    /** @return sum of all recorded latencies, seconds */
    public synchronized double sumSeconds() {
        return sumNs * 1e-9;
    }

    /** @return percentiles (ms) of the retained samples for each {@code q} in [0, 1]; NaN if none */
    public double[] percentilesMs(double... q) {
        long[] s;
        synchronized (this) {
            s = Arrays.copyOf(ring, (int) Math.min(count, ring.length));
        }
        Arrays.sort(s);
        double[] out = new double[q.length];
        for (int i = 0; i < q.length; i++) {
            if (s.length == 0) {
                out[i] = Double.NaN;
            } else {
                int rank = (int) Math.ceil(q[i] * s.length);
                out[i] = s[Math.max(0, Math.min(s.length - 1, rank - 1))] / 1e6;
            }
        }
        return out;
    }
}
