package io.skygrid.orbit;

import java.util.Arrays;
import java.util.List;

import io.skygrid.fleet.GroundStation;

/**
 * Contact plan of one constellation: its ground-station contact windows (from {@link OrbitPhysics}) turned
 * into link-rate profiles, so that the earliest time a volume of data (a checkpoint, a dataset) crosses
 * between ground and orbit is a binary search. Times in ms since the scenario epoch; volumes in bytes;
 * rates in bit/s.
 *
 * <h2>Model</h2>
 * <ul>
 *   <li><b>Store and forward.</b> Data waits on board (or on the ground) until a contact opens and flows
 *   while the satellite is above a station's elevation mask, at that station's
 *   {@link GroundStation#downlinkBps()} (satellite to ground) or {@link GroundStation#uplinkBps()} (ground to
 *   satellite). Link set-up time and propagation delay (under 10 ms at LEO slant ranges) are neglected;
 *   storage on both sides is unlimited.</li>
 *   <li><b>One satellite:</b> the satellite has one ground terminal, so at any instant it uses the fastest
 *   station in view (switching stations costs nothing): its rate is the maximum over the stations in view.</li>
 *   <li><b>Whole constellation</b> (a dataset that can go through any satellite, spread across the
 *   constellation by ISLs at no cost): every station has one antenna and serves one satellite at a time, so
 *   each station in view of at least one satellite contributes its own rate once; the constellation's rate
 *   is the sum over those stations. This assumes the stations in view can each be given a different
 *   satellite (true for dense shells: dozens of Starlink satellites are above every station at once); for a
 *   sparse constellation where one satellite is alone above two stations it is an upper bound.</li>
 *   <li>Nothing beyond the horizon is known: a volume that does not fit before it gets
 *   {@link RateProfile#BEYOND_HORIZON}.</li>
 * </ul>
 * Stations have no competing traffic: each query has the plan to itself (a scheduler that books several
 * transfers must subtract them itself).
 *
 * <p>Cost: the constellation profiles are built once in the constructor, O(W log W) for W windows;
 * per-satellite profiles are built on first use, O(w log w) for its w windows, and cached. A query is
 * O(log pieces). Thread-safe: the lazily built profiles are immutable and a race only builds one twice.
 */
public final class ContactPlan {
    /** Link direction. */
    public enum Direction {
        /** satellite to ground */
        DOWNLINK,
        /** ground to satellite */
        UPLINK
    }

    private final ConstellationTimelines timelines;
    private final List<GroundStation> stations;
    private final long horizonMs;
    private final double[] downBps;
    private final double[] upBps;
    private final RateProfile constellationDown;
    private final RateProfile constellationUp;
    private final RateProfile[] satDown;
    private final RateProfile[] satUp;

    /**
     * @param timelines contact windows of every satellite, station indices referring to {@code stations}
     * @param stations  the ground stations the windows were computed for
     * @param horizonMs horizon, ms (&gt; 0): the end of the windows
     * @throws IllegalArgumentException if a window refers to a station outside the list or ends after the horizon
     */
    public ContactPlan(ConstellationTimelines timelines, List<GroundStation> stations, long horizonMs) {
        if (horizonMs <= 0) {
            throw new IllegalArgumentException("horizonMs must be > 0, got " + horizonMs);
        }
        this.timelines = timelines;
        this.stations = List.copyOf(stations);
        this.horizonMs = horizonMs;
        int ns = stations.size();
        downBps = new double[ns];
        upBps = new double[ns];
        for (int s = 0; s < ns; s++) {
            downBps[s] = stations.get(s).downlinkBps();
            upBps[s] = stations.get(s).uplinkBps();
        }
        satDown = new RateProfile[timelines.size()];
        satUp = new RateProfile[timelines.size()];

        // per station: the union of all satellites' windows (sorted starts and ends swept together)
        int[] count = new int[ns];
        for (ContactWindows w : timelines.contacts()) {
            for (int k = 0; k < w.size(); k++) {
                int st = w.station()[k];
                if (st < 0 || st >= ns) {
                    throw new IllegalArgumentException("window refers to station " + st + " of " + ns);
                }
                if (w.losMs()[k] > horizonMs) {
                    throw new IllegalArgumentException("window ends after the horizon: " + w.losMs()[k]);
                }
                count[st]++;
            }
        }
        long[][] aos = new long[ns][];
        long[][] los = new long[ns][];
        for (int s = 0; s < ns; s++) {
            aos[s] = new long[count[s]];
            los[s] = new long[count[s]];
        }
        int[] fill = new int[ns];
        for (ContactWindows w : timelines.contacts()) {
            for (int k = 0; k < w.size(); k++) {
                int st = w.station()[k];
                aos[st][fill[st]] = w.aosMs()[k];
                los[st][fill[st]++] = w.losMs()[k];
            }
        }
        long[][] covStart = new long[ns][];
        long[][] covEnd = new long[ns][];
        int total = 0;
        for (int s = 0; s < ns; s++) {
            long[] a = aos[s], l = los[s];
            Arrays.sort(a);
            Arrays.sort(l);
            long[] cs = new long[a.length], ce = new long[a.length];
            int n = 0, open = 0, i = 0, j = 0;
            while (i < a.length) {
                if (a[i] <= l[j]) {          // starts first on ties: touching windows merge
                    if (open++ == 0) {
                        cs[n] = a[i];
                    }
                    i++;
                } else {
                    if (--open == 0) {
                        ce[n++] = l[j];
                    }
                    j++;
                }
            }
            if (open > 0) {
                ce[n++] = l[l.length - 1];
            }
            covStart[s] = Arrays.copyOf(cs, n);
            covEnd[s] = Arrays.copyOf(ce, n);
            total += n;
        }
        long[] times = new long[2 * total + 2];
        int nt = 0;
        times[nt++] = 0;
        times[nt++] = horizonMs;
        for (int s = 0; s < ns; s++) {
            for (int c = 0; c < covStart[s].length; c++) {
                times[nt++] = covStart[s][c];
                times[nt++] = covEnd[s][c];
            }
        }
        long[] bp = unique(times, nt);
        double[] dDown = new double[bp.length];
        double[] dUp = new double[bp.length];
        for (int s = 0; s < ns; s++) {
            for (int c = 0; c < covStart[s].length; c++) {
                int a = Arrays.binarySearch(bp, covStart[s][c]);
                int b = Arrays.binarySearch(bp, covEnd[s][c]);
                dDown[a] += downBps[s];
                dDown[b] -= downBps[s];
                dUp[a] += upBps[s];
                dUp[b] -= upBps[s];
            }
        }
        double[] rDown = new double[bp.length - 1];
        double[] rUp = new double[bp.length - 1];
        double cd = 0, cu = 0;
        for (int i = 0; i + 1 < bp.length; i++) {
            cd += dDown[i];
            cu += dUp[i];
            // running sums of exact station rates: clear the rounding residue when no station is in view
            rDown[i] = cd > 1e-6 ? cd : 0;
            rUp[i] = cu > 1e-6 ? cu : 0;
        }
        constellationDown = new RateProfile(bp, rDown);
        constellationUp = new RateProfile(bp, rUp);
    }

