package io.skygrid.orbit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.IERSConventions;
import org.orekit.utils.PVCoordinates;

import io.skygrid.fleet.GroundStation;
import io.skygrid.sim.ProgressListener;

/**
 * Precomputes the physics of a constellation: sunlight (umbra/penumbra) timelines and ground-station
 * contact windows of every satellite over a horizon.
 *
 * <p><b>Method.</b> Event functions are sampled on a grid every {@link #GRID_STEP_MS} ms over
 * [0, horizon] (plus the horizon itself). TLE satellites are propagated with Orekit's SGP4/SDP4
 * {@link TLEPropagator#getPVCoordinates(AbsoluteDate)} in TEME at every other grid instant (every 60 s,
 * and at the horizon); the instants in between take the value and derivative of the cubic Hermite
 * interpolant of the neighbouring position/velocity pairs (error below 0.5 m for LEO over 60 s, far
 * below SGP4's own km-level error). Designed satellites are evaluated at every instant with the
 * J2-secular model of {@link SatelliteOrbit.CircularJ2} in EME2000 (formation members: the same plus their
 * closed-form HCW offset, {@link SatelliteOrbit.HillOffset}, at the same cost). A sign change between two grid
 * instants is refined to {@link #TOLERANCE_MS} ms (Illinois regula falsi, then bisection) on the same
 * Hermite interpolant, so refinement costs no extra propagation. Events shorter than a grid step (a
 * grazing eclipse, a pass skimming the mask for less than 30 s) can be missed.
 *
 * <p><b>Sunlight.</b> Conical shadow of the Earth and a Sun of radius {@link #SUN_RADIUS_M}. The Earth is
 * the WGS-84 ellipsoid by default ({@link EarthShape#WGS84}): satellite and Sun positions are stretched by
 * a/b = 1.00336 along the Earth's pole (the ITRF z axis expressed in the propagation frame, per grid
 * instant), which maps the ellipsoid onto the sphere of radius a = {@link #EARTH_SHADOW_RADIUS_M} and
 * straight lines onto straight lines, so the cone test below on that sphere is the ellipsoid's own; the
 * only approximation is that the Sun, stretched by 0.34 % too, is still taken as a sphere of radius
 * {@link #SUN_RADIUS_M} (an error of at most 0.34 % of its 0.27 deg apparent radius, 1.6e-5 rad: tens of
 * metres at the shadow edge). Against Orekit's {@code EclipseDetector} on a {@code OneAxisEllipsoid}
 * (OrbitPhysicsOblateTest: 352 boundaries of six orbits over 24 h) the boundaries agree within 0.039 s.
 * {@link EarthShape#SPHERE} keeps the sphere of radius a for comparison; its shadow is too wide over the
 * poles (by up to 21 km): on the same orbits its boundaries are a median 5.8 s and up to 19 s off, and at
 * beta -59 deg each umbra is 19.6 s too long. With theta the angle between the apparent
 * centres of Sun and Earth seen from the satellite, and a_E, a_S their apparent radii, the satellite is
 * in penumbra when theta &lt; a_E + a_S and in umbra when theta &lt; a_E - a_S. The Sun comes from
 * {@link SunPosition} (Meeus' solar coordinates, no JPL ephemerides), computed once per grid instant and
 * frame, shared by all satellites and interpolated linearly in between.
 *
 * <p><b>Grid limit.</b> An eclipse shorter than the 30 s grid step that falls between two grid instants is
 * missed: these are grazing eclipses at the edge of the eclipse season (beta within ~0.01 deg of beta*,
 * a few orbits per season edge). Measured against Orekit's event search every 1 s on dawn-dusk orbits at
 * their season edge (OrbitPhysicsOblateTest#grazingMissRate, 40 orbits, 32 eclipses): 2 of the 13 eclipses
 * shorter than 30 s were missed (15 %), the longest 9.4 s; no eclipse of 10 s or more was missed.
 *
 * <p><b>Contacts.</b> Stations on the WGS-84 ellipsoid (geodetic up vector); elevation above the mask
 * is evaluated in ITRF (IERS 2010, no EOP: see {@link OrekitSetup}) with the inertial-to-ITRF
 * rotation computed once per grid instant and shared; between grid instants the Earth rotation of
 * {@link #EARTH_ROTATION_RAD_S} is applied about the ITRF z axis. A conservative prefilter skips a
 * station while the satellite's ground point is too far from it to rise above the mask before the
 * next check. Maximum elevation is refined by golden-section search (to ~0.1 s) around the best grid
 * sample.
 *
 * <p><b>Decay.</b> An SGP4 satellite decays at the first instant {@link Decay} says so (SGP4 fails, a
 * non-finite state, or below 120 km geodetic altitude), found on the same 60 s samples (and the 30 s
 * instant before the first failing one) as {@link Decay#find}, so both give the same instant. From then
 * on the satellite is lost: {@link SunlightTimeline#decayMs()} holds the instant, the stored state is UMBRA
 * (no power) and it has no contacts until the horizon.
 *
 * <p><b>Determinism.</b> Satellites are processed in parallel, one propagator per satellite owned by
 * one thread; results are stored by satellite index, so the output does not depend on the thread
 * count.
 */
