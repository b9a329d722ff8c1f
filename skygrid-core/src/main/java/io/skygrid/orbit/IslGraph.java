package io.skygrid.orbit;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.skygrid.fleet.GroundStation;

/**
 * Inter-satellite link (ISL) graph of one constellation over time, evaluated at fixed steps from the
 * propagated positions.
 *
 * <p><b>Link rule.</b> A candidate link (chosen by the {@link Topology}) is up at an instant when both
 * satellites have a position (SGP4 did not fail), their distance is at most the maximum range, and the
 * straight line between them stays above the grazing altitude: the point of the segment closest to the
 * Earth's centre is farther than {@code R + h_graze} from it, with R the WGS-84 equatorial radius
 * {@link #EARTH_RADIUS_M} (a sphere: at the poles the real surface is 21 km lower, so polar links are
 * judged slightly conservatively) and h_graze 80 km by default (below it a laser beam crosses the
 * denser atmosphere). A link's delay is its one-way light time, distance / c with c = 299,792,458 m/s
 * exactly (SI definition; 3.33564 us per km).
 *
 * <p><b>Topologies.</b>
 * <ul>
 *   <li>{@code plus-grid} (+Grid) for a Walker shell: each satellite links to its two in-plane
 *       neighbours (slots j-1 and j+1 of its plane) and to the satellite in the same slot of each adjacent
 *       plane, four links. Seam: in a Walker delta the last plane p-1 is adjacent to plane 0 and its slot j
 *       faces slot (j + f) mod S of plane 0 (f the phasing, S satellites per plane: plane p would be
 *       plane 0 advanced by f slots), so every satellite has degree 4. In a Walker star the first and last
 *       planes are counter-rotating across the seam: no links cross it (as in Iridium), so those two
 *       planes have degree 3. With 2 satellites per plane the two in-plane neighbours coincide (one link).
 *       Satellites must be ordered plane by plane as {@link Satellites#load} generates them.</li>
 *   <li>{@code full-mesh}: every pair of the group is a candidate (a formation cluster).</li>
 *   <li>{@code visible}: every pair in range with line of sight; O(n^2) per instant.</li>
 * </ul>
 *
 * <p><b>Evaluation.</b> {@link #sweep} propagates all satellites in blocks of instants (in parallel over
 * satellites, one SGP4 propagator per satellite) and hands each instant's graph, as compressed sparse
 * rows of primitive arrays, to a visitor in time order; the visitor must not keep the {@link Snapshot}
 * (its arrays are reused).
 */
public final class IslGraph {
    /** Speed of light in vacuum, m/s (exact, SI 2019). */
    public static final double SPEED_OF_LIGHT_M_S = 299_792_458.0;
    /** Radius of the spherical Earth for line of sight, m (WGS-84 equatorial radius). */
    public static final double EARTH_RADIUS_M = 6_378_137.0;
    /** Default grazing altitude, m: a link's line must clear the Earth by 80 km. */
    public static final double DEFAULT_GRAZING_ALTITUDE_M = 80e3;
    /**
     * Default maximum link range, m: 5,000 km (an assumption of this model: long enough for +Grid
     * cross-plane links of LEO shells at low latitude; set it per terminal).
     */
    public static final double DEFAULT_MAX_RANGE_M = 5_000e3;
    /** Default evaluation step, ms. */
    public static final long DEFAULT_STEP_MS = 60_000;

    /** Which pairs may link. */
    public enum Topology {
        PLUS_GRID("plus-grid"), FULL_MESH("full-mesh"), VISIBLE("visible");

        private final String label;

        Topology(String label) {
            this.label = label;
        }

        /** @return the name used in scenarios and on the command line */
        public String label() {
            return label;
        }

