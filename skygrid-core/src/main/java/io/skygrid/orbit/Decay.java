package io.skygrid.orbit;

import java.time.Instant;

import org.hipparchus.geometry.euclidean.threed.Vector3D;
import org.orekit.frames.Frame;
import org.orekit.frames.FramesFactory;
import org.orekit.propagation.analytical.tle.TLEPropagator;
import org.orekit.time.AbsoluteDate;
import org.orekit.time.TimeScalesFactory;
import org.orekit.utils.PVCoordinates;

/**
 * The one place that decides when a satellite has decayed (re-entered): every orbit command and the
 * physics of {@link OrbitPhysics#compute} use it, so they name the same instant.
 *
 * <p><b>Criterion.</b> An SGP4/SDP4 satellite has decayed at the first sample instant at which SGP4 throws,
 * returns a non-finite state, or puts the satellite below a geodetic altitude of
 * {@link #REENTRY_ALTITUDE_M} (120 km) above the WGS-84 ellipsoid. 120 km is the conventional entry
 * interface altitude (NASA's 400,000 ft, 122 km, where atmospheric entry is taken to begin); below it drag
 * brings an object down within about a revolution, so SGP4 states after it describe no orbit. SGP4 itself
 * does not flag a decay: its drag polynomial goes on lowering the orbit into and through the Earth.
 * Designed satellites (circular J2-secular orbits, {@link SatelliteOrbit.CircularJ2},
 * {@link SatelliteOrbit.HillOffset}) have no drag
 * and never decay.
 *
 * <p><b>Sampling.</b> Samples are {@link #SAMPLE_STEP_MS} (60 s) apart from the start, the propagation
 * cadence of {@link OrbitPhysics}; when a sample fails, the instant half-way to the previous sample
 * (on {@link OrbitPhysics}'s 30 s grid) is tried too, and the decay instant is the earlier failing one.
 * So the decay instant is a multiple of 30 s after the start, late by at most 30 s (a dip below 120 km
 * that lasts less than 30 s can be missed; the orbit then decays at a following sample).
 *
 * <p><b>Altitude.</b> Geodetic altitude is approximated by the distance above the ellipsoid along the
 * geocentric radius, r - a b / sqrt(b^2 cos^2(phi_c) + a^2 sin^2(phi_c)), phi_c the geocentric latitude
 * taken from the TEME z axis (the true pole of date; polar motion ignored): below a metre from the
 * geodetic altitude at 120 km.
 */
public final class Decay {
    /** Re-entry altitude, m above the WGS-84 ellipsoid. */
    public static final double REENTRY_ALTITUDE_M = 120e3;
    /** Spacing of the decay samples, ms (that of OrbitPhysics' SGP4 propagation). */
    public static final long SAMPLE_STEP_MS = 2 * OrbitPhysics.GRID_STEP_MS;
    /** Not decayed within the span searched. */
    public static final long NEVER = Long.MAX_VALUE;
    /** Longest jump of {@link #find} while the orbit is far above the re-entry altitude, ms (6 h). */
    static final long MAX_JUMP_MS = 6 * 3_600_000L;
    /** Perigee margin above {@link #REENTRY_ALTITUDE_M} under which {@link #find} samples every 60 s, m. */
    static final double SAFE_PERIGEE_MARGIN_M = 150e3;

    private static final double A = OrbitPhysics.WGS84_A;
    private static final double B = OrbitPhysics.WGS84_A * (1 - OrbitPhysics.WGS84_F);

    private Decay() {
    }

    /**
     * @param x position, m, in a frame whose z axis is the Earth's pole (TEME, ITRF)
     * @param y position, m
     * @param z position, m
     * @return true if the position is not finite or below {@link #REENTRY_ALTITUDE_M}
     */
    public static boolean decayed(double x, double y, double z) {
        if (!(Double.isFinite(x) && Double.isFinite(y) && Double.isFinite(z))) {
            return true;
        }
        return altitude(x, y, z) < REENTRY_ALTITUDE_M;
    }

    /** @return the approximate geodetic altitude (see class comment) of a position with z along the pole, m */
    static double altitude(double x, double y, double z) {
        double r2 = x * x + y * y + z * z;
        double r = Math.sqrt(r2);
        if (r == 0) {
            return -A;
        }
        double s2 = z * z / r2;
        double c2 = 1 - s2;
        return r - A * B / Math.sqrt(B * B * c2 + A * A * s2);
    }

