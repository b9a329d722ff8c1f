package io.skygrid.power;

import io.skygrid.fleet.Radiator;
import io.skygrid.fleet.SatellitePayload;

/**
 * Steady-state heat balance of a satellite radiator: what it rejects at a temperature, the temperature
 * it settles at for a heat load, the area needed for a load, and how far the compute payload must be
 * throttled when the radiator cannot reject its heat within a temperature limit.
 *
 * <p>Balance per square metre of panel (one face's area {@code A}), with {@code n} radiating faces:
 * <pre>
 *   emitted  = n x eps x sigma x T^4
 *   absorbed = alpha x S x F_sun                       (direct Sun, on one face only)
 *            + n x alpha x albedo x S x F_earth        (albedo, on every face that sees the Earth)
 *            + n x eps x OLR x F_earth                 (Earth IR, absorbed with eps by Kirchhoff's law)
 *   rejected = A x (emitted - absorbed)
 * </pre>
 * Assumptions: isothermal panel (fin efficiency 1), grey diffuse surfaces, no view of other spacecraft
 * surfaces, 3 K background neglected, each face of a two-sided panel sees the Earth with the same view
 * factor (a panel edge-on to the Earth), steady state (the panel's heat capacity is ignored, so the
 * eclipse case is the cold extreme and the sunlit case the hot one). The rejected heat equals the
 * electrical power dissipated by the payload and bus (all electrical power ends up as heat).
 *
 * <p>All quantities are SI: W, m^2, W/m^2, temperatures in kelvin.
 */
public final class ThermalModel {

    /** Stefan-Boltzmann constant, W m^-2 K^-4 (CODATA 2018, exact in the 2019 SI). */
    public static final double STEFAN_BOLTZMANN = 5.670374419e-8;

    private ThermalModel() {
    }

    /**
     * Environmental heat absorbed per square metre of panel (summed over its faces), W/m^2.
     *
     * @param emissivity        infrared emissivity (= Earth-IR absorptivity), (0, 1]
     * @param solarAbsorptivity solar absorptivity, [0, 1]
     * @param twoSided          both faces radiate and see the Earth
     */
    public static double absorbedW_m2(double emissivity, double solarAbsorptivity, boolean twoSided,
                                      ThermalEnvironment env) {
        int faces = twoSided ? 2 : 1;
        double sun = env.solarFluxW_m2();
        double direct = solarAbsorptivity * sun * env.solarViewFactor();
        double albedo = solarAbsorptivity * env.albedo() * sun * env.earthViewFactor();
        double earthIr = emissivity * env.earthIrW_m2() * env.earthViewFactor();
        return direct + faces * (albedo + earthIr);
    }

    /** @return environmental heat absorbed by the whole radiator, W */
    public static double absorbedW(Radiator r, ThermalEnvironment env) {
        return r.areaM2() * absorbedW_m2(r.emissivity(), r.solarAbsorptivity(), r.twoSided(), env);
    }

    /** @return power emitted per square metre of panel at a temperature, summed over the faces, W/m^2 */
    public static double emittedW_m2(double emissivity, boolean twoSided, double radiatorTempK) {
        checkTemperature(radiatorTempK, "radiatorTempK");
        double t2 = radiatorTempK * radiatorTempK;
        return (twoSided ? 2 : 1) * emissivity * STEFAN_BOLTZMANN * t2 * t2;
    }

    /**
     * Net heat the radiator rejects at a temperature: emission from its faces less the environmental
     * heat it absorbs. Negative when the environment heats the panel above {@code radiatorTempK}.
     *
     * @param radiatorTempK radiator temperature, K, &gt; 0
     * @return net rejected power, W
     */
    public static double rejectedPowerW(Radiator r, double radiatorTempK, ThermalEnvironment env) {
        return r.areaM2() * (emittedW_m2(r.emissivity(), r.twoSided(), radiatorTempK)
                - absorbedW_m2(r.emissivity(), r.solarAbsorptivity(), r.twoSided(), env));
    }