        /**
         * @param name {@code plus-grid}, {@code full-mesh} or {@code visible}
         * @throws IllegalArgumentException naming the known topologies
         */
        public static Topology parse(String name) {
            for (Topology t : values()) {
                if (t.label.equals(name)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown ISL topology '" + name + "' (known: plus-grid, full-mesh, visible)");
        }
    }

    /**
     * Plane structure of a Walker shell, for {@code plus-grid}.
     *
     * @param planes   p
     * @param perPlane S = t / p
     * @param phasing  f
     * @param star     true for a Walker star (no links across the seam)
     */
    public record Shell(int planes, int perPlane, int phasing, boolean star) {
        /** @return the shell of a Walker spec, or null for any other orbit spec */
        public static Shell of(OrbitSpec spec) {
            if (spec instanceof OrbitSpec.WalkerDelta w) {
                return new Shell(w.planes(), w.total() / w.planes(), w.phasing(), false);
            }
            if (spec instanceof OrbitSpec.WalkerStar w) {
                return new Shell(w.planes(), w.total() / w.planes(), w.phasing(), true);
            }
            return null;
        }
    }

    /**
     * @param topology         which pairs may link
     * @param maxRangeM        maximum link length, m (&gt; 0)
     * @param grazingAltitudeM the line between two satellites must stay this far above the sphere of
     *                         radius {@link #EARTH_RADIUS_M}, m (&gt;= 0)
     * @param stepMs           evaluation step, ms (&gt; 0)
     */
    public record Options(Topology topology, double maxRangeM, double grazingAltitudeM, long stepMs) {
        public Options {
            if (topology == null) throw new IllegalArgumentException("topology is required");
            if (!(maxRangeM > 0)) throw new IllegalArgumentException("maximum range must be > 0 m, got " + maxRangeM);
            if (!(grazingAltitudeM >= 0) || grazingAltitudeM > 1e7) {
                throw new IllegalArgumentException("grazing altitude must be in [0, 10,000 km], got " + grazingAltitudeM + " m");
            }
            if (stepMs <= 0) throw new IllegalArgumentException("step must be > 0 ms, got " + stepMs);
        }

        /** Defaults: 5,000 km range, 80 km grazing altitude, 60 s steps. */
        public static Options defaults(Topology topology) {
            return new Options(topology, DEFAULT_MAX_RANGE_M, DEFAULT_GRAZING_ALTITUDE_M, DEFAULT_STEP_MS);
        }
    }

    /** The graph at one instant. Arrays are owned by the sweep and reused at the next instant. */
    public static final class Snapshot {
        /** Instant index (0 = epoch). */
        public int step;
        /** Time since the epoch, ms. */
        public long timeMs;
        /** Satellites. */
        public final int n;
        /** Inertial positions (TEME for TLEs, EME2000 for designed), m: 3 per satellite; NaN if lost. */
        public double[] pos;
        /** CSR row starts: neighbours of i are {@code nbr[start[i] .. start[i+1])}. */
        public final int[] start;
        /** Neighbour indices. */
        public int[] nbr;
        /** Link length to each neighbour, m (parallel to {@link #nbr}). */
        public double[] distM;
        /** For fixed topologies, per candidate edge: length if up, NaN if down; null for {@code visible}. */
        public final double[] edgeDistM;

        Snapshot(int n, int edges) {
            this.n = n;
            this.start = new int[n + 1];
            this.nbr = new int[Math.max(16, 2 * edges)];
            this.distM = new double[nbr.length];
            this.edgeDistM = edges >= 0 ? new double[edges] : null;
        }

        /** @return links up at this instant (each counted once) */
        public int links() {
            return start[n] / 2;
        }

        /** @return length of the link a-b if it is up, else NaN */
        public double linkDistance(int a, int b) {
            for (int k = start[a]; k < start[a + 1]; k++) {
                if (nbr[k] == b) {
                    return distM[k];
                }
            }
            return Double.NaN;
        }
    }

    /** Receives each instant's graph in time order. */
    public interface StepVisitor {
        void visit(Snapshot snapshot);
    }

    private final List<SatelliteOrbit> sats;
    private final Options options;
    private final int[] edgeA;
    private final int[] edgeB;

    /**
     * @param sats    satellites of one constellation (all from TLE/OMM, or all designed)
     * @param options link rule
     * @param shell   plane structure, required for {@code plus-grid}
     * @throws IllegalArgumentException for {@code plus-grid} without a Walker shell or when the satellites
     *                                  do not match it
     */
    public IslGraph(List<SatelliteOrbit> sats, Options options, Shell shell) {
        this.sats = List.copyOf(sats);
        this.options = options;
        int n = sats.size();
        switch (options.topology()) {
            case PLUS_GRID -> {
                if (shell == null) {
                    throw new IllegalArgumentException("topology plus-grid needs a Walker shell (walker: in the scenario);"
                            + " use full-mesh or visible for other constellations");
                }
                if (shell.planes() * shell.perPlane() != n) {
                    throw new IllegalArgumentException("plus-grid: the shell has " + shell.planes() + " x " + shell.perPlane()
                            + " slots but there are " + n + " satellites");
                }
                int[][] e = plusGrid(shell);
                edgeA = e[0];
                edgeB = e[1];
            }
            case FULL_MESH -> {
                int m = n * (n - 1) / 2;
                if ((long) n * (n - 1) / 2 > 5_000_000L) {
                    throw new IllegalArgumentException("full-mesh of " + n + " satellites has too many links; use visible");
                }
                edgeA = new int[m];
                edgeB = new int[m];
                int k = 0;
                for (int i = 0; i < n; i++) {
                    for (int j = i + 1; j < n; j++) {
                        edgeA[k] = i;
                        edgeB[k++] = j;
                    }
                }
            }
            default -> {
                edgeA = null;
                edgeB = null;
            }
        }
    }

    /** @return the link rule */
    public Options options() {
        return options;
    }

    /** @return candidate edges' first satellites (fixed topologies), or null for {@code visible} */
    public int[] edgeA() {
        return edgeA == null ? null : edgeA.clone();
    }

    /** @return candidate edges' second satellites (fixed topologies), or null for {@code visible} */
    public int[] edgeB() {
        return edgeB == null ? null : edgeB.clone();
    }

    /** @return satellites */
    public List<SatelliteOrbit> satellites() {
        return sats;
    }

    /**
     * +Grid candidate edges of a Walker shell (see the class comment), each once with a &lt; b, in a fixed
     * order (in-plane edges then cross-plane, by satellite index).
     *
     * @return {edgeA, edgeB}
     */
    public static int[][] plusGrid(Shell shell) {
        int p = shell.planes(), s = shell.perPlane();
        java.util.LinkedHashSet<Long> set = new java.util.LinkedHashSet<>();
        for (int k = 0; k < p; k++) {
            for (int j = 0; j < s; j++) {
                int a = k * s + j;
                if (s >= 2) {
                    add(set, a, k * s + (j + 1) % s);
                }
            }
        }
        for (int k = 0; k < p; k++) {
            for (int j = 0; j < s; j++) {
                int a = k * s + j;
                if (k + 1 < p) {
                    add(set, a, (k + 1) * s + j);
                } else if (!shell.star() && p >= 2) {
                    add(set, a, (j + shell.phasing()) % s);
                }
            }
        }
        int[] ea = new int[set.size()], eb = new int[set.size()];
        int i = 0;
        for (long key : set) {
            ea[i] = (int) (key >>> 32);
            eb[i++] = (int) key;
        }
        return new int[][] {ea, eb};
    }

    private static void add(java.util.Set<Long> set, int a, int b) {
        if (a == b) return;
        int lo = Math.min(a, b), hi = Math.max(a, b);
        set.add(((long) lo << 32) | hi);
    }

    /**
     * Link kernel: length of the link between satellites a and b at positions {@code pos}, or NaN if it
     * is out of range, blocked by the Earth (closest approach of the segment to the centre at most
     * {@code grazeRadiusM}) or a position is missing.
     *
     * @param pos          positions, 3 per satellite, m
     * @param maxRange2    squared maximum range, m^2
     * @param grazeRadius2 squared grazing radius (R + h_graze)^2, m^2
     */
    public static double link(double[] pos, int a, int b, double maxRange2, double grazeRadius2) {
        int oa = 3 * a, ob = 3 * b;
        double ax = pos[oa], ay = pos[oa + 1], az = pos[oa + 2];
        double dx = pos[ob] - ax, dy = pos[ob + 1] - ay, dz = pos[ob + 2] - az;
        double d2 = dx * dx + dy * dy + dz * dz;
        if (!(d2 <= maxRange2)) {
            return Double.NaN;   // also NaN positions
        }
        return lineOfSight(ax, ay, az, dx, dy, dz, d2, grazeRadius2) ? Math.sqrt(d2) : Double.NaN;
    }

    /**
     * Whether the segment from A to A + D stays outside the sphere of squared radius {@code grazeRadius2}:
     * the closest point has parameter {@code t = -A.D / |D|^2} clamped to [0, 1].
     */
    public static boolean lineOfSight(double ax, double ay, double az, double dx, double dy, double dz, double d2,
                                      double grazeRadius2) {
        double t = d2 > 0 ? -(ax * dx + ay * dy + az * dz) / d2 : 0;
        if (t < 0) t = 0;
        else if (t > 1) t = 1;
        double cx = ax + t * dx, cy = ay + t * dy, cz = az + t * dz;
        return cx * cx + cy * cy + cz * cz > grazeRadius2;
    }

    /**
     * Evaluates the graph at {@code 0, step, 2 step, ...} up to and including the horizon (the last
     * instant is the horizon itself if it is not a multiple of the step) and hands each instant to
     * {@code visitor}, in time order. Results do not depend on {@code threads}.
     *
     * @param epoch     time 0
     * @param horizonMs span, ms (&gt; 0)
     * @param threads   propagation threads (&gt;= 1)
     * @param visitor   receives each instant's {@link Snapshot}
     * @return number of instants
     */
    public int sweep(Instant epoch, long horizonMs, int threads, StepVisitor visitor) {
        if (horizonMs <= 0 || threads < 1) {
            throw new IllegalArgumentException("horizonMs and threads must be positive");
        }
        int n = sats.size();
        long stepMs = options.stepMs();
        int steps = (int) ((horizonMs + stepMs - 1) / stepMs) + 1;
        long[] times = new long[steps];
        for (int k = 0; k < steps; k++) {
            times[k] = Math.min(k * stepMs, horizonMs);
        }
        PositionSampler sampler = new PositionSampler(sats, epoch);
        int block = (int) Math.max(1, Math.min(steps, 4_000_000L / Math.max(1, 3L * n)));
        double[][] buf = new double[block][3 * n];
        Snapshot snap = new Snapshot(n, edgeA == null ? -1 : edgeA.length);
        double maxRange2 = options.maxRangeM() * options.maxRangeM();
        double gr = EARTH_RADIUS_M + options.grazingAltitudeM();
        double graze2 = gr * gr;
        int[] deg = new int[n];
        for (int b0 = 0; b0 < steps; b0 += block) {
            int count = Math.min(block, steps - b0);
            sampler.fill(times, b0, count, buf, threads);
            for (int k = 0; k < count; k++) {
                snap.step = b0 + k;
                snap.timeMs = times[b0 + k];
                snap.pos = buf[k];
                if (edgeA != null) {
                    buildFixed(snap, maxRange2, graze2, deg);
                } else {
                    buildVisible(snap, maxRange2, graze2, deg);
                }
                visitor.visit(snap);
            }
        }
        return steps;
    }

    private void buildFixed(Snapshot s, double maxRange2, double graze2, int[] deg) {
        int n = s.n;
        double[] pos = s.pos;
        double[] ed = s.edgeDistM;
        Arrays.fill(deg, 0);
        int m = edgeA.length;
        for (int e = 0; e < m; e++) {
            double d = link(pos, edgeA[e], edgeB[e], maxRange2, graze2);
            ed[e] = d;
            if (d == d) {
                deg[edgeA[e]]++;
                deg[edgeB[e]]++;
            }
        }
        int[] start = s.start;
        start[0] = 0;
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + deg[i];
            deg[i] = start[i];
        }
        int[] nbr = s.nbr;
        double[] dist = s.distM;
        for (int e = 0; e < m; e++) {
            double d = ed[e];
            if (d == d) {
                int a = edgeA[e], b = edgeB[e];
                nbr[deg[a]] = b;
                dist[deg[a]++] = d;
                nbr[deg[b]] = a;
                dist[deg[b]++] = d;
            }
        }
    }

