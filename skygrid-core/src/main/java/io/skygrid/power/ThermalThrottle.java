package io.skygrid.power;

import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.orbit.SatelliteOrbit;
import java.util.List;
import org.orekit.propagation.analytical.tle.TLE;

/**
 * How fast each satellite's accelerators may run, in sunlight and in eclipse, so that its radiator
 * stays within its temperature limit: {@link ThermalModel#acceleratorThrottleFactor} with the
 * environment of a radiator edge-on to the Sun and the Earth at the satellite's mean altitude
 * ({@link ThermalEnvironment#forAltitude}; albedo and no direct Sun when sunlit, Earth IR always).
 *
 * <p>A factor {@code f} in [0, 1] means the payload runs its accelerators at {@code f} of TDP, and a job
 * progresses at rate {@code f} (throughput taken proportional to power, an approximation that is
 * pessimistic for power-capped GPUs, which keep more than {@code f} of their throughput at {@code f}
 * of their power). The penumbra counts as sunlight (the hot case; it lasts seconds). Steady state: the
 * radiator's heat capacity is ignored.
 *
 * <p>Shapes: {@link #sunlit()} and {@link #eclipse()} hold one factor per satellite, in set order.
 */
public final class ThermalThrottle {
    private final double[] sunlit;
    private final double[] eclipse;

    private ThermalThrottle(double[] sunlit, double[] eclipse) {
        this.sunlit = sunlit;
        this.eclipse = eclipse;
    }

    /**
     * @param c          constellation (its radiator and temperature limit; without a radiator every factor is 1)
     * @param satellites its satellites, in set order
     */
    public static ThermalThrottle of(OrbitalConstellation c, List<SatelliteOrbit> satellites) {
        int n = satellites.size();
        double[] sun = new double[n];
        double[] dark = new double[n];
        for (int s = 0; s < n; s++) {
            if (!c.hasThermalLimit()) {
                sun[s] = 1.0;
                dark[s] = 1.0;
                continue;
            }
            double alt = Math.max(0.0, meanAltitudeM(satellites.get(s)));
            sun[s] = ThermalModel.acceleratorThrottleFactor(c.payload(), c.radiator(), c.maxRadiatorTempK(),
                    ThermalEnvironment.forAltitude(alt, true));
            dark[s] = ThermalModel.acceleratorThrottleFactor(c.payload(), c.radiator(), c.maxRadiatorTempK(),
                    ThermalEnvironment.forAltitude(alt, false));
        }
        return new ThermalThrottle(sun, dark);
    }

    /**
     * @return mean altitude above the mean Earth radius ({@link ThermalEnvironment#EARTH_MEAN_RADIUS_M}), m:
     * from the TLE's mean motion (Kepler's third law with the WGS-72 mu of SGP4) or the designed semi-major axis
     */
    static double meanAltitudeM(SatelliteOrbit o) {
        if (o instanceof SatelliteOrbit.CircularJ2 c) {
            return c.semiMajorAxisM() - ThermalEnvironment.EARTH_MEAN_RADIUS_M;
        }
        if (o instanceof SatelliteOrbit.Sgp4 t) {
            TLE tle = t.tle();
            double n = tle.getMeanMotion(); // rad/s
            double mu = 3.986008e14;        // WGS-72, m^3/s^2, as used by SGP4
            return Math.cbrt(mu / (n * n)) - ThermalEnvironment.EARTH_MEAN_RADIUS_M;
        }
        throw new IllegalArgumentException("no mean altitude for orbit model " + o.getClass().getSimpleName());
    }

    /** @return whether any satellite runs below full power in sunlight or eclipse */
    public boolean limits() {
        for (int s = 0; s < sunlit.length; s++) {
            if (sunlit[s] < 1.0 || eclipse[s] < 1.0) {
                return true;
            }
        }
        return false;
    }

    /** @return per-satellite accelerator power factor in sunlight (and penumbra), [0, 1] */
    public double[] sunlit() {
        return sunlit.clone();
    }

    /** @return per-satellite accelerator power factor in eclipse (umbra), [0, 1] */
    public double[] eclipse() {
        return eclipse.clone();
    }

    /** @return factor of satellite {@code s} in the given sunlight state ({@code SunlightTimeline} constants) */
    public double factor(int s, byte sunlightState) {
        return sunlightState == io.skygrid.orbit.SunlightTimeline.UMBRA ? eclipse[s] : sunlit[s];
    }
}