    /**
     * Temperature at which the radiator rejects exactly {@code heatLoadW}:
     * {@code T = ((Q/A + absorbed) / (n x eps x sigma))^(1/4)}.
     *
     * @param heatLoadW heat to reject (payload + bus dissipation), W, &gt;= 0
     * @return equilibrium radiator temperature, K (0 for no load in deep space)
     */
    public static double equilibriumTemperatureK(Radiator r, double heatLoadW, ThermalEnvironment env) {
        checkLoad(heatLoadW);
        double perM2 = heatLoadW / r.areaM2() + absorbedW_m2(r.emissivity(), r.solarAbsorptivity(), r.twoSided(), env);
        return Math.sqrt(Math.sqrt(perM2 / (r.faces() * r.emissivity() * STEFAN_BOLTZMANN)));
    }

    /**
     * Radiator area needed to reject a heat load at a radiator temperature (sizing helper).
     *
     * @param heatLoadW     heat to reject, W, &gt;= 0
     * @param radiatorTempK radiator operating temperature, K, &gt; 0
     * @param emissivity    infrared emissivity, (0, 1]
     * @param absorptivity  solar absorptivity, [0, 1]
     * @param twoSided      both faces radiate
     * @return panel area (one face), m^2
     * @throws IllegalArgumentException if at that temperature the panel absorbs at least as much from the
     *                                  environment as it emits, so that no area can reject any heat
     */
    public static double requiredAreaM2(double heatLoadW, double radiatorTempK, double emissivity, double absorptivity,
                                        boolean twoSided, ThermalEnvironment env) {
        checkLoad(heatLoadW);
        // validates the coating values with the record's messages
        new Radiator(1.0, emissivity, absorptivity, twoSided);
        double emitted = emittedW_m2(emissivity, twoSided, radiatorTempK);
        double absorbed = absorbedW_m2(emissivity, absorptivity, twoSided, env);
        double net = emitted - absorbed;
        if (!(net > 0)) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "no radiator area suffices: at %.1f K the panel emits %.1f W/m^2 but absorbs %.1f W/m^2 "
                            + "from the environment; raise the radiator temperature or lower the absorbed flux",
                    radiatorTempK, emitted, absorbed));
        }
        return heatLoadW / net;
    }

    /**
     * Largest heat load the radiator can reject without exceeding a temperature limit, W; negative if the
     * environment alone holds the panel above the limit.
     *
     * @param maxRadiatorTempK radiator temperature limit, K, &gt; 0
     */
    public static double maxSustainableLoadW(Radiator r, double maxRadiatorTempK, ThermalEnvironment env) {
        checkTemperature(maxRadiatorTempK, "maxRadiatorTempK");
        return rejectedPowerW(r, maxRadiatorTempK, env);
    }

    /**
     * Fraction of a heat load that can run without the radiator exceeding its temperature limit,
     * {@code min(1, max(0, maxSustainable / load))}; for no load, 1 if the limit can be held at all
     * (maxSustainable &gt;= 0), else 0.
     *
     * @param heatLoadW total heat load at full power, W, &gt;= 0
     */
    public static double throttleFactor(double heatLoadW, Radiator r, double maxRadiatorTempK, ThermalEnvironment env) {
        checkLoad(heatLoadW);
        double max = maxSustainableLoadW(r, maxRadiatorTempK, env);
        if (heatLoadW == 0) {
            return max >= 0 ? 1.0 : 0.0;
        }
        return Math.min(1.0, Math.max(0.0, max / heatLoadW));
    }

    /**
     * Fraction of its accelerators' power a satellite payload can run at within the radiator temperature
     * limit, the bus load (always on) being rejected first:
     * {@code min(1, max(0, (maxSustainable - bus) / (count x TDP)))}.
     *
     * @param payload          satellite payload (bus load and accelerator count and TDP)
     * @param maxRadiatorTempK radiator temperature limit, K, &gt; 0
     */
    public static double acceleratorThrottleFactor(SatellitePayload payload, Radiator r, double maxRadiatorTempK,
                                                   ThermalEnvironment env) {
        double accelW = payload.count() * payload.accelerator().tdpW();
        double spare = maxSustainableLoadW(r, maxRadiatorTempK, env) - payload.busPowerW();
        return Math.min(1.0, Math.max(0.0, spare / accelW));
    }

    private static void checkLoad(double heatLoadW) {
        if (!(heatLoadW >= 0) || Double.isInfinite(heatLoadW)) {
            throw new IllegalArgumentException("heatLoadW must be finite and >= 0, got " + heatLoadW);
        }
    }

    private static void checkTemperature(double k, String name) {
        if (!(k > 0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException(name + " must be finite and > 0 K, got " + k);
        }
    }
}
