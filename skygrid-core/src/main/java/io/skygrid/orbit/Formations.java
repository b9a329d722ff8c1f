package io.skygrid.orbit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;

/**
 * Formation clusters in the style of Google's Suncatcher design ("Towards a future space-based, highly
 * scalable AI infrastructure system design", 2025: 81 satellites within a 1 km radius at 650 km in a
 * dawn-dusk sun-synchronous orbit), and the neighbour distances of any group of satellites over time.
 *
 * <p><b>Design.</b> The members sit on a hexagonal lattice (the N lattice points nearest the centre,
 * ordered by distance from it, then by angle; ties broken the same way every time) in the plane of the
 * Hill-Clohessy-Wiltshire "general circular orbit": spanned by {@code e1 = (1/2, 0, sqrt(3)/2)} and
 * {@code e2 = (0, 1, 0)} in the reference's Hill frame (x radial, y along-track, z cross-track). A member
 * at lattice coordinates (u, v), at distance {@code rho = hypot(u, v)} and phase {@code phi = atan2(u, v)},
 * flies the closed HCW orbit {@code x = rho/2 sin(theta + phi), y = rho cos(theta + phi),
 * z = sqrt(3)/2 rho sin(theta + phi)} ({@link SatelliteOrbit.HillOffset}): a circle of radius rho about
 * the reference, in that plane. All members turn together at the orbital rate, so in the HCW model the
 * lattice rotates rigidly once per orbit and every pairwise distance stays at its design value: no
 * member ever closes on another (Clohessy &amp; Wiltshire 1960; the circular relative orbit e.g. in
 * Alfriend et al., <i>Spacecraft Formation Flying</i>, 2010, ch. 5). The lattice spacing is the largest
 * that keeps every member within the formation radius; member 0 is the reference itself.
 */
public final class Formations {
    private static final double SQRT3 = Math.sqrt(3);

    /**
     * Smallest accepted distance between two formation members, m: about the span of one satellite. A
     * Starlink V2-mini is about 4 m by 2.7 m without its two 52 m^2 arrays (about 30 m tip to tip deployed);
     * Suncatcher's compute satellites are smaller, flying 100-200 m apart. Below 10 m two buses with arrays
     * would overlap, so a smaller separation is a mistake, not a design.
     */
    public static final double MIN_SEPARATION_M = 10.0;

    private Formations() {
    }

