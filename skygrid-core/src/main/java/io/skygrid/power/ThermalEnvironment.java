package io.skygrid.power;

import io.skygrid.fleet.SatellitePayload;

/**
 * Radiative environment of a radiator panel in orbit: direct sunlight, Earth-reflected sunlight
 * (albedo) and Earth-emitted infrared (outgoing long-wave radiation, OLR).
 *
 * <p>View factors are per radiating face, in [0, 1]:
 * <ul>
 *   <li>{@code solarViewFactor}: cosine of the angle between the face normal and the Sun direction,
 *       i.e. the fraction of the normal solar flux falling on one face. A radiator kept edge-on to the
 *       Sun (its plane containing the Sun direction, the usual design) has 0. Only one face of a flat
 *       panel can be sunlit, so direct sunlight is absorbed on one face only.</li>
 *   <li>{@code earthViewFactor}: diffuse view factor from one face to the Earth disc. For a panel whose
 *       plane contains the nadir direction (plate perpendicular to the local horizontal, "edge-on to
 *       the Earth"), both faces see the Earth equally with
 *       <pre>F = (1/pi) (asin(1/H) - sqrt(H^2 - 1) / H^2),   H = (R_E + h) / R_E</pre>
 *       (differential planar element to a sphere with the element normal perpendicular to the line to
 *       the sphere's centre: Gilmore, <i>Spacecraft Thermal Control Handbook</i>, Vol. I, 2nd ed., 2002,
 *       ch. 2, Earth view factors; Howell's catalogue of radiation configuration factors). F tends to
 *       1/2 at the surface and is about 0.26 at 550 km and 0.19 at 1,000 km. A plate facing nadir would
 *       see {@code 1/H^2} (about 0.85 at 550 km) and is a poor radiator.</li>
 * </ul>
 *
 * <p>Albedo is modelled as {@code albedo x solarFlux x earthViewFactor}, i.e. the Earth's disc seen by
 * the panel is taken as uniformly lit as at the sub-solar point: conservative (it over-states the
 * orbit-average albedo load, which falls with the solar zenith angle under the spacecraft). In eclipse
 * there is neither direct sunlight nor albedo; Earth infrared continues.
 *
 * @param solarFluxW_m2   solar flux normal to the Sun direction, W/m^2, &gt;= 0
 * @param earthIrW_m2     Earth outgoing long-wave radiation at the top of the atmosphere, W/m^2, &gt;= 0
 * @param albedo          Earth's Bond albedo, fraction of sunlight reflected, [0, 1]
 * @param solarViewFactor fraction of the normal solar flux on the (one) sunlit face, [0, 1]
 * @param earthViewFactor view factor from each radiating face to the Earth, [0, 1]
 */
