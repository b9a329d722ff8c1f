package io.skygrid.sched;

import io.skygrid.orbit.ConstellationTimelines;
import io.skygrid.orbit.SunlightTimeline;
import io.skygrid.power.ConstellationPower;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Where checkpointable batch training finds free and steady power: orbital pools ranked by how much of a
 * coming window their satellites spend in full sunlight and how often an eclipse would interrupt them (a
 * dawn-dusk sun-synchronous cluster outside its eclipse season ranks first: sunlit all the time, no
 * eclipse; a 53 deg Walker shell at 550 km spends about a third of each orbit in shadow).
 *
 * <p>Per pool, over [fromMs, fromMs + windowMs) clipped to the timelines' horizon: the mean over satellites
 * of the fraction of time fully sunlit (penumbra counts as not sunlit: generation is reduced there), the
 * mean number of shadow passages (a passage is a maximal run of penumbra or umbra; one already under way
 * at the window start counts), the longest passage, and, when a {@link ConstellationPower} is given, the
 * fraction of satellites whose accelerators are powered now. Ranking: sunlit fraction descending, then
 * passages ascending, then powered fraction descending, then pool index.
 */
public final class SunFollowing {
    private SunFollowing() {
    }

    /**
     * Power outlook of one orbital pool over a window.
     *
     * @param pool            index of the pool in the list given to {@link #rank}
     * @param name            constellation name
     * @param sunlitFraction  mean fraction of the window fully sunlit, [0, 1]
     * @param meanEclipses    mean number of shadow passages per satellite within the window
     * @param longestEclipseMs longest shadow passage within the window (clipped to it), ms
     * @param poweredFraction fraction of satellites with powered accelerators at the window start; 1 when no
     *                        power model is given
     */
    public record Outlook(int pool, String name, double sunlitFraction, double meanEclipses, long longestEclipseMs,
                          double poweredFraction) {
    }

    /**
     * Ranks pools by steady power (see the class comment).
     *
     * @param timelines one per orbital pool
     * @param power     the matching power models (same order), or null entries / a null list for none
     * @param fromMs    window start, ms since the epoch, >= 0
     * @param windowMs  window length, ms, > 0
     * @return outlooks, best first
     */
    public static List<Outlook> rank(List<ConstellationTimelines> timelines, List<ConstellationPower> power,
                                     long fromMs, long windowMs) {
        if (fromMs < 0 || windowMs <= 0) {
            throw new IllegalArgumentException("need fromMs >= 0 and windowMs > 0");
        }
        if (power != null && power.size() != timelines.size()) {
            throw new IllegalArgumentException("one power model per timeline set");
        }
        List<Outlook> out = new ArrayList<>(timelines.size());
        for (int p = 0; p < timelines.size(); p++) {
            out.add(outlook(p, timelines.get(p), power == null ? null : power.get(p), fromMs, windowMs));
        }
        out.sort(Comparator.comparingDouble(Outlook::sunlitFraction).reversed()
                .thenComparingDouble(Outlook::meanEclipses)
                .thenComparing(Comparator.comparingDouble(Outlook::poweredFraction).reversed())
                .thenComparingInt(Outlook::pool));
        return out;
    }

    /** The outlook of one pool (see the class comment). */
    public static Outlook outlook(int pool, ConstellationTimelines t, ConstellationPower power, long fromMs,
                                  long windowMs) {
        int n = t.size();
        if (n == 0) {
            return new Outlook(pool, t.constellation(), 0, 0, 0, 0);
        }
        double sunlit = 0;
        long passages = 0;
        long longest = 0;
        for (int s = 0; s < n; s++) {
            SunlightTimeline tl = t.sunlight()[s];
            long to = Math.min(fromMs + windowMs, tl.horizonMs());
            if (to <= fromMs) {
                throw new IllegalArgumentException("window starts at or after the horizon of " + t.constellation());
            }
            sunlit += tl.timeIn(SunlightTimeline.SUNLIT, fromMs, to) / (double) (to - fromMs);
            // walk the segments overlapping [fromMs, to)
            long segStart = 0;
            long shadowStart = -1;
            for (int k = 0; k <= tl.changes(); k++) {
                long segEnd = k < tl.changes() ? tl.changeMs(k) : Long.MAX_VALUE;
                boolean shadow = tl.state(k) != SunlightTimeline.SUNLIT;
                if (segEnd > fromMs && segStart < to) {
                    if (shadow && shadowStart < 0) {
                        shadowStart = Math.max(segStart, fromMs);
                        passages++;
                    } else if (!shadow && shadowStart >= 0) {
                        longest = Math.max(longest, Math.min(segStart, to) - shadowStart);
                        shadowStart = -1;
                    }
                }
                if (segEnd >= to) {
                    if (shadowStart >= 0) {
                        longest = Math.max(longest, to - shadowStart);
                    }
                    break;
                }
                segStart = segEnd;
            }
        }
        double powered = 1.0;
        if (power != null) {
            int on = 0;
            for (int s = 0; s < power.size(); s++) {
                if (power.isPowered(s)) {
                    on++;
                }
            }
            powered = on / (double) power.size();
        }
        return new Outlook(pool, t.constellation(), sunlit / n, passages / (double) n, longest, powered);
    }
}
