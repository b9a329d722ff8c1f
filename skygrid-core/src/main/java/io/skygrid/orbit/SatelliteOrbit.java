package io.skygrid.orbit;

import java.util.Objects;

import org.orekit.propagation.analytical.tle.TLE;
import org.orekit.time.AbsoluteDate;

/**
 * How one satellite moves: either a real object described by a TLE (propagated with SGP4/SDP4) or a
 * designed circular orbit propagated with the analytical J2-secular model of {@link CircularJ2}.
 * Immutable.
 */
public sealed interface SatelliteOrbit permits SatelliteOrbit.Sgp4, SatelliteOrbit.CircularJ2 {

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
}