    /**
     * The {@code n} points of a unit-spacing hexagonal lattice nearest its centre.
     *
     * @param n number of points (&gt;= 1)
     * @return {@code 2n} coordinates (u0, v0, u1, v1, ...), unit spacing, ordered by distance from the
     *         centre then by angle in [0, 2 pi) from the v axis; the first point is the centre
     */
    public static double[] hexLattice(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be >= 1, got " + n);
        }
        int rings = 1;
        while (3 * rings * (rings + 1) + 1 < 2 * n) {
            rings++;
        }
        rings += 1;
        List<double[]> pts = new ArrayList<>();
        for (int i = -2 * rings; i <= 2 * rings; i++) {
            for (int j = -2 * rings; j <= 2 * rings; j++) {
                double u = i + 0.5 * j;
                double v = j * SQRT3 / 2;
                double r = Math.hypot(u, v);
                double ang = Math.atan2(u, v);
                if (ang < 0) {
                    ang += 2 * Math.PI;
                }
                // round to merge equal radii computed along different lattice directions
                pts.add(new double[] {Math.round(r * 1e9) / 1e9, Math.round(ang * 1e9) / 1e9, u, v});
            }
        }
        pts.sort((a, b) -> a[0] != b[0] ? Double.compare(a[0], b[0]) : Double.compare(a[1], b[1]));
        if (pts.size() < n) {
            throw new IllegalStateException("lattice too small");
        }
        double[] out = new double[2 * n];
        for (int k = 0; k < n; k++) {
            out[2 * k] = pts.get(k)[2];
            out[2 * k + 1] = pts.get(k)[3];
        }
        return out;
    }

    /** @return distance from the centre of the farthest of the {@code n} nearest unit-lattice points */
    public static double hexLatticeRadius(int n) {
        double[] p = hexLattice(n);
        return Math.hypot(p[2 * n - 2], p[2 * n - 1]);
    }

    /**
     * Lattice spacing of an {@code n}-member formation within {@code radiusM}: {@code radiusM} divided by
     * the unit radius of the outermost lattice point; for n = 1, {@code radiusM}.
     *
     * @param n       members
     * @param radiusM formation radius, m
     * @return spacing, m
     */
    public static double spacing(int n, double radiusM) {
        return n == 1 ? radiusM : radiusM / hexLatticeRadius(n);
    }

    /**
     * Why an {@code n}-member formation cannot fit in {@code radiusM} with members at least
     * {@code minSeparationM} apart, or null if it can.
     */
    public static String sizeProblem(int n, double radiusM, double minSeparationM) {
        double s = spacing(n, radiusM);
        if (n > 1 && s < minSeparationM) {
            double need = minSeparationM * hexLatticeRadius(n);
            return String.format(Locale.ROOT, "%,.0f m is too small for %,d satellites at least %,.0f m apart: the "
                            + "hexagonal lattice would space them %,.1f m apart; needs a radius of at least %,.0f m "
                            + "(or fewer satellites, or a smaller minSeparationM)", radiusM, n, minSeparationM, s,
                    Math.ceil(need));
        }
        return null;
    }

    /**
     * The members of a formation about a reference orbit (see the class comment).
     *
     * @param name           constellation name; members are named {@code <name>-p00-s00, -p00-s01, ...} (as the
     *                       satellites of a sun-synchronous ring)
     * @param reference      the chief orbit (member 0 flies it)
     * @param n              members (&gt;= 1)
     * @param radiusM        formation radius, m (&gt; 0)
     * @param minSeparationM smallest allowed member spacing, m (&gt; 0)
     * @return {@code n} {@link SatelliteOrbit.HillOffset}s
     * @throws IllegalArgumentException if the lattice spacing is below {@code minSeparationM}
     */
    public static List<SatelliteOrbit> design(String name, SatelliteOrbit.CircularJ2 reference, int n, double radiusM,
                                              double minSeparationM) {
        if (n < 1 || !(radiusM > 0) || !(minSeparationM > 0)) {
            throw new IllegalArgumentException("formation needs n >= 1, radiusM > 0 and minSeparationM > 0");
        }
        String problem = sizeProblem(n, radiusM, minSeparationM);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        double s = spacing(n, radiusM);
        double[] lattice = hexLattice(n);
        List<SatelliteOrbit> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            double u = lattice[2 * k] * s, v = lattice[2 * k + 1] * s;
            double rho = Math.hypot(u, v);
            double phi = rho == 0 ? 0 : Math.atan2(u, v);
            out.add(new SatelliteOrbit.HillOffset(String.format(Locale.ROOT, "%s-p00-s%02d", name, k), reference, rho / 2, 0,
                    SQRT3 / 2 * rho, phi, phi));
        }
        return out;
    }

    /**
     * Neighbour distances of a group of satellites over a time span.
     *
     * @param names          satellite names
     * @param stepS          sampling step, s
     * @param samples        number of instants sampled (0, step, 2 step, ...)
     * @param nearestMinM    per satellite, smallest distance to its nearest neighbour over the span, m
     * @param nearestMeanM   per satellite, mean over the instants of the nearest-neighbour distance, m
     * @param nearestMaxM    per satellite, largest nearest-neighbour distance over the span, m
     * @param minPairM       smallest distance between any two satellites at any instant (collision check), m
     * @param minPairA       first satellite of that pair (index)
     * @param minPairB       second satellite of that pair (index)
     * @param minPairTimeS   instant of it, s after the start
     * @param maxRadiusM     largest distance of a satellite from the group's centroid at any instant, m
     * @param maxDiameterM   largest distance between two satellites at any instant, m
     */
    public record NeighbourStats(List<String> names, double stepS, int samples, double[] nearestMinM,
                                 double[] nearestMeanM, double[] nearestMaxM, double minPairM, int minPairA,
                                 int minPairB, double minPairTimeS, double maxRadiusM, double maxDiameterM) {
    }

    /**
     * Nearest-neighbour distances, the closest approach of any pair and the extent of a group of
     * satellites (a formation, or any few hundred satellites: O(n^2) per instant), sampled every
     * {@code stepS} over {@code durationS} from {@code epoch}, in the satellites' inertial frame (EME2000
     * for designed orbits, TEME for TLEs; all satellites must be of one kind).
     *
     * @param sats      satellites (&gt;= 2)
     * @param epoch     start instant
     * @param durationS span, s (&gt; 0); e.g. one orbital period, {@link #period(SatelliteOrbit)}
     * @param stepS     step, s (&gt; 0)
     * @return the statistics
     */
    public static NeighbourStats neighbours(List<SatelliteOrbit> sats, Instant epoch, double durationS, double stepS) {
        int n = sats.size();
        if (n < 2) {
            throw new IllegalArgumentException("neighbour distances need at least 2 satellites, got " + n);
        }
        if (!(durationS > 0) || !(stepS > 0)) {
            throw new IllegalArgumentException("durationS and stepS must be > 0");
        }
        int samples = (int) Math.floor(durationS / stepS + 1e-9) + 1;
        long stepMs = Math.round(stepS * 1000);
        PositionSampler sampler = new PositionSampler(sats, epoch);
        return neighbours(sats, samples, stepMs, (k, out) -> sampler.positions(k * stepMs, out));
    }

    /** Positions of all satellites at sample k into out (3 per satellite). */
    private interface Positions {
        void at(int k, double[] out);
    }

    /** Force model of {@link #neighboursNumerical}. */
    public enum Model {
        /** Central gravity only (Keplerian two-body). */
        TWO_BODY,
        /** Central gravity plus the J2 zonal term ({@link SatelliteOrbit.CircularJ2#J2}) about the ITRF pole. */
        J2
    }

    /**
     * The same statistics as {@link #neighbours} from a numerical propagation of every satellite's absolute
     * orbit, started from the state the designed model gives at {@code epoch}: Orekit's
     * {@code NumericalPropagator} in Cartesian coordinates with a fixed-step classical Runge-Kutta
     * integrator at {@code stepS} (error of order (n h)^4 per orbit, centimetres at 10 s in LEO, and
     * nearly the same for neighbouring satellites), under central gravity ({@link SatelliteOrbit.CircularJ2#MU})
     * and optionally J2 (Orekit {@code J2OnlyPerturbation}). This shows what the linear HCW design leaves
     * out: second-order relative motion, and with J2 the differential nodal and apsidal drift between members.
     *
     * @param sats      designed satellites (all {@link SatelliteOrbit.CircularJ2} or {@link SatelliteOrbit.HillOffset})
     * @param epoch     start instant
     * @param durationS span, s
     * @param stepS     step, s
     * @param model     force model
     * @return the statistics
     */
    public static NeighbourStats neighboursNumerical(List<SatelliteOrbit> sats, Instant epoch, double durationS,
                                                     double stepS, Model model) {
        int n = sats.size();
        if (n < 2) {
            throw new IllegalArgumentException("neighbour distances need at least 2 satellites, got " + n);
        }
        if (!(durationS > 0) || !(stepS > 0)) {
            throw new IllegalArgumentException("durationS and stepS must be > 0");
        }
        OrekitSetup.init();
        int samples = (int) Math.floor(durationS / stepS + 1e-9) + 1;
        long stepMs = Math.round(stepS * 1000);
        AbsoluteDate start = date(epoch);
        org.orekit.frames.Frame eme = org.orekit.frames.FramesFactory.getEME2000();
        org.orekit.frames.Frame itrf = org.orekit.frames.FramesFactory.getITRF(org.orekit.utils.IERSConventions.IERS_2010, true);
        PositionSampler sampler = new PositionSampler(sats, epoch);
        if (sampler.frame() != eme) {
            throw new IllegalArgumentException("numerical neighbour distances are for designed satellites, not TLEs");
        }
        org.orekit.propagation.numerical.NumericalPropagator[] props = new org.orekit.propagation.numerical.NumericalPropagator[n];
        double[] pv = new double[6];
        for (int i = 0; i < n; i++) {
            SatelliteOrbit s = sats.get(i);
            double off = offsetSeconds(start, s);
            if (s instanceof SatelliteOrbit.HillOffset h) {
                h.positionVelocity(off, pv);
            } else {
                ((SatelliteOrbit.CircularJ2) s).positionVelocity(off, pv);
            }
            org.orekit.orbits.CartesianOrbit orbit = new org.orekit.orbits.CartesianOrbit(new org.orekit.utils.PVCoordinates(
                    new org.hipparchus.geometry.euclidean.threed.Vector3D(pv[0], pv[1], pv[2]),
                    new org.hipparchus.geometry.euclidean.threed.Vector3D(pv[3], pv[4], pv[5])), eme, start,
                    SatelliteOrbit.CircularJ2.MU);
            org.orekit.propagation.numerical.NumericalPropagator p = new org.orekit.propagation.numerical.NumericalPropagator(
                    new org.hipparchus.ode.nonstiff.ClassicalRungeKuttaIntegrator(stepS));
            p.setOrbitType(org.orekit.orbits.OrbitType.CARTESIAN);
            p.setInitialState(new org.orekit.propagation.SpacecraftState(orbit));
            if (model == Model.J2) {
                p.addForceModel(new org.orekit.forces.gravity.J2OnlyPerturbation(SatelliteOrbit.CircularJ2.MU,
                        SatelliteOrbit.CircularJ2.EQUATORIAL_RADIUS, SatelliteOrbit.CircularJ2.J2, itrf));
            }
            props[i] = p;
        }
        return neighbours(sats, samples, stepMs, (k, out) -> {
            AbsoluteDate d = start.shiftedBy(k * stepMs / 1000.0);
            for (int i = 0; i < n; i++) {
                org.orekit.propagation.SpacecraftState st = k == 0 ? props[i].getInitialState() : props[i].propagate(d);
                if (k > 0) {
                    props[i].resetInitialState(st);
                }
                org.hipparchus.geometry.euclidean.threed.Vector3D p = st.getPosition();
                out[3 * i] = p.getX();
                out[3 * i + 1] = p.getY();
                out[3 * i + 2] = p.getZ();
            }
        });
    }

    private static NeighbourStats neighbours(List<SatelliteOrbit> sats, int samples, long stepMs, Positions positions) {
        int n = sats.size();
        double[] min = new double[n], max = new double[n], sum = new double[n];
        Arrays.fill(min, Double.MAX_VALUE);
        double minPair = Double.MAX_VALUE, minPairT = 0, maxR = 0, maxD = 0;
        int pa = 0, pb = 1;
        double[] pos = new double[3 * n];
        double[] nearest = new double[n];
        for (int k = 0; k < samples; k++) {
            positions.at(k, pos);
            Arrays.fill(nearest, Double.MAX_VALUE);
            double cx = 0, cy = 0, cz = 0;
            for (int i = 0; i < n; i++) {
                double xi = pos[3 * i], yi = pos[3 * i + 1], zi = pos[3 * i + 2];
                cx += xi;
                cy += yi;
                cz += zi;
                for (int j = i + 1; j < n; j++) {
                    double dx = pos[3 * j] - xi, dy = pos[3 * j + 1] - yi, dz = pos[3 * j + 2] - zi;
                    double d2 = dx * dx + dy * dy + dz * dz;
                    if (d2 < nearest[i]) nearest[i] = d2;
                    if (d2 < nearest[j]) nearest[j] = d2;
                    if (d2 > maxD) maxD = d2;
                }
            }
            cx /= n;
            cy /= n;
            cz /= n;
            for (int i = 0; i < n; i++) {
                double d = Math.sqrt(nearest[i]);
                min[i] = Math.min(min[i], d);
                max[i] = Math.max(max[i], d);
                sum[i] += d;
                double dx = pos[3 * i] - cx, dy = pos[3 * i + 1] - cy, dz = pos[3 * i + 2] - cz;
                maxR = Math.max(maxR, Math.sqrt(dx * dx + dy * dy + dz * dz));
                if (d < minPair - 1e-6) {
                    minPair = d;
                    minPairT = k * stepMs / 1000.0;
                    pa = i;
                    pb = -1;
                }
            }
            if (pb == -1) {
                // find the partner of the closest pair at this instant
                // the first partner (lowest index) within 1 um of the smallest distance: ties are common in a lattice
                for (int j = 0; j < n && pb < 0; j++) {
                    if (j == pa) continue;
                    double dx = pos[3 * j] - pos[3 * pa], dy = pos[3 * j + 1] - pos[3 * pa + 1], dz = pos[3 * j + 2] - pos[3 * pa + 2];
                    if (Math.sqrt(dx * dx + dy * dy + dz * dz) <= minPair + 1e-6) {
                        pb = j;
                    }
                }
                if (pb < pa) {
                    int t = pa;
                    pa = pb;
                    pb = t;
                }
            }
        }
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = sum[i] / samples;
        }
        List<String> names = new ArrayList<>(n);
        for (SatelliteOrbit s : sats) {
            names.add(s.name());
        }
        return new NeighbourStats(names, stepMs / 1000.0, samples, min, mean, max, minPair, pa, pb, minPairT, maxR,
                Math.sqrt(maxD));
    }

    /**
     * Orbital period of a satellite: 2 pi over the argument-of-latitude rate for designed orbits (of the
     * reference for formation members), 2 pi over the TLE mean motion for SGP4 satellites.
     *
     * @return period, s
     */
    public static double period(SatelliteOrbit s) {
        if (s instanceof SatelliteOrbit.CircularJ2 c) {
            return 2 * Math.PI / c.argLatRate();
        }
        if (s instanceof SatelliteOrbit.HillOffset h) {
            return 2 * Math.PI / h.reference().argLatRate();
        }
        return 2 * Math.PI / ((SatelliteOrbit.Sgp4) s).tle().getMeanMotion();
    }

    /** @return the elements epoch of a designed orbit as an instant offset check helper (package use) */
    static double offsetSeconds(AbsoluteDate epochDate, SatelliteOrbit s) {
        SatelliteOrbit.CircularJ2 c = s instanceof SatelliteOrbit.HillOffset h ? h.reference() : (SatelliteOrbit.CircularJ2) s;
        return epochDate.durationFrom(c.elementsEpoch());
    }

    static AbsoluteDate date(Instant t) {
        return new AbsoluteDate(t, TimeScalesFactory.getUTC());
    }
}
