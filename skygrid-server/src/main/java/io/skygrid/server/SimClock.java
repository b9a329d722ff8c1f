package io.skygrid.server;

import java.util.function.LongSupplier;

/**
 * Simulated time of the live control plane, in milliseconds since the scenario epoch.
 *
 * <p>{@link #wall(double, long, long, LongSupplier)} runs at {@code speedup} simulated seconds per wall
 * second from an anchor; {@link Manual} only moves when told, so tests are deterministic.
 */
public interface SimClock {
    /** @return simulated now, ms since the scenario epoch (never decreases) */
    long nowMs();

    /** @return simulated seconds per wall-clock second */
    double speedup();

    /**
     * A clock driven by the wall clock.
     *
     * @param speedup      simulated seconds per wall second, &gt; 0 (1 = real time)
     * @param anchorSimMs  simulated time at the anchor, ms since the scenario epoch
     * @param anchorWallMs wall time at the anchor, Unix epoch ms
     * @param wallMs       wall clock, Unix epoch ms ({@code System::currentTimeMillis})
     */
    static SimClock wall(double speedup, long anchorSimMs, long anchorWallMs, LongSupplier wallMs) {
        if (!(speedup > 0)) throw new IllegalArgumentException("speedup must be > 0, got " + speedup);
        return new SimClock() {
            private long last = anchorSimMs;

            @Override
            public synchronized long nowMs() {
                long t = anchorSimMs + (long) ((wallMs.getAsLong() - anchorWallMs) * speedup);
                if (t > last) last = t;
                return last;
            }

            @Override
            public double speedup() {
                return speedup;
            }
        };
    }

    /** A clock that moves only through {@link #advance(long)} or {@link #set(long)}. Thread-safe. */
    final class Manual implements SimClock {
        private volatile long now;

        public Manual(long startMs) {
            this.now = startMs;
        }

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public double speedup() {
            return 1;
        }

        /** Moves simulated time forward by {@code ms} (&gt;= 0). */
        public synchronized void advance(long ms) {
            if (ms < 0) throw new IllegalArgumentException("time does not go back");
            now += ms;
        }

        /** Sets simulated time to {@code ms} (not before now). */
        public synchronized void set(long ms) {
            if (ms < now) throw new IllegalArgumentException("time does not go back");
            now = ms;
        }
    }
}