    /** @return the contact windows this plan was built from */
    public ConstellationTimelines timelines() {
        return timelines;
    }

    /** @return the ground stations, in the order of the windows' station indices */
    public List<GroundStation> stations() {
        return stations;
    }

    /** @return horizon, ms */
    public long horizonMs() {
        return horizonMs;
    }

    /** @return number of satellites */
    public int satellites() {
        return timelines.size();
    }

    /**
     * @param satellite satellite index in {@link #timelines()}
     * @param d         direction
     * @return the satellite's link rate over the horizon: the fastest station in view at each instant
     * @throws IndexOutOfBoundsException on a bad satellite index
     */
    public RateProfile satellite(int satellite, Direction d) {
        RateProfile[] cache = d == Direction.DOWNLINK ? satDown : satUp;
        RateProfile p = cache[satellite];
        if (p == null) {
            p = build(timelines.contacts()[satellite], d == Direction.DOWNLINK ? downBps : upBps);
            cache[satellite] = p;
        }
        return p;
    }

    /**
     * @param d direction
     * @return the constellation's aggregate link rate: the sum of the rates of the stations that see at least
     *         one satellite
     */
    public RateProfile constellation(Direction d) {
        return d == Direction.DOWNLINK ? constellationDown : constellationUp;
    }

    /**
     * Earliest time {@code bytes} held on satellite {@code satellite} from {@code startMs} have all reached the
     * ground.
     *
     * @return ms since the epoch, or {@link RateProfile#BEYOND_HORIZON}
     */
    public long earliestDownlinkMs(int satellite, long startMs, double bytes) {
        return satellite(satellite, Direction.DOWNLINK).earliestMs(startMs, bytes);
    }

    /**
     * Earliest time {@code bytes} available on the ground from {@code startMs} have all reached satellite
     * {@code satellite}.
     *
     * @return ms since the epoch, or {@link RateProfile#BEYOND_HORIZON}
     */
    public long earliestUplinkMs(int satellite, long startMs, double bytes) {
        return satellite(satellite, Direction.UPLINK).earliestMs(startMs, bytes);
    }

    /**
     * Earliest time {@code bytes} held by the constellation (on any satellites) from {@code startMs} have all
     * reached the ground.
     *
     * @return ms since the epoch, or {@link RateProfile#BEYOND_HORIZON}
     */
    public long earliestDownlinkAnyMs(long startMs, double bytes) {
        return constellationDown.earliestMs(startMs, bytes);
    }

    /**
     * Earliest time {@code bytes} available on the ground from {@code startMs} have all reached the
     * constellation (spread over any of its satellites).
     *
     * @return ms since the epoch, or {@link RateProfile#BEYOND_HORIZON}
     */
    public long earliestUplinkAnyMs(long startMs, double bytes) {
        return constellationUp.earliestMs(startMs, bytes);
    }

    /** Rate profile of one satellite: the maximum station rate over the windows covering each piece. */
    private RateProfile build(ContactWindows w, double[] bps) {
        int n = w.size();
        if (n == 0) {
            return RateProfile.zero(horizonMs);
        }
        long[] times = new long[2 * n + 2];
        int nt = 0;
        times[nt++] = 0;
        times[nt++] = horizonMs;
        for (int k = 0; k < n; k++) {
            times[nt++] = w.aosMs()[k];
            times[nt++] = w.losMs()[k];
        }
        long[] bp = unique(times, nt);
        double[] rate = new double[bp.length - 1];
        for (int k = 0; k < n; k++) {
            int a = Arrays.binarySearch(bp, w.aosMs()[k]);
            int b = Arrays.binarySearch(bp, w.losMs()[k]);
            double r = bps[w.station()[k]];
            for (int i = a; i < b; i++) {
                if (r > rate[i]) {
                    rate[i] = r;
                }
            }
        }
        return new RateProfile(bp, rate);
    }

    private static long[] unique(long[] a, int n) {
        Arrays.sort(a, 0, n);
        int m = 0;
        for (int i = 0; i < n; i++) {
            if (m == 0 || a[i] != a[m - 1]) {
                a[m++] = a[i];
            }
        }
        return Arrays.copyOf(a, m);
    }
}
