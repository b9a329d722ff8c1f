package io.skygrid.sched;

import io.skygrid.orbit.OrbitSpec;

import java.util.OptionalDouble;

/**
 * Light-time latency for latency-sensitive inference: whether a service can run in orbit or must stay on the
 * ground under a one-way latency bound.
 *
 * <p>Orbit: the one-way light time from a ground station to a satellite at altitude {@code h}, at the worst
 * point of a pass (the elevation mask {@code e}), over the slant range
 * {@code d = sqrt((R + h)^2 - (R cos e)^2) - R sin e} with the mean Earth radius R; at zenith
 * {@code d = h}. Ground: light in optical fibre over the route, at c / {@value #FIBER_GROUP_INDEX} (group
 * index of standard single-mode fibre at 1550 nm, ITU-T G.652 class, e.g. Corning SMF-28: 1.4682). Queueing,
 * switching and inter-satellite hops are not included: these are lower bounds a placement must meet.
 */
public final class LatencyBound {
    /** Speed of light in vacuum, m/s (exact, SI definition). */
    public static final double SPEED_OF_LIGHT_M_S = 299_792_458.0;
    /** Group index of standard single-mode fibre at 1550 nm (Corning SMF-28 datasheet: 1.4682). */
    public static final double FIBER_GROUP_INDEX = 1.4682;
    /** Mean Earth radius, m (IUGG R1 = 6,371,008.8 m; Moritz 2000, Geodetic Reference System 1980). */
    public static final double EARTH_MEAN_RADIUS_M = 6_371_008.8;

    private LatencyBound() {
    }

    /**
     * Slant range from a ground station to a satellite seen at an elevation.
     *
     * @param altitudeKm   satellite altitude, km, > 0
     * @param elevationDeg elevation above the horizon, degrees, [0, 90]
     * @return range, m
     */
    public static double slantRangeM(double altitudeKm, double elevationDeg) {
        if (!(altitudeKm > 0) || !(elevationDeg >= 0 && elevationDeg <= 90)) {
            throw new IllegalArgumentException("need altitudeKm > 0 and elevationDeg in [0, 90]");
        }
        double r = EARTH_MEAN_RADIUS_M;
        double rs = r + altitudeKm * 1000.0;
        double e = Math.toRadians(elevationDeg);
        double rc = r * Math.cos(e);
        return Math.sqrt(rs * rs - rc * rc) - r * Math.sin(e);
    }

    /**
     * @param altitudeKm      satellite altitude, km
     * @param minElevationDeg elevation mask of the ground stations, degrees
     * @return worst one-way light time between a ground station and a satellite in view, ms
     */
    public static double orbitOneWayMs(double altitudeKm, double minElevationDeg) {
        return slantRangeM(altitudeKm, minElevationDeg) / SPEED_OF_LIGHT_M_S * 1000.0;
    }

    /**
     * @param fiberRouteKm length of the fibre route from the users to the site, km, >= 0
     * @return one-way light time through the fibre, ms
     */
    public static double groundOneWayMs(double fiberRouteKm) {
        if (!(fiberRouteKm >= 0)) {
            throw new IllegalArgumentException("fiberRouteKm must be >= 0");
        }
        return fiberRouteKm * 1000.0 * FIBER_GROUP_INDEX / SPEED_OF_LIGHT_M_S * 1000.0;
    }

    /** @return whether a one-way latency meets a bound */
    public static boolean meets(double oneWayMs, double boundMs) {
        return oneWayMs <= boundMs;
    }

    /**
     * @return whether a constellation at {@code altitudeKm} can serve under {@code boundMs} one way from any
     *         station pass above the mask
     */
    public static boolean orbitMeets(double altitudeKm, double minElevationDeg, double boundMs) {
        return meets(orbitOneWayMs(altitudeKm, minElevationDeg), boundMs);
    }

    /** @return the design altitude of a constellation, km; empty for TLE and OMM catalogues (read their orbits) */
    public static OptionalDouble altitudeKm(OrbitSpec orbit) {
        if (orbit instanceof OrbitSpec.WalkerDelta w) {
            return OptionalDouble.of(w.altitudeKm());
        }
        if (orbit instanceof OrbitSpec.SunSynchronous s) {
            return OptionalDouble.of(s.altitudeKm());
        }
        return OptionalDouble.empty();
    }
}
