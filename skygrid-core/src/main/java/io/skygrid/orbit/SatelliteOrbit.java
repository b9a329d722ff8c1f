package io.skygrid.orbit;

import java.util.Objects;

import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.time.AbsoluteDate;

/**
 * How one satellite moves: either a real object described by a TLE (propagated with SGP4/SDP4) or a
 * designed circular orbit propagated with the analytical J2-secular model of {@link CircularJ2}, or a
 * member of a formation flying a closed Hill-Clohessy-Wiltshire relative orbit about such a reference
 * ({@link HillOffset}). Immutable.
 */
public sealed interface SatelliteOrbit permits SatelliteOrbit.Sgp4, SatelliteOrbit.CircularJ2, SatelliteOrbit.HillOffset {

    /** @return satellite name (3LE name line, catalogue number, or generated {@code name-pPP-sSS}) */
    String name();

    /**
     * A satellite read from a TLE, propagated with Orekit's {@code TLEPropagator} (SGP4 near Earth,
     * SDP4 deep space, WGS-72 constants) in the TEME frame.
     *
     * @param name satellite name
     * @param tle  two-line elements (validated)
     */
    record Sgp4(String name, TLE tle) implements SatelliteOrbit {
        public Sgp4 {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(tle, "tle");
        }
    }

    /**
     * A designed circular orbit with first-order secular J2 drift, in the EME2000 inertial frame.
     *
     * <p>Model: mean elements a, i constant; right ascension of the ascending node and argument of
     * latitude {@code u = omega + M} drift linearly at the first-order secular J2 rates for e = 0,
     * p = a (Vallado, <i>Fundamentals of Astrodynamics and Applications</i>, 4th ed., 2013, ch. 9,
     * secular J2 rates of the node, perigee and mean anomaly; originally Brouwer 1959 / Kozai 1959):
     * <pre>
     *   n      = sqrt(mu / a^3)
     *   dO/dt  = -3/2 n J2 (Re/a)^2 cos i
     *   dw/dt  =  3/4 n J2 (Re/a)^2 (5 cos^2 i - 1)
     *   dM/dt  =  n (1 + 3/4 J2 (Re/a)^2 (3 cos^2 i - 1))
     *   du/dt  =  dw/dt + dM/dt
     * </pre>
     * Short-period J2 terms (a few km in radius and along-track) and drag are ignored; the model is
     * for designed constellations where relative geometry, plane precession and illumination matter.
     * Constants: {@link #MU}, {@link #EQUATORIAL_RADIUS}, {@link #J2}.
     *
     * @param name           satellite name
     * @param semiMajorAxisM mean semi-major axis, m (equatorial radius + altitude)
     * @param inclinationRad inclination to the EME2000 equator, rad [0, pi]
     * @param raanRad        right ascension of the ascending node at {@code elementsEpoch}, rad (EME2000)
     * @param argLatRad      argument of latitude at {@code elementsEpoch}, rad
     * @param elementsEpoch  epoch of the elements
     */
    record CircularJ2(String name, double semiMajorAxisM, double inclinationRad, double raanRad, double argLatRad,
                      AbsoluteDate elementsEpoch) implements SatelliteOrbit {
        /** Earth gravitational parameter, m^3/s^2 (WGS-84 / Orekit {@code Constants.WGS84_EARTH_MU}). */
        public static final double MU = 3.986004418e14;
        /** Earth equatorial radius, m (WGS-84). */
        public static final double EQUATORIAL_RADIUS = 6378137.0;
        /**
         * Unnormalised second zonal harmonic J2 (= -sqrt(5) x normalised C20 of WGS-84/EGM-96,
         * Orekit {@code Constants.WGS84_EARTH_C20} = -4.84166854896120e-4).
         */
        public static final double J2 = 1.08262668e-3;

        public CircularJ2 {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(elementsEpoch, "elementsEpoch");
            if (!(semiMajorAxisM > EQUATORIAL_RADIUS)) {
                throw new IllegalArgumentException(name + ": semi-major axis must exceed the Earth radius, got " + semiMajorAxisM + " m");
            }
            if (!(inclinationRad >= 0 && inclinationRad <= Math.PI)) {
                throw new IllegalArgumentException(name + ": inclination must be in [0, pi] rad, got " + inclinationRad);
            }
        }

        /** @return Keplerian mean motion sqrt(mu/a^3), rad/s */
        public double meanMotion() {
            return Math.sqrt(MU / (semiMajorAxisM * semiMajorAxisM * semiMajorAxisM));
        }

        /** @return secular RAAN rate, rad/s (negative for prograde orbits) */
        public double raanRate() {
            double k = J2 * sq(EQUATORIAL_RADIUS / semiMajorAxisM);
            return -1.5 * meanMotion() * k * Math.cos(inclinationRad);
        }

        /** @return secular rate of the argument of latitude (perigee + mean anomaly), rad/s */
        public double argLatRate() {
            double k = J2 * sq(EQUATORIAL_RADIUS / semiMajorAxisM);
            double c2 = sq(Math.cos(inclinationRad));
            double n = meanMotion();
            return 0.75 * n * k * (5 * c2 - 1) + n * (1 + 0.75 * k * (3 * c2 - 1));
        }

        /**
         * Position and velocity in EME2000 at {@code dtSeconds} after {@link #elementsEpoch()}.
         *
         * @param dtSeconds time since the elements epoch, s
         * @param out       receives x, y, z (m) and vx, vy, vz (m/s); length >= 6
         */
        public void positionVelocity(double dtSeconds, double[] out) {
            positionVelocity(dtSeconds, raanRate(), argLatRate(), out);
        }

        /** Same as {@link #positionVelocity(double, double[])} with precomputed rates (hot path). */
        void positionVelocity(double dt, double raanDot, double uDot, double[] out) {
            double raan = raanRad + raanDot * dt;
            double u = argLatRad + uDot * dt;
            double cO = Math.cos(raan), sO = Math.sin(raan);
            double cu = Math.cos(u), su = Math.sin(u);
            double ci = Math.cos(inclinationRad), si = Math.sin(inclinationRad);
            double a = semiMajorAxisM;
            double x = a * (cO * cu - sO * su * ci);
            double y = a * (sO * cu + cO * su * ci);
            double z = a * (su * si);
            double au = a * uDot;
            out[0] = x;
            out[1] = y;
            out[2] = z;
            out[3] = au * (-cO * su - sO * cu * ci) - raanDot * y;
            out[4] = au * (-sO * su + cO * cu * ci) + raanDot * x;
            out[5] = au * (cu * si);
        }

        private static double sq(double v) {
            return v * v;
        }
    }