    /**
     * When a satellite decays within [from, from + spanMs], by the criterion and sampling above.
     *
     * <p>Far from re-entry the search jumps: from a sample whose osculating perigee (two-body, from SGP4's
     * position and velocity) is more than {@link #SAFE_PERIGEE_MARGIN_M} above the re-entry altitude, it
     * tries the sample up to {@link #MAX_JUMP_MS} later; the jump is kept only if that sample is valid, also
     * above the margin and its perigee fell by less than half the margin (SGP4's drag is a smooth
     * polynomial in time, so the perigee cannot fall through the whole margin in the next jump); otherwise
     * the interval is sampled every 60 s. The result equals a 60 s scan from {@code from}.
     *
     * @param sat    the satellite
     * @param from   start (UTC)
     * @param spanMs span to search, ms (&gt;= 0)
     * @return ms after {@code from} of the decay, a multiple of 30 s, or {@link #NEVER}
     */
    public static long find(SatelliteOrbit sat, Instant from, long spanMs) {
        if (!(sat instanceof SatelliteOrbit.Sgp4 sgp)) {
            return NEVER;
        }
        OrekitSetup.init();
        Frame teme = FramesFactory.getTEME();
        AbsoluteDate start = new AbsoluteDate(from, TimeScalesFactory.getUTC());
        TLEPropagator prop;
        try {
            prop = TLEPropagator.selectExtrapolator(sgp.tle(), teme);
        } catch (RuntimeException e) {
            return 0;
        }
        double[] perigee = new double[1];
        if (!valid(prop, start, 0, perigee)) {
            return 0;
        }
        long t = 0;
        double hp = perigee[0];
        while (t < spanMs) {
            long jumpTo = Math.min(spanMs, t + MAX_JUMP_MS);
            jumpTo -= jumpTo % SAMPLE_STEP_MS;
            if (jumpTo > t + SAMPLE_STEP_MS && hp > REENTRY_ALTITUDE_M + SAFE_PERIGEE_MARGIN_M
                    && valid(prop, start, jumpTo, perigee)
                    && perigee[0] > REENTRY_ALTITUDE_M + SAFE_PERIGEE_MARGIN_M
                    && hp - perigee[0] < SAFE_PERIGEE_MARGIN_M / 2) {
                t = jumpTo;
                hp = perigee[0];
                continue;
            }
            long next = Math.min(spanMs, t + SAMPLE_STEP_MS);
            if (!valid(prop, start, next, perigee)) {
                long half = next - OrbitPhysics.GRID_STEP_MS;
                return half > t && !valid(prop, start, half, null) ? half : next;
            }
            t = next;
            hp = perigee[0];
        }
        return NEVER;
    }

    /**
     * @param perigee if not null, receives the osculating perigee altitude above the equatorial radius, m
     *                (negative infinity for an unbound osculating orbit)
     * @return true if SGP4 gives a state at {@code start + tMs} that has not decayed
     */
    private static boolean valid(TLEPropagator prop, AbsoluteDate start, long tMs, double[] perigee) {
        PVCoordinates pv;
        try {
            pv = prop.getPVCoordinates(start.shiftedBy(tMs / 1000.0));
        } catch (RuntimeException e) {
            return false;
        }
        Vector3D p = pv.getPosition();
        if (decayed(p.getX(), p.getY(), p.getZ())) {
            return false;
        }
        if (perigee != null) {
            Vector3D v = pv.getVelocity();
            if (!(Double.isFinite(v.getX()) && Double.isFinite(v.getY()) && Double.isFinite(v.getZ()))) {
                return false;
            }
            double r = p.getNorm();
            double mu = SatelliteOrbit.CircularJ2.MU;
            double energy = v.getNormSq() / 2 - mu / r;
            if (energy >= 0) {
                perigee[0] = Double.NEGATIVE_INFINITY;
            } else {
                double a = -mu / (2 * energy);
                Vector3D h = Vector3D.crossProduct(p, v);
                double e = Math.sqrt(Math.max(0, 1 - h.getNormSq() / (mu * a)));
                perigee[0] = a * (1 - e) - A;
            }
        }
        return true;
    }
}