    private static void buildVisible(Snapshot s, double maxRange2, double graze2, int[] deg) {
        int n = s.n;
        double[] pos = s.pos;
        int used = 0;
        // first pass: neighbours of i with j > i appended; then mirrored through a second pass
        int[] a = new int[Math.max(16, s.nbr.length / 2)];
        int[] b = new int[a.length];
        double[] d = new double[a.length];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double l = link(pos, i, j, maxRange2, graze2);
                if (l == l) {
                    if (used == a.length) {
                        a = Arrays.copyOf(a, 2 * used);
                        b = Arrays.copyOf(b, 2 * used);
                        d = Arrays.copyOf(d, 2 * used);
                    }
                    a[used] = i;
                    b[used] = j;
                    d[used++] = l;
                }
            }
        }
        if (s.nbr.length < 2 * used) {
            s.nbr = new int[2 * used];
            s.distM = new double[2 * used];
        }
        Arrays.fill(deg, 0);
        for (int e = 0; e < used; e++) {
            deg[a[e]]++;
            deg[b[e]]++;
        }
        int[] start = s.start;
        start[0] = 0;
        for (int i = 0; i < n; i++) {
            start[i + 1] = start[i] + deg[i];
            deg[i] = start[i];
        }
        for (int e = 0; e < used; e++) {
            int x = a[e], y = b[e];
            s.nbr[deg[x]] = y;
            s.distM[deg[x]++] = d[e];
            s.nbr[deg[y]] = x;
            s.distM[deg[y]++] = d[e];
        }
    }

    /** @return one-way light time over {@code distanceM}, s */
    public static double lightTimeS(double distanceM) {
        return distanceM / SPEED_OF_LIGHT_M_S;
    }

    // ------------------------------------------------------------------ ground

    /**
     * Ground stations seen from a constellation's inertial frame: which satellites are above the
     * elevation mask of which station at an instant, and the slant range. Same geometry as the contact
     * windows of {@link OrbitPhysics} (WGS-84 station positions, geodetic zenith, IERS 2010 Earth
     * orientation without EOP, evaluated exactly every 10 min and by the Earth rotation rate in between).
     */
    public static final class Ground {
        private final OrbitPhysics.Stations st;
        private final OrbitPhysics.FrameData fd;
        private final long stepMs;
        private final double[] q;

        /**
         * @param graph           the graph whose sweep this follows (same epoch, horizon and step)
         * @param epoch           epoch of the sweep
         * @param horizonMs       horizon of the sweep, ms
         * @param stations        ground stations
         * @param minElevationDeg elevation mask, deg
         */
        public Ground(IslGraph graph, Instant epoch, long horizonMs, List<GroundStation> stations, double minElevationDeg) {
            OrekitSetup.init();
            st = new OrbitPhysics.Stations(stations, minElevationDeg);
            stepMs = graph.options.stepMs();
            OrbitPhysics.Grid grid = new OrbitPhysics.Grid(epoch, horizonMs, stepMs);
            // only the rotation is used here: the Sun stays unstretched (SPHERE)
            fd = new OrbitPhysics.FrameData(new PositionSampler(graph.sats, epoch).frame(), grid, EarthShape.SPHERE);
            q = new double[3];
        }

        /** @return number of stations */
        public int stations() {
            return st.n;
        }

        /**
         * Slant range from station {@code g} to satellite {@code i} at the snapshot's instant if the
         * satellite is above the mask, else NaN.
         *
         * @return slant range, m, or NaN
         */
        public double slantRange(Snapshot s, int g, int i) {
            int o = 3 * i;
            double x = s.pos[o], y = s.pos[o + 1], z = s.pos[o + 2];
            if (x != x) return Double.NaN;
            double[] m = fd.rot;
            int r = 9 * s.step;
            double qx = m[r] * x + m[r + 1] * y + m[r + 2] * z;
            double qy = m[r + 3] * x + m[r + 4] * y + m[r + 5] * z;
            double qz = m[r + 6] * x + m[r + 7] * y + m[r + 8] * z;
            double dx = qx - st.pos[3 * g], dy = qy - st.pos[3 * g + 1], dz = qz - st.pos[3 * g + 2];
            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
            double sinEl = (dx * st.up[3 * g] + dy * st.up[3 * g + 1] + dz * st.up[3 * g + 2]) / d;
            return sinEl >= st.sinMask ? d : Double.NaN;
        }

        /**
         * Smallest up/down-link light time from any of the given stations to each satellite at the
         * snapshot's instant (the seeds of a multi-source shortest-path search), s; +infinity where no
         * chosen station sees the satellite.
         *
         * @param stations station indices
         * @param out      receives one value per satellite
         * @return number of satellites seen by at least one station
         */
        public int accessDelays(Snapshot s, int[] stations, double[] out) {
            Arrays.fill(out, 0, s.n, Double.POSITIVE_INFINITY);
            int seen = 0;
            double[] m = fd.rot;
            int r = 9 * s.step;
            for (int i = 0; i < s.n; i++) {
                int o = 3 * i;
                double x = s.pos[o], y = s.pos[o + 1], z = s.pos[o + 2];
                if (x != x) continue;
                // ITRF position once per satellite, then each station: sin(elevation) >= sin(mask)
                double qx = m[r] * x + m[r + 1] * y + m[r + 2] * z;
                double qy = m[r + 3] * x + m[r + 4] * y + m[r + 5] * z;
                double qz = m[r + 6] * x + m[r + 7] * y + m[r + 8] * z;
                double best = Double.POSITIVE_INFINITY;
                for (int g : stations) {
                    int b = 3 * g;
                    double dx = qx - st.pos[b], dy = qy - st.pos[b + 1], dz = qz - st.pos[b + 2];
                    double up = dx * st.up[b] + dy * st.up[b + 1] + dz * st.up[b + 2];
                    if (up <= 0) continue;   // below the horizon: cheap rejection without a square root
                    double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                    if (up >= st.sinMask * d && d < best) best = d;
                }
                if (best < Double.POSITIVE_INFINITY) {
                    out[i] = best / SPEED_OF_LIGHT_M_S;
                    seen++;
                }
            }
            return seen;
        }
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