    /**
     * A formation member: a reference {@link CircularJ2} orbit plus a closed (bounded, drift-free)
     * Hill-Clohessy-Wiltshire relative orbit about it (Clohessy &amp; Wiltshire 1960, "Terminal guidance
     * system for satellite rendezvous", J. Aerospace Sci. 27(9), 653-658; Hill 1878), in EME2000.
     *
     * <p>Frame: the reference's local-vertical local-horizontal (Hill) frame, x radial (outward), y
     * along-track (the direction of motion), z cross-track (along the orbit normal h = r x v). With
     * {@code theta = w t} and {@code w} the reference's angular rate (its argument-of-latitude rate,
     * {@link CircularJ2#argLatRate()}, which is the HCW mean motion with the secular J2 correction of
     * the reference applied to the whole formation):
     * <pre>
     *   x(t) = A  sin(theta + alpha)
     *   y(t) = yc + 2 A cos(theta + alpha)
     *   z(t) = B  sin(theta + beta)
     * </pre>
     * This is the general HCW solution with the no-drift condition {@code y'(0) = -2 w x(0)} imposed, so
     * the relative motion is a closed 2:1 ellipse in the radial/along-track plane plus a cross-track
     * oscillation, repeating every orbit. Neglected: terms of order {@code |offset|^2 / a} (the HCW
     * linearisation: against a two-body propagation of the absolute orbits of a 1 km formation at 650 km,
     * 2.5 m after one orbit, growing by about 2.5 m per orbit as a second-order along-track drift; see
     * FormationTest), and the differential J2 drift between
     * members of slightly different inclination and node (Schweighart &amp; Sedwick 2002), which builds up
     * over days and is what station-keeping removes; the relative motion here is the designed one.
     *
     * @param name              satellite name
     * @param reference         the formation's reference orbit (the chief)
     * @param radialAmplitudeM  A, m (&gt;= 0)
     * @param alongTrackCentreM yc, along-track offset of the ellipse centre, m
     * @param crossAmplitudeM   B, m (&gt;= 0)
     * @param radialPhaseRad    alpha, rad
     * @param crossPhaseRad     beta, rad
     */
    record HillOffset(String name, CircularJ2 reference, double radialAmplitudeM, double alongTrackCentreM,
                      double crossAmplitudeM, double radialPhaseRad, double crossPhaseRad) implements SatelliteOrbit {
        public HillOffset {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reference, "reference");
            if (!(radialAmplitudeM >= 0 && crossAmplitudeM >= 0) || !Double.isFinite(alongTrackCentreM)
                    || !Double.isFinite(radialAmplitudeM) || !Double.isFinite(crossAmplitudeM)
                    || !Double.isFinite(radialPhaseRad) || !Double.isFinite(crossPhaseRad)) {
                throw new IllegalArgumentException(name + ": HCW amplitudes must be finite and >= 0, offsets and phases finite");
            }
        }

