package io.skygrid.orbit;

import java.util.Arrays;

/**
 * Illumination of one satellite over the horizon as a compact, sorted step function.
 *
 * <p>{@code states[0]} holds from time 0; {@code states[k + 1]} holds from {@code changeMs[k]}
 * (strictly increasing, in (0, horizon)). Times are milliseconds since the scenario epoch.
 *
 * <p>A satellite that decays (re-enters, see {@link Decay}) before the horizon has a {@link #decayMs()}:
 * from that instant on it has no sunlight and no eclipses. The stored state from then on is {@link #UMBRA}
 * (no solar power, which is what the power model needs), but {@link #eclipseFraction()} and the orbit
 * commands count only the time before the decay.
 */
public final class SunlightTimeline {
    /** Fully sunlit. */
    public static final byte SUNLIT = 0;
    /** In the penumbra: part of the solar disc is hidden by the Earth. */
    public static final byte PENUMBRA = 1;
    /** In the umbra: the whole solar disc is hidden. */
    public static final byte UMBRA = 2;

    private final long[] changeMs;
    private final byte[] states;
    private final long horizonMs;
    private final long decayMs;

    /**
     * @param changeMs  instants of state change, ms, strictly increasing within (0, horizonMs)
     * @param states    state before the first change followed by the state after each change
     *                  ({@code states.length == changeMs.length + 1}); consecutive states differ
     * @param horizonMs end of the timeline, ms
     */
    public SunlightTimeline(long[] changeMs, byte[] states, long horizonMs) {
        this(changeMs, states, horizonMs, Decay.NEVER);
    }

    /**
     * @param changeMs  instants of state change, ms, strictly increasing within (0, horizonMs)
     * @param states    state before the first change followed by the state after each change
     *                  ({@code states.length == changeMs.length + 1}); consecutive states differ
     * @param horizonMs end of the timeline, ms
     * @param decayMs   instant the satellite decayed, ms in [0, horizonMs), or {@link Decay#NEVER}; the
     *                  state from then on must be {@link #UMBRA}
     * @throws IllegalArgumentException if the arrays break these rules
     */
    public SunlightTimeline(long[] changeMs, byte[] states, long horizonMs, long decayMs) {
        if (states.length != changeMs.length + 1) {
            throw new IllegalArgumentException("states.length must be changeMs.length + 1");
        }
        for (int k = 0; k < changeMs.length; k++) {
            if (changeMs[k] <= 0 || changeMs[k] >= horizonMs || (k > 0 && changeMs[k] <= changeMs[k - 1])) {
                throw new IllegalArgumentException("changeMs must increase strictly within (0, horizon)");
            }
            if (states[k] == states[k + 1]) {
                throw new IllegalArgumentException("consecutive states must differ at index " + k);
            }
        }
        this.changeMs = changeMs.clone();
        this.states = states.clone();
        this.horizonMs = horizonMs;
        if (decayMs != Decay.NEVER) {
            if (decayMs < 0 || decayMs >= horizonMs) {
                throw new IllegalArgumentException("decayMs must be in [0, horizon) or Decay.NEVER, got " + decayMs);
            }
            if (changeMs.length > 0 && changeMs[changeMs.length - 1] > decayMs
                    || states[states.length - 1] != UMBRA) {
                throw new IllegalArgumentException("after the decay at " + decayMs + " ms the state must be UMBRA");
            }
        }
        this.decayMs = decayMs;
    }

    /** @return instant the satellite decayed, ms since the epoch, or {@link Decay#NEVER} if it did not */
    public long decayMs() {
        return decayMs;
    }

    /** @return true if the satellite decayed before the horizon */
    public boolean decayed() {
        return decayMs != Decay.NEVER;
    }

    /** @return end of the satellite's life within the horizon: the decay instant, else the horizon, ms */
    public long endMs() {
        return Math.min(decayMs, horizonMs);
    }

    /** A satellite that is sunlit over the whole horizon. */
    public static SunlightTimeline alwaysSunlit(long horizonMs) {
        return new SunlightTimeline(new long[0], new byte[] {SUNLIT}, horizonMs);
    }

    /** @return illumination state at {@code tMs} (the state of the segment containing it) */
    public byte stateAt(long tMs) {
        int i = Arrays.binarySearch(changeMs, tMs);
        int seg = i >= 0 ? i + 1 : -i - 1;
        return states[seg];
    }

    /** @return first change strictly after {@code tMs}, or {@link Long#MAX_VALUE} if none */
    public long nextChangeAfter(long tMs) {
        int i = Arrays.binarySearch(changeMs, tMs);
        int next = i >= 0 ? i + 1 : -i - 1;
        return next < changeMs.length ? changeMs[next] : Long.MAX_VALUE;
    }

    /** @return number of state changes */
    public int changes() {
        return changeMs.length;
    }

    /** @return k-th change instant, ms */
    public long changeMs(int k) {
        return changeMs[k];
    }

    /** @return state holding in segment {@code k} (0 = before the first change) */
    public byte state(int k) {
        return states[k];
    }

    /** @return end of the timeline, ms */
    public long horizonMs() {
        return horizonMs;
    }

    /** @return time spent in {@code state} within [fromMs, toMs), ms */
    public long timeIn(byte state, long fromMs, long toMs) {
        long total = 0;
        long segStart = 0;
        for (int k = 0; k <= changeMs.length; k++) {
            long segEnd = k < changeMs.length ? changeMs[k] : Long.MAX_VALUE;
            if (states[k] == state) {
                long a = Math.max(segStart, fromMs);
                long b = Math.min(segEnd, toMs);
                if (b > a) total += b - a;
            }
            segStart = segEnd;
            if (segStart >= toMs) break;
        }
        return total;
    }

    /**
     * @return fraction of [0, {@link #endMs()}) spent in umbra or penumbra (the time after a decay is not
     *         counted); 0 for a satellite that decayed at time 0
     */
    public double eclipseFraction() {
        long end = endMs();
        return end == 0 ? 0.0 : (timeIn(UMBRA, 0, end) + timeIn(PENUMBRA, 0, end)) / (double) end;
    }
}