public record ThermalEnvironment(double solarFluxW_m2, double earthIrW_m2, double albedo,
                                 double solarViewFactor, double earthViewFactor) {

    /** Total solar irradiance at 1 AU, W/m^2 (Kopp and Lean 2011, Geophys. Res. Lett. 38, L01706). */
    public static final double SOLAR_FLUX_W_M2 = SatellitePayload.SOLAR_CONSTANT_W_M2;
    /**
     * Global-mean outgoing long-wave radiation at the top of the atmosphere, W/m^2: the long-term design
     * mean of Gilmore 2002 ch. 2 (237 W/m^2); satellite-era budgets agree within a few W/m^2 (Trenberth,
     * Fasullo and Kiehl 2009, Bull. Amer. Meteor. Soc. 90, 311-323: 238.5 W/m^2 from CERES-era data).
     * Local orbital values vary by about +-20% with latitude and cloud cover.
     */
    public static final double EARTH_IR_W_M2 = 237.0;
    /**
     * Global-mean Bond albedo: 0.30 (Trenberth, Fasullo and Kiehl 2009: 101.9 of 341.3 W/m^2 incoming
     * reflected, 0.299; Gilmore 2002 ch. 2 uses 0.30 as the long-term mean). Orbital values vary roughly
     * 0.2-0.4 with latitude and cloud cover.
     */
    public static final double ALBEDO = 0.30;
    /** Mean Earth radius used for the Earth view factor, m (IUGG mean radius R1). */
    public static final double EARTH_MEAN_RADIUS_M = 6_371_008.8;
    /** Altitude of the default environment, m (a 550 km shell, as of the larger LEO constellations). */
    public static final double DEFAULT_ALTITUDE_M = 550_000.0;

    /**
     * Default design environment: sunlit at 550 km, radiator edge-on to the Sun (solar view factor 0)
     * and edge-on to the Earth (each face sees F = 0.258 of the Earth), mean Earth IR and albedo.
     */
    public static final ThermalEnvironment LEO_EDGE_ON = forAltitude(DEFAULT_ALTITUDE_M, true);

    /** Deep space: no Sun, no Earth (a black radiator there rejects {@code sigma T^4} per face). */
    public static final ThermalEnvironment DEEP_SPACE = new ThermalEnvironment(0, 0, 0, 0, 0);

    public ThermalEnvironment {
        if (!(solarFluxW_m2 >= 0) || Double.isInfinite(solarFluxW_m2)) {
            throw new IllegalArgumentException("solarFluxW_m2 must be finite and >= 0, got " + solarFluxW_m2);
        }
        if (!(earthIrW_m2 >= 0) || Double.isInfinite(earthIrW_m2)) {
            throw new IllegalArgumentException("earthIrW_m2 must be finite and >= 0, got " + earthIrW_m2);
        }
        if (!(albedo >= 0 && albedo <= 1)) {
            throw new IllegalArgumentException("albedo must be in [0, 1], got " + albedo);
        }
        if (!(solarViewFactor >= 0 && solarViewFactor <= 1)) {
            throw new IllegalArgumentException("solarViewFactor must be in [0, 1], got " + solarViewFactor);
        }
        if (!(earthViewFactor >= 0 && earthViewFactor <= 1)) {
            throw new IllegalArgumentException("earthViewFactor must be in [0, 1], got " + earthViewFactor);
        }
    }

    /**
     * Environment of a radiator edge-on to both the Sun and the Earth at an altitude: solar view factor 0,
     * Earth view factor {@link #edgeOnEarthViewFactor(double)}, mean Earth IR; albedo only when sunlit.
     *
     * @param altitudeM  altitude above the mean Earth radius, m, &gt;= 0
     * @param inSunlight false in eclipse: no direct sunlight and no albedo
     */
    public static ThermalEnvironment forAltitude(double altitudeM, boolean inSunlight) {
        double f = edgeOnEarthViewFactor(altitudeM);
        return inSunlight
                ? new ThermalEnvironment(SOLAR_FLUX_W_M2, EARTH_IR_W_M2, ALBEDO, 0.0, f)
                : new ThermalEnvironment(0.0, EARTH_IR_W_M2, 0.0, 0.0, f);
    }

    /**
     * View factor from one face of a plate perpendicular to the local horizontal (plane containing the
     * nadir direction) to the Earth, {@code (1/pi)(asin(1/H) - sqrt(H^2-1)/H^2)} with
     * {@code H = (R_E + h)/R_E} (Gilmore 2002 ch. 2).
     *
     * @param altitudeM altitude above the mean Earth radius, m, &gt;= 0
     */
    public static double edgeOnEarthViewFactor(double altitudeM) {
        if (!(altitudeM >= 0) || Double.isInfinite(altitudeM)) {
            throw new IllegalArgumentException("altitudeM must be finite and >= 0, got " + altitudeM);
        }
        double h = (EARTH_MEAN_RADIUS_M + altitudeM) / EARTH_MEAN_RADIUS_M;
        return (Math.asin(1.0 / h) - Math.sqrt(h * h - 1.0) / (h * h)) / Math.PI;
    }
}