        /**
         * Relative position and velocity in the reference's Hill frame at {@code dtSeconds} after the
         * reference's elements epoch.
         *
         * @param dtSeconds time since the elements epoch, s
         * @param w         angular rate of the Hill frame, rad/s ({@code reference().argLatRate()})
         * @param out       receives x, y, z (m) and x', y', z' (m/s, rates in the rotating frame)
         */
        public void relative(double dtSeconds, double w, double[] out) {
            double th = w * dtSeconds;
            double sa = Math.sin(th + radialPhaseRad), ca = Math.cos(th + radialPhaseRad);
            double sb = Math.sin(th + crossPhaseRad), cb = Math.cos(th + crossPhaseRad);
            out[0] = radialAmplitudeM * sa;
            out[1] = alongTrackCentreM + 2 * radialAmplitudeM * ca;
            out[2] = crossAmplitudeM * sb;
            out[3] = radialAmplitudeM * w * ca;
            out[4] = -2 * radialAmplitudeM * w * sa;
            out[5] = crossAmplitudeM * w * cb;
        }

        /**
         * Position and velocity in EME2000 at {@code dtSeconds} after the reference's elements epoch:
         * reference state plus the HCW offset rotated from the Hill frame, velocity including the frame's
         * rotation (argument-of-latitude rate about the orbit normal, nodal rate about the EME2000 z axis).
         *
         * @param dtSeconds time since the elements epoch, s
         * @param out       receives x, y, z (m) and vx, vy, vz (m/s); length &gt;= 6
         */
        public void positionVelocity(double dtSeconds, double[] out) {
            positionVelocity(dtSeconds, reference.raanRate(), reference.argLatRate(), out);
        }

        /** Same as {@link #positionVelocity(double, double[])} with the reference's precomputed rates (hot path). */
        void positionVelocity(double dt, double raanDot, double uDot, double[] out) {
            CircularJ2 c = reference;
            double raan = c.raanRad() + raanDot * dt;
            double u = c.argLatRad() + uDot * dt;
            double cO = Math.cos(raan), sO = Math.sin(raan);
            double cu = Math.cos(u), su = Math.sin(u);
            double ci = Math.cos(c.inclinationRad()), si = Math.sin(c.inclinationRad());
            // Hill frame unit vectors: R radial, T along-track (dR/du), N orbit normal
            double rx = cO * cu - sO * su * ci, ry = sO * cu + cO * su * ci, rz = su * si;
            double tx = -cO * su - sO * cu * ci, ty = -sO * su + cO * cu * ci, tz = cu * si;
            double nx = sO * si, ny = -cO * si, nz = ci;
            double th = uDot * dt;
            double sa = Math.sin(th + radialPhaseRad), ca = Math.cos(th + radialPhaseRad);
            double sb = Math.sin(th + crossPhaseRad), cb = Math.cos(th + crossPhaseRad);
            double x = radialAmplitudeM * sa;
            double y = alongTrackCentreM + 2 * radialAmplitudeM * ca;
            double z = crossAmplitudeM * sb;
            double xd = radialAmplitudeM * uDot * ca;
            double yd = -2 * radialAmplitudeM * uDot * sa;
            double zd = crossAmplitudeM * uDot * cb;
            double a = c.semiMajorAxisM();
            double px = (a + x) * rx + y * tx + z * nx;
            double py = (a + x) * ry + y * ty + z * ny;
            double pz = (a + x) * rz + y * tz + z * nz;
            // d/dt of R = uDot T + raanDot k x R; of T = -uDot R + raanDot k x T; of N = raanDot k x N
            double vr = xd - uDot * y;
            double vt = (a + x) * uDot + yd;
            out[0] = px;
            out[1] = py;
            out[2] = pz;
            out[3] = vr * rx + vt * tx + zd * nx - raanDot * py;
            out[4] = vr * ry + vt * ty + zd * ny + raanDot * px;
            out[5] = vr * rz + vt * tz + zd * nz;
        }
    }
}