public final class OrbitPhysics {
    /** Grid step, ms. */
    public static final long GRID_STEP_MS = 30_000;
    /** Bisection tolerance of event times, ms. */
    public static final long TOLERANCE_MS = 1;
    /** Earth radius used for the shadow, m (WGS-84 equatorial radius). */
    public static final double EARTH_SHADOW_RADIUS_M = 6378137.0;
    /** Solar radius, m (696,000 km, Allen's Astrophysical Quantities; IAU nominal is 695,700 km). */
    public static final double SUN_RADIUS_M = 696_000e3;
    /**
     * Earth rotation rate, rad/s: rate of the Earth rotation angle, 2 pi x 1.00273781191135448 / 86400
     * (IERS Conventions 2010, eq. 5.15), exact for UT1 = UTC (no EOP).
     */
    public static final double EARTH_ROTATION_RAD_S = 2 * Math.PI * 1.00273781191135448 / 86400.0;
    /** WGS-84 polar to equatorial stretch a/b of the shadow test with {@link EarthShape#WGS84}. */
    static final double POLAR_STRETCH = 1 / (1 - 1 / 298.257223563);
    /** Squared radius above which the day-side shortcut of the shadow test is exact, m^2. */
    static final double DAY_SIDE_MIN_R2 = (EARTH_SHADOW_RADIUS_M + 1e3) * (EARTH_SHADOW_RADIUS_M + 1e3);
    /**
     * Below this geocentric radius, m (the WGS-84 equatorial radius: at most 21 km altitude anywhere),
     * an SGP4 satellite is considered re-entered. Orekit's SGP4 does not throw for a decayed object, it
     * returns positions inside the Earth.
     */
    static final double MIN_RADIUS_M = 6378137.0;
    /** Spacing of exact Orekit frame-transform and Sun evaluations, ms. */
    static final long NODE_STEP_MS = 600_000;
    /** WGS-84 ellipsoid semi-major axis, m. */
    static final double WGS84_A = 6378137.0;
    /** WGS-84 flattening. */
    static final double WGS84_F = 1 / 298.257223563;

    private OrbitPhysics() {
    }

    /**
     * Sun-Earth distance at an instant, from {@link SunPosition}, in
     * astronomical units (IAU 2012: 149,597,870,700 m). Ranges from about 0.983 (early January) to 1.017
     * (early July), so solar flux varies by about +-3.3 % over the year.
     *
     * @param t instant (UTC)
     * @return distance between the centres of the Sun and the Earth, AU
     */
    public static double sunDistanceAu(Instant t) {
        OrekitSetup.init();
        AbsoluteDate date = new AbsoluteDate(t, TimeScalesFactory.getUTC());
        return SunPosition.position(date, FramesFactory.getEME2000()).getNorm()
                / org.orekit.utils.Constants.IAU_2012_ASTRONOMICAL_UNIT;
    }

    /**
     * Computes sunlight timelines and contact windows of every satellite.
     *
     * @param constellationName constellation name (for the result and progress messages)
     * @param sats              satellites; index = satellite id in the result
     * @param epoch             scenario epoch (time 0), UTC
     * @param horizonMs         horizon, ms since the epoch (&gt; 0)
     * @param stations          ground stations; contact windows refer to indices in this list
     * @param minElevationDeg   elevation mask, degrees
     * @param threads           number of worker threads (&gt;= 1)
     * @param progress          told {@code start("physics: <name>", sats.size())}, {@code advance(1)}
     *                          per satellite and {@code finish()}
     * @return one sunlight timeline and one contact list per satellite, times in ms since the epoch
     * @throws IllegalArgumentException on a non-positive horizon or thread count
     * @throws IllegalStateException    naming the satellite, if one cannot be propagated (never for
     *                                  satellites from {@link Satellites#load}, which checks TLEs; an
     *                                  Orekit exception is never thrown from here)
     */
    public static ConstellationTimelines compute(String constellationName, List<SatelliteOrbit> sats, Instant epoch,
                                                 long horizonMs, List<GroundStation> stations, double minElevationDeg,
                                                 int threads, ProgressListener progress) {
        return compute(constellationName, sats, epoch, horizonMs, stations, minElevationDeg, threads, progress,
                EarthShape.WGS84);
    }

    /**
     * As {@link #compute(String, List, Instant, long, List, double, int, ProgressListener)}, with the Earth
     * shape that casts the shadow ({@link EarthShape#WGS84} there).
     *
     * @param shape the occulting body of the eclipse computation (contacts always use WGS-84 stations)
     * @return one sunlight timeline and one contact list per satellite, times in ms since the epoch
     */
    public static ConstellationTimelines compute(String constellationName, List<SatelliteOrbit> sats, Instant epoch,
                                                 long horizonMs, List<GroundStation> stations, double minElevationDeg,
                                                 int threads, ProgressListener progress, EarthShape shape) {
        if (horizonMs <= 0) {
            throw new IllegalArgumentException("horizonMs must be > 0, got " + horizonMs);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        OrekitSetup.init();
        Grid grid = new Grid(epoch, horizonMs, GRID_STEP_MS);
        boolean needTeme = sats.stream().anyMatch(s -> s instanceof SatelliteOrbit.Sgp4);
        boolean needEme = sats.stream().anyMatch(s -> !(s instanceof SatelliteOrbit.Sgp4));
        FrameData teme = needTeme ? new FrameData(FramesFactory.getTEME(), grid, shape) : null;
        FrameData eme = needEme ? new FrameData(FramesFactory.getEME2000(), grid, shape) : null;
        Stations st = new Stations(stations, minElevationDeg);

        int n = sats.size();
        SunlightTimeline[] sunlight = new SunlightTimeline[n];
        ContactWindows[] contacts = new ContactWindows[n];
        progress.start("physics: " + constellationName, n);
        try {
            runParallel(n, threads, () -> {
                SatelliteWorker w = new SatelliteWorker(grid, st);
                return i -> {
                    SatelliteOrbit s = sats.get(i);
                    try {
                        w.run(s, s instanceof SatelliteOrbit.Sgp4 ? teme : eme);
                    } catch (RuntimeException e) {
                        throw failed(constellationName, i, s, e);
                    }
                    sunlight[i] = w.sunlight();
                    contacts[i] = w.contacts();
                    progress.advance(1);
                };
            });
        } finally {
            progress.finish();
        }
        List<String> names = new ArrayList<>(n);
        for (SatelliteOrbit s : sats) {
            names.add(s.name());
        }
        return new ConstellationTimelines(constellationName, names, sunlight, contacts);
    }

    /**
     * Propagates every satellite at fixed steps over [0, horizon] with the same propagators as
     * {@link #compute} and nothing else: the baseline against which the cost of the physics is measured.
     *
     * @param sats      satellites
     * @param epoch     epoch (time 0), UTC
     * @param horizonMs horizon, ms
     * @param stepMs    step, ms (&gt; 0)
     * @param threads   worker threads (&gt;= 1)
     * @return a checksum of all positions (sum of coordinates in m, truncated per satellite), so that the
     *         work cannot be optimised away; deterministic for given inputs
     */
    public static long rawPropagation(List<SatelliteOrbit> sats, Instant epoch, long horizonMs, long stepMs, int threads) {
        if (stepMs <= 0 || horizonMs <= 0 || threads < 1) {
            throw new IllegalArgumentException("horizonMs, stepMs and threads must be positive");
        }
        OrekitSetup.init();
        Grid grid = new Grid(epoch, horizonMs, stepMs);
        Frame teme = FramesFactory.getTEME();
        long[] sums = new long[sats.size()];
        runParallel(sats.size(), threads, () -> {
            double[] pv = new double[6];
            return i -> {
                SatelliteOrbit s = sats.get(i);
                double sum = 0;
                if (s instanceof SatelliteOrbit.Sgp4 sgp) {
                    TLEPropagator prop;
                    try {
                        prop = TLEPropagator.selectExtrapolator(sgp.tle(), teme);
                    } catch (RuntimeException e) {
                        throw failed("raw propagation", i, s, e);
                    }
                    try {
                        for (int k = 0; k < grid.size; k++) {
                            Vector3D p = prop.getPVCoordinates(grid.dates[k]).getPosition();
                            sum += p.getX() + p.getY() + p.getZ();
                        }
                    } catch (RuntimeException e) {
                        sum = -1;
                    }
                } else if (s instanceof SatelliteOrbit.HillOffset h) {
                    double off = grid.epochDate.durationFrom(h.reference().elementsEpoch());
                    double od = h.reference().raanRate();
                    double ud = h.reference().argLatRate();
                    for (int k = 0; k < grid.size; k++) {
                        h.positionVelocity(off + grid.timesMs[k] / 1000.0, od, ud, pv);
                        sum += pv[0] + pv[1] + pv[2];
                    }
                } else {
                    SatelliteOrbit.CircularJ2 c = (SatelliteOrbit.CircularJ2) s;
                    double off = grid.epochDate.durationFrom(c.elementsEpoch());
                    double od = c.raanRate();
                    double ud = c.argLatRate();
                    for (int k = 0; k < grid.size; k++) {
                        c.positionVelocity(off + grid.timesMs[k] / 1000.0, od, ud, pv);
                        sum += pv[0] + pv[1] + pv[2];
                    }
                }
                sums[i] = (long) sum;
            };
        });
        long total = 0;
        for (long v : sums) {
            total = total * 31 + v;
        }
        return total;
    }

    /**
     * The error for a satellite whose physics failed. {@link Satellites#load} rejects TLEs that SGP4 cannot
     * propagate, so this is reached only for satellites built another way or by an Orekit failure the
     * load-time check did not foresee; the message names the satellite instead of leaking an Orekit trace.
     */
    private static IllegalStateException failed(String constellationName, int index, SatelliteOrbit s, RuntimeException e) {
        String what = s instanceof SatelliteOrbit.Sgp4 sgp ? " (catalogue " + sgp.tle().getSatelliteNumber() + ")" : "";
        return new IllegalStateException(constellationName + ": satellite " + s.name() + what + " (index " + index
                + ") cannot be propagated: " + e.getMessage(), e);
    }

    // ------------------------------------------------------------------ parallel driver

    interface Task {
        void run(int index);
    }

    interface TaskFactory {
        Task create();
    }

    /** Runs tasks 0..n-1 on up to {@code threads} threads, one {@link Task} per thread (package use). */
    static void runParallel(int n, int threads, TaskFactory factory) {
        int workers = Math.max(1, Math.min(threads, n));
        if (workers == 1) {
            Task t = factory.create();
            for (int i = 0; i < n; i++) {
                t.run(i);
            }
            return;
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread th = new Thread(r, "skygrid-physics");
            th.setDaemon(true);
            return th;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                futures.add(pool.submit(() -> {
                    Task t = factory.create();
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        t.run(i);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("physics interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ shared data

    /** Grid instants: k x step, and the horizon as last instant. */
    static final class Grid {
        final AbsoluteDate epochDate;
        final long[] timesMs;
        final AbsoluteDate[] dates;
        final int size;
        final long horizonMs;

        Grid(Instant epoch, long horizonMs, long stepMs) {
            this.epochDate = new AbsoluteDate(epoch, TimeScalesFactory.getUTC());
            this.horizonMs = horizonMs;
            int n = (int) ((horizonMs + stepMs - 1) / stepMs) + 1;
            timesMs = new long[n];
            dates = new AbsoluteDate[n];
            for (int k = 0; k < n; k++) {
                timesMs[k] = Math.min(k * stepMs, horizonMs);
                dates[k] = epochDate.shiftedBy(timesMs[k] / 1000.0);
            }
            size = n;
        }
    }

    /**
     * Sun position and inertial-to-ITRF rotation per grid instant, for one inertial frame. Orekit's
     * frame transforms (precession-nutation series) and Sun are evaluated exactly only at nodes every
     * {@link #NODE_STEP_MS} ms; at grid instants in between the rotation is the node's followed by the
     * Earth rotation about the ITRF z axis (the neglected precession-nutation drift over 10 min is
     * below 1e-8 rad, 0.1 m at LEO radius) and the Sun is interpolated linearly (error ~1e-9 rad).
     * With {@link EarthShape#WGS84} the Sun is stored stretched by {@link #POLAR_STRETCH} along the pole
     * (the third row of the rotation: the ITRF z axis in this frame), ready for the shadow test.
     */
    static final class FrameData {
        final Frame frame;
        final double[] sun;   // 3 per instant, m
        final double[] rot;   // 9 per instant, row-major, ITRF = M x inertial
        final double stretch; // POLAR_STRETCH - 1 for WGS84, 0 for the sphere

        FrameData(Frame frame, Grid grid, EarthShape shape) {
            this.stretch = shape == EarthShape.WGS84 ? POLAR_STRETCH - 1 : 0;
            this.frame = frame;
            Frame itrf = FramesFactory.getITRF(IERSConventions.IERS_2010, true);
            int nodes = (int) ((grid.horizonMs + NODE_STEP_MS - 1) / NODE_STEP_MS) + 1;
            double[] nodeSun = new double[3 * nodes];
            double[] nodeRot = new double[9 * nodes];
            for (int j = 0; j < nodes; j++) {
                AbsoluteDate date = grid.epochDate.shiftedBy(j * (NODE_STEP_MS / 1000.0));
                Vector3D s = SunPosition.position(date, frame);
                nodeSun[3 * j] = s.getX();
                nodeSun[3 * j + 1] = s.getY();
                nodeSun[3 * j + 2] = s.getZ();
                double[][] m = frame.getStaticTransformTo(itrf, date).getRotation().getMatrix();
                for (int r = 0; r < 3; r++) {
                    for (int c = 0; c < 3; c++) {
                        nodeRot[9 * j + 3 * r + c] = m[r][c];
                    }
                }
            }
            sun = new double[3 * grid.size];
            rot = new double[9 * grid.size];
            for (int k = 0; k < grid.size; k++) {
                long t = grid.timesMs[k];
                int j = (int) Math.min(nodes - 2, t / NODE_STEP_MS);
                long dt = t - j * NODE_STEP_MS;
                double f = dt / (double) NODE_STEP_MS;
                for (int c = 0; c < 3; c++) {
                    sun[3 * k + c] = nodeSun[3 * j + c] + f * (nodeSun[3 * j + 3 + c] - nodeSun[3 * j + c]);
                }
                double th = EARTH_ROTATION_RAD_S * dt / 1000.0;
                double cs = Math.cos(th), sn = Math.sin(th);
                int o = 9 * j;
                for (int c = 0; c < 3; c++) {
                    double r0 = nodeRot[o + c], r1 = nodeRot[o + 3 + c], r2 = nodeRot[o + 6 + c];
                    rot[9 * k + c] = cs * r0 + sn * r1;
                    rot[9 * k + 3 + c] = -sn * r0 + cs * r1;
                    rot[9 * k + 6 + c] = r2;
                }
                if (stretch != 0) {
                    int b = 3 * k, o6 = 9 * k + 6;
                    double along = stretch * (sun[b] * rot[o6] + sun[b + 1] * rot[o6 + 1] + sun[b + 2] * rot[o6 + 2]);
                    for (int c = 0; c < 3; c++) {
                        sun[b + c] += along * rot[o6 + c];
                    }
                }
            }
        }
    }

    /** Station positions and up vectors in ITRF. */
    static final class Stations {
        final int n;
        final double[] pos;    // 3 per station, m
        final double[] up;     // 3 per station, unit geodetic zenith
        final double[] unit;   // 3 per station, unit geocentric direction
        final double sinMask;
        final double maskRad;

        Stations(List<GroundStation> list, double minElevationDeg) {
            n = list.size();
            pos = new double[3 * n];
            up = new double[3 * n];
            unit = new double[3 * n];
            maskRad = Math.toRadians(minElevationDeg);
            sinMask = Math.sin(maskRad);
            double e2 = WGS84_F * (2 - WGS84_F);
            for (int s = 0; s < n; s++) {
                GroundStation g = list.get(s);
                double lat = Math.toRadians(g.latitudeDeg());
                double lon = Math.toRadians(g.longitudeDeg());
                double sl = Math.sin(lat), cl = Math.cos(lat);
                double nRad = WGS84_A / Math.sqrt(1 - e2 * sl * sl);
                double x = (nRad + g.altitudeM()) * cl * Math.cos(lon);
                double y = (nRad + g.altitudeM()) * cl * Math.sin(lon);
                double z = (nRad * (1 - e2) + g.altitudeM()) * sl;
                pos[3 * s] = x;
                pos[3 * s + 1] = y;
                pos[3 * s + 2] = z;
                up[3 * s] = cl * Math.cos(lon);
                up[3 * s + 1] = cl * Math.sin(lon);
                up[3 * s + 2] = sl;
                double r = Math.sqrt(x * x + y * y + z * z);
                unit[3 * s] = x / r;
                unit[3 * s + 1] = y / r;
                unit[3 * s + 2] = z / r;
            }
        }
    }

    // ------------------------------------------------------------------ per-satellite work

    /** Scratch space and algorithms for one satellite at a time; owned by one thread. */
    static final class SatelliteWorker {
        private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
        private final Grid grid;
        private final Stations st;
        private final double[] p;      // 3 per instant, inertial, m
        private final double[] v;      // 3 per instant, inertial, m/s
        private final double[] q;      // 3 per instant, ITRF, m
        private final double[] tmp = new double[6];
        private final double[] tmp2 = new double[3];
        /** Stretched grid position of {@link #shadowAtGrid} (tmp2 may hold a caller's interpolated position). */
        private final double[] tmp3 = new double[3];
        private FrameData fd;
        private int valid;             // instants [0, valid) propagated successfully
        private long decayMs;          // Decay.NEVER, or grid.timesMs[valid]
        // sunlight result
        private long[] chg = new long[64];
        private byte[] sts = new byte[65];
        private int nChg;
        // contacts result
        private long[] aos = new long[64];
        private long[] los = new long[64];
        private int[] sta = new int[64];
        private double[] maxEl = new double[64];
        private int nWin;
        private SunlightTimeline sunResult;
        private ContactWindows contactResult;

        SatelliteWorker(Grid grid, Stations st) {
            this.grid = grid;
            this.st = st;
            p = new double[3 * grid.size];
            v = new double[3 * grid.size];
            q = new double[3 * grid.size];
        }

        SunlightTimeline sunlight() {
            return sunResult;
        }

        ContactWindows contacts() {
            return contactResult;
        }

        void run(SatelliteOrbit sat, FrameData frameData) {
            this.fd = frameData;
            propagate(sat);
            toItrf();
            computeSunlight();
            contactsAll();
        }

        /**
         * Propagates SGP4 to grid instant k into p, v.
         *
         * @return false if the satellite has decayed there ({@link Decay#decayed}, TEME: z along the pole)
         */
        private boolean store(TLEPropagator prop, int k) {
            PVCoordinates pv;
            try {
                pv = prop.getPVCoordinates(grid.dates[k]);
            } catch (RuntimeException e) {
                return false;
            }
            Vector3D a = pv.getPosition();
            Vector3D b = pv.getVelocity();
            if (Decay.decayed(a.getX(), a.getY(), a.getZ())
                    || !(Double.isFinite(b.getX()) && Double.isFinite(b.getY()) && Double.isFinite(b.getZ()))) {
                return false;
            }
            p[3 * k] = a.getX();
            p[3 * k + 1] = a.getY();
            p[3 * k + 2] = a.getZ();
            v[3 * k] = b.getX();
            v[3 * k + 1] = b.getY();
            v[3 * k + 2] = b.getZ();
            return true;
        }

        private void propagate(SatelliteOrbit sat) {
            valid = grid.size;
            decayMs = Decay.NEVER;
            if (sat instanceof SatelliteOrbit.Sgp4 sgp) {
                TLEPropagator prop = TLEPropagator.selectExtrapolator(sgp.tle(), fd.frame);
                int last = grid.size - 1;
                for (int k = 0; k < grid.size; k++) {
                    if ((k & 1) == 1 && k != last) {
                        continue;
                    }
                    if (!store(prop, k)) {
                        // decayed at k, or already at the 30 s instant before it (as Decay.find decides)
                        valid = k == 0 ? 0 : (k & 1) == 0 && store(prop, k - 1) ? k : k - 1;
                        fillOdd(valid); // an odd valid - 1 was propagated by store above
                        decayMs = grid.timesMs[valid] < grid.horizonMs ? grid.timesMs[valid] : Decay.NEVER;
                        return;
                    }
                }
                fillOdd(valid);
            } else if (sat instanceof SatelliteOrbit.HillOffset h) {
                double off = grid.epochDate.durationFrom(h.reference().elementsEpoch());
                double od = h.reference().raanRate();
                double ud = h.reference().argLatRate();
                for (int k = 0; k < grid.size; k++) {
                    h.positionVelocity(off + grid.timesMs[k] / 1000.0, od, ud, tmp);
                    System.arraycopy(tmp, 0, p, 3 * k, 3);
                    System.arraycopy(tmp, 3, v, 3 * k, 3);
                }
            } else {
                SatelliteOrbit.CircularJ2 c = (SatelliteOrbit.CircularJ2) sat;
                double off = grid.epochDate.durationFrom(c.elementsEpoch());
                double od = c.raanRate();
                double ud = c.argLatRate();
                for (int k = 0; k < grid.size; k++) {
                    c.positionVelocity(off + grid.timesMs[k] / 1000.0, od, ud, tmp);
                    System.arraycopy(tmp, 0, p, 3 * k, 3);
                    System.arraycopy(tmp, 3, v, 3 * k, 3);
                }
            }
        }

        /**
         * Fills odd grid instants below {@code limit} (except the last instant, always propagated) from
         * their even neighbours: value and derivative of the cubic Hermite interpolant over 2 grid steps.
         */
        private void fillOdd(int limit) {
            for (int k = 1; k + 1 < limit; k += 2) {
                long ta = grid.timesMs[k - 1];
                double h = (grid.timesMs[k + 1] - ta) / 1000.0;
                double s = (grid.timesMs[k] - ta) / 1000.0 / h;
                double s2 = s * s, s3 = s2 * s;
                double h00 = 2 * s3 - 3 * s2 + 1, h10 = (s3 - 2 * s2 + s) * h, h01 = -2 * s3 + 3 * s2, h11 = (s3 - s2) * h;
                double d00 = (6 * s2 - 6 * s) / h, d10 = 3 * s2 - 4 * s + 1, d01 = (-6 * s2 + 6 * s) / h, d11 = 3 * s2 - 2 * s;
                int a = 3 * (k - 1), b = 3 * (k + 1), o = 3 * k;
                for (int c = 0; c < 3; c++) {
                    p[o + c] = h00 * p[a + c] + h10 * v[a + c] + h01 * p[b + c] + h11 * v[b + c];
                    v[o + c] = d00 * p[a + c] + d10 * v[a + c] + d01 * p[b + c] + d11 * v[b + c];
                }
            }
        }

        private void toItrf() {
            double[] m = fd.rot;
            for (int k = 0; k < valid; k++) {
                int o = 9 * k;
                double x = p[3 * k], y = p[3 * k + 1], z = p[3 * k + 2];
                q[3 * k] = m[o] * x + m[o + 1] * y + m[o + 2] * z;
                q[3 * k + 1] = m[o + 3] * x + m[o + 4] * y + m[o + 5] * z;
                q[3 * k + 2] = m[o + 6] * x + m[o + 7] * y + m[o + 8] * z;
            }
        }

        /** Inertial position at {@code tMs} within grid interval [k, k+1], cubic Hermite, into out[0..2]. */
        private void interpolate(int k, long tMs, double[] out) {
            long ta = grid.timesMs[k];
            double h = (grid.timesMs[k + 1] - ta) / 1000.0;
            double s = (tMs - ta) / 1000.0 / h;
            double s2 = s * s, s3 = s2 * s;
            double h00 = 2 * s3 - 3 * s2 + 1, h10 = (s3 - 2 * s2 + s) * h, h01 = -2 * s3 + 3 * s2, h11 = (s3 - s2) * h;
            int a = 3 * k, b = 3 * k + 3;
            for (int c = 0; c < 3; c++) {
                out[c] = h00 * p[a + c] + h10 * v[a + c] + h01 * p[b + c] + h11 * v[b + c];
            }
        }

        // ---------------- sunlight

        /**
         * Shadow functions at an inertial position and Sun position (same frame), sign-equivalent to the
         * angular conditions but free of inverse trigonometry: with theta the angle between the apparent
         * centres and a_E, a_S the apparent radii, out[0] = cos(a_E + a_S) - cos(theta) (&lt; 0 in penumbra
         * or umbra) and out[1] = cos(a_E - a_S) - cos(theta) (&lt; 0 in umbra); cos is monotonic on [0, pi].
         */
        private static void shadow(double x, double y, double z, double sx, double sy, double sz, double[] out) {
            double r2 = x * x + y * y + z * z;
            if (x * sx + y * sy + z * sz >= 0 && r2 > DAY_SIDE_MIN_R2) {
                // day side: theta >= ~90 deg > a_E + a_S, the Earth cannot hide the Sun
                out[0] = 1;
                out[1] = 1;
                return;
            }
            double r = Math.sqrt(r2);
            double dx = sx - x, dy = sy - y, dz = sz - z;
            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
            double cosTheta = -(dx * x + dy * y + dz * z) / (d * r);
            double sE = Math.min(1, EARTH_SHADOW_RADIUS_M / r);
            double cE = Math.sqrt(1 - sE * sE);
            double sS = Math.min(1, SUN_RADIUS_M / d);
            double cS = Math.sqrt(1 - sS * sS);
            out[0] = (cE * cS - sE * sS) - cosTheta;
            out[1] = (cE * cS + sE * sS) - cosTheta;
        }

        private void shadowAt(int k, long tMs, double[] out) {
            interpolate(k, tMs, tmp2);
            double f = (tMs - grid.timesMs[k]) / (double) (grid.timesMs[k + 1] - grid.timesMs[k]);
            double[] s = fd.sun;
            int a = 3 * k, b = 3 * k + 3;
            // the pole moves by < 1e-9 rad over a grid step: that of instant k serves the interval
            stretch(k, tmp2[0], tmp2[1], tmp2[2], tmp2);
            shadow(tmp2[0], tmp2[1], tmp2[2], s[a] + f * (s[b] - s[a]), s[a + 1] + f * (s[b + 1] - s[a + 1]),
                    s[a + 2] + f * (s[b + 2] - s[a + 2]), out);
        }

        /** Shadow functions at grid instant k (stretched along the pole for the ellipsoid). */
        private void shadowAtGrid(int k, double[] out) {
            int b = 3 * k;
            stretch(k, p[b], p[b + 1], p[b + 2], tmp3);
            double[] s = fd.sun;
            shadow(tmp3[0], tmp3[1], tmp3[2], s[b], s[b + 1], s[b + 2], out);
        }

        /**
         * Position (x, y, z) stretched by a/b along the pole of grid instant k (the ellipsoid becomes a sphere of
         * radius a), into {@code out[0..2]}; unchanged for the spherical Earth.
         */
        private void stretch(int k, double x, double y, double z, double[] out) {
            if (fd.stretch != 0) {
                double[] m = fd.rot;
                int o = 9 * k + 6;
                double along = fd.stretch * (x * m[o] + y * m[o + 1] + z * m[o + 2]);
                x += along * m[o];
                y += along * m[o + 1];
                z += along * m[o + 2];
            }
            out[0] = x;
            out[1] = y;
            out[2] = z;
        }

        private static byte state(boolean penNeg, boolean umbNeg) {
            return umbNeg ? SunlightTimeline.UMBRA : penNeg ? SunlightTimeline.PENUMBRA : SunlightTimeline.SUNLIT;
        }

        private void addChange(long t, byte s) {
            if (t <= 0 || t >= grid.horizonMs) {
                if (t <= 0) {
                    sts[0] = s;
                }
                return;
            }
            if (nChg > 0 && t <= chg[nChg - 1]) {
                sts[nChg] = s;
                if (sts[nChg] == sts[nChg - 1]) {
                    nChg--;
                }
                return;
            }
            if (s == sts[nChg]) {
                return;
            }
            if (nChg == chg.length) {
                chg = Arrays.copyOf(chg, 2 * nChg);
                sts = Arrays.copyOf(sts, 2 * nChg + 1);
            }
            chg[nChg++] = t;
            sts[nChg] = s;
        }

        private void computeSunlight() {
            nChg = 0;
            double[] g = new double[2];
            if (valid == 0) {
                sts[0] = SunlightTimeline.UMBRA;
                sunResult = new SunlightTimeline(new long[0], new byte[] {SunlightTimeline.UMBRA}, grid.horizonMs, decayMs);
                return;
            }
            double[] s = fd.sun;
            shadowAtGrid(0, g);
            boolean pen = g[0] < 0, umb = g[1] < 0;
            sts[0] = state(pen, umb);
            for (int k = 0; k + 1 < valid; k++) {
                shadowAtGrid(k + 1, g);
                boolean pen1 = g[0] < 0, umb1 = g[1] < 0;
                if (pen1 != pen || umb1 != umb) {
                    long tp = pen1 != pen ? bisectShadow(k, 0, pen) : Long.MAX_VALUE;
                    long tu = umb1 != umb ? bisectShadow(k, 1, umb) : Long.MAX_VALUE;
                    if (tp <= tu) {
                        addChange(tp, state(pen1, umb));
                        if (tu != Long.MAX_VALUE) {
                            addChange(tu, state(pen1, umb1));
                        }
                    } else {
                        addChange(tu, state(pen, umb1));
                        if (tp != Long.MAX_VALUE) {
                            addChange(tp, state(pen1, umb1));
                        }
                    }
                    pen = pen1;
                    umb = umb1;
                }
            }
            if (valid < grid.size) {
                addChange(grid.timesMs[valid], SunlightTimeline.UMBRA);
            }
            sunResult = new SunlightTimeline(Arrays.copyOf(chg, nChg), Arrays.copyOf(sts, nChg + 1), grid.horizonMs,
                    decayMs);
        }

        private long bisectShadow(int k, int which, boolean neg0) {
            double[] g = new double[2];
            return root(k, t -> {
                shadowAt(k, t, g);
                return g[which];
            });
        }

        /** A function of time in ms. */
        private interface Fn {
            double at(long tMs);
        }

        /**
         * First ms t in (t_k, t_k+1] at which {@code f(t) > 0} differs from {@code f(t_k) > 0}, to
         * {@link #TOLERANCE_MS} (the returned instant is on the new side, the one {@link #TOLERANCE_MS}
         * before it on the old side). Illinois (modified regula falsi) steps on the smooth function, each
         * followed by a probe {@link #TOLERANCE_MS} further that closes the bracket as soon as the
         * estimate is that close; bisection finishes whatever bracket is left.
         */
        private long root(int k, Fn f) {
            long lo = grid.timesMs[k], hi = grid.timesMs[k + 1];
            double flo = f.at(lo), fhi = f.at(hi);
            boolean side0 = flo > 0;
            if ((fhi > 0) == side0) {
                // interpolated end values disagree with the grid classification (guard only)
                return hi;
            }
            int last = 0;
            for (int it = 0; it < 8 && hi - lo > TOLERANCE_MS; it++) {
                long t = lo + Math.round((hi - lo) * (flo / (flo - fhi)));
                if (t <= lo) {
                    t = lo + TOLERANCE_MS;
                } else if (t >= hi) {
                    t = hi - TOLERANCE_MS;
                }
                double ft = f.at(t);
                if ((ft > 0) == side0) {
                    lo = t;
                    flo = ft;
                    if (last == -1) {
                        fhi /= 2;
                    }
                    last = -1;
                    if (hi - lo > TOLERANCE_MS) {
                        long t2 = lo + TOLERANCE_MS;
                        double f2 = f.at(t2);
                        if ((f2 > 0) != side0) {
                            hi = t2;
                            fhi = f2;
                        } else {
                            lo = t2;
                            flo = f2;
                        }
                    }
                } else {
                    hi = t;
                    fhi = ft;
                    if (last == 1) {
                        flo /= 2;
                    }
                    last = 1;
                    if (hi - lo > TOLERANCE_MS) {
                        long t2 = hi - TOLERANCE_MS;
                        double f2 = f.at(t2);
                        if ((f2 > 0) == side0) {
                            lo = t2;
                            flo = f2;
                        } else {
                            hi = t2;
                            fhi = f2;
                        }
                    }
                }
            }
            while (hi - lo > TOLERANCE_MS) {
                long mid = (lo + hi) >>> 1;
                if ((f.at(mid) > 0) == side0) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            return hi;
        }

        // ---------------- contacts

        /** sin(elevation) - sin(mask) of station s for ITRF position (x, y, z). */
        private double elevFn(int s, double x, double y, double z) {
            double dx = x - st.pos[3 * s], dy = y - st.pos[3 * s + 1], dz = z - st.pos[3 * s + 2];
            double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
            return (dx * st.up[3 * s] + dy * st.up[3 * s + 1] + dz * st.up[3 * s + 2]) / d - st.sinMask;
        }

        /** ITRF position at tMs in grid interval [k, k+1] into tmp2. */
        private void itrfAt(int k, long tMs) {
            interpolate(k, tMs, tmp2);
            double[] m = fd.rot;
            int o = 9 * k;
            double x = tmp2[0], y = tmp2[1], z = tmp2[2];
            double qx = m[o] * x + m[o + 1] * y + m[o + 2] * z;
            double qy = m[o + 3] * x + m[o + 4] * y + m[o + 5] * z;
            double qz = m[o + 6] * x + m[o + 7] * y + m[o + 8] * z;
            double th = EARTH_ROTATION_RAD_S * (tMs - grid.timesMs[k]) / 1000.0;
            // |th| <= 2.2e-3 rad: the truncated series are exact to double precision
            double th2 = th * th;
            double c = 1 - th2 / 2 + th2 * th2 / 24;
            double sn = th * (1 - th2 / 6 + th2 * th2 / 120);
            tmp2[0] = c * qx + sn * qy;
            tmp2[1] = -sn * qx + c * qy;
            tmp2[2] = qz;
        }

        private double elevFnAt(int s, int k, long tMs) {
            itrfAt(k, tMs);
            return elevFn(s, tmp2[0], tmp2[1], tmp2[2]);
        }

        private void contactsAll() {
            nWin = 0;
            if (valid > 0 && st.n > 0) {
                double rMax = 0, rMin = Double.MAX_VALUE, hMax = 0;
                for (int k = 0; k < valid; k++) {
                    double x = p[3 * k], y = p[3 * k + 1], z = p[3 * k + 2];
                    double r = Math.sqrt(x * x + y * y + z * z);
                    rMax = Math.max(rMax, r);
                    rMin = Math.min(rMin, r);
                    double vx = v[3 * k], vy = v[3 * k + 1], vz = v[3 * k + 2];
                    double hx = y * vz - z * vy, hy = z * vx - x * vz, hz = x * vy - y * vx;
                    hMax = Math.max(hMax, Math.sqrt(hx * hx + hy * hy + hz * hz));
                }
                // largest central angle at which the satellite can be above the mask (conservative:
                // lowest station radius, highest satellite, mask lowered by the geodetic/geocentric
                // vertical difference), and fastest motion of the sub-satellite direction in ITRF
                double rsMin = 6.350e6;
                double el = st.maskRad - Math.toRadians(0.5);
                double ratio = Math.min(1, rsMin * Math.cos(el) / (rMax * 1.01 + 10e3));
                double lambdaMax = Math.acos(ratio) - el + Math.toRadians(0.5);
                double rate = 1.05 * hMax / (0.99 * rMin * 0.99 * rMin) + EARTH_ROTATION_RAD_S;
                for (int s = 0; s < st.n; s++) {
                    station(s, lambdaMax, rate);
                }
            }
            sortWindows();
            contactResult = new ContactWindows(Arrays.copyOf(aos, nWin), Arrays.copyOf(los, nWin),
                    Arrays.copyOf(sta, nWin), Arrays.copyOf(maxEl, nWin));
        }

        private void station(int s, double lambdaMax, double rate) {
            double ux = st.unit[3 * s], uy = st.unit[3 * s + 1], uz = st.unit[3 * s + 2];
            double stepRate = rate * (GRID_STEP_MS / 1000.0);
            double cosLambdaMax = Math.cos(lambdaMax);
            boolean in = false;
            long open = 0;
            double best = -2;
            int bestK = 0;
            int k = 0;
            while (k < valid) {
                double x = q[3 * k], y = q[3 * k + 1], z = q[3 * k + 2];
                double r = Math.sqrt(x * x + y * y + z * z);
                double cosC = (x * ux + y * uy + z * uz) / r;
                double g;
                int next = k + 1;
                if (cosC < cosLambdaMax) {
                    // too far to be above the mask at this instant or at the next `skip` ones; the
                    // chord sqrt(2 - 2 cos c) <= c is a cheap lower bound of the central angle c
                    double chord = Math.sqrt(2 - 2 * cosC);
                    long skip = chord > lambdaMax ? (long) ((chord - lambdaMax) / stepRate) : 0;
                    next = (int) Math.min(valid, k + 1 + skip);
                    g = -1;
                } else {
                    g = elevFn(s, x, y, z);
                }
                boolean above = g > 0;
                if (k == 0) {
                    if (above) {
                        in = true;
                        open = 0;
                        best = g;
                        bestK = 0;
                    }
                } else if (above != in) {
                    long t = crossing(s, k - 1, in);
                    if (above) {
                        in = true;
                        open = t;
                        best = g;
                        bestK = k;
                    } else {
                        in = false;
                        closeWindow(s, open, t, bestK);
                    }
                } else if (in && g > best) {
                    best = g;
                    bestK = k;
                }
                if (next > k + 1) {
                    // instants k+1 .. next-1 are below the mask: the next one examined is `next`, whose
                    // predecessor is then known to be below as well (in == false here)
                    k = next - 1;
                    if (k + 1 >= valid) {
                        break;
                    }
                }
                k++;
            }
            if (in) {
                long end = valid < grid.size ? grid.timesMs[valid] : grid.horizonMs;
                closeWindow(s, open, end, bestK);
            }
        }

        private long crossing(int s, int k, boolean above0) {
            return root(k, t -> elevFnAt(s, k, t));
        }

        private void closeWindow(int s, long open, long close, int bestK) {
            if (close <= open) {
                return;
            }
            // golden-section search of the elevation maximum in [t_bestK - step, t_bestK + step] within the window
            long a = Math.max(open, bestK > 0 ? grid.timesMs[bestK - 1] : 0);
            long b = Math.min(close, bestK + 1 < valid ? grid.timesMs[bestK + 1] : grid.timesMs[bestK]);
            double lo = a, hi = Math.max(a, b);
            double bestVal = -2;
            if (hi > lo) {
                double x1 = hi - GOLDEN * (hi - lo), x2 = lo + GOLDEN * (hi - lo);
                double f1 = elevAt(s, x1), f2 = elevAt(s, x2);
                for (int it = 0; it < 14 && hi - lo > 5; it++) {
                    if (f1 < f2) {
                        lo = x1;
                        x1 = x2;
                        f1 = f2;
                        x2 = lo + GOLDEN * (hi - lo);
                        f2 = elevAt(s, x2);
                    } else {
                        hi = x2;
                        x2 = x1;
                        f2 = f1;
                        x1 = hi - GOLDEN * (hi - lo);
                        f1 = elevAt(s, x1);
                    }
                }
                bestVal = Math.max(f1, f2);
            }
            if (bestK < valid) {
                bestVal = Math.max(bestVal, elevFn(s, q[3 * bestK], q[3 * bestK + 1], q[3 * bestK + 2]));
            }
            double maxElevation = Math.toDegrees(Math.asin(Math.max(-1, Math.min(1, bestVal + st.sinMask))));
            if (nWin == aos.length) {
                aos = Arrays.copyOf(aos, 2 * nWin);
                los = Arrays.copyOf(los, 2 * nWin);
                sta = Arrays.copyOf(sta, 2 * nWin);
                maxEl = Arrays.copyOf(maxEl, 2 * nWin);
            }
            aos[nWin] = open;
            los[nWin] = close;
            sta[nWin] = s;
            maxEl[nWin] = maxElevation;
            nWin++;
        }

        /** Elevation function at a time in ms (double), locating its grid interval. */
        private double elevAt(int s, double tMs) {
            long t = Math.round(tMs);
            int k = (int) Math.min(valid - 2, t / GRID_STEP_MS);
            if (k < 0) {
                return elevFn(s, q[0], q[1], q[2]);
            }
            return elevFnAt(s, k, t);
        }

        private void sortWindows() {
            Integer[] idx = new Integer[nWin];
            for (int i = 0; i < nWin; i++) {
                idx[i] = i;
            }
            Arrays.sort(idx, (x, y) -> aos[x] != aos[y] ? Long.compare(aos[x], aos[y]) : Integer.compare(sta[x], sta[y]));
            long[] a2 = new long[nWin], l2 = new long[nWin];
            int[] s2 = new int[nWin];
            double[] m2 = new double[nWin];
            for (int i = 0; i < nWin; i++) {
                a2[i] = aos[idx[i]];
                l2[i] = los[idx[i]];
                s2[i] = sta[idx[i]];
                m2[i] = maxEl[idx[i]];
            }
            System.arraycopy(a2, 0, aos, 0, nWin);
            System.arraycopy(l2, 0, los, 0, nWin);
            System.arraycopy(s2, 0, sta, 0, nWin);
            System.arraycopy(m2, 0, maxEl, 0, nWin);
        }
    }
}
