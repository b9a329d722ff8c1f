package io.skygrid.econ;

import io.skygrid.fleet.SatellitePayload;
import io.skygrid.orbit.OrbitSpec;
import io.skygrid.fleet.Radiator;
import io.skygrid.power.ThermalEnvironment;
import io.skygrid.power.ThermalModel;

/**
 * Mass of one satellite built up from its payload, kg:
 * <pre>
 *   compute  = count x computeKgPerGpu
 *   array    = generationW / arrayWPerKg                       (array output in full sunlight)
 *   radiator = area x radiatorKgPerM2, area = ThermalModel.requiredAreaM2(count x TDP + busPowerW,
 *              radiatorTempK, OSR coating, two-sided, edge-on to the Sun at the orbit's altitude in sunlight)
 *   battery  = batteryWh / batteryWhPerKg
 *   bus      = (compute + array + radiator + battery) x f / (1 - f),  f = busMassFraction
 *   total    = sum of the above
 * </pre>
 * or {@code satelliteMassKg} when given (then the parts are reported as NaN).
 *
 * @param computeKg  accelerators, boards and host, kg
 * @param arrayKg    solar array, kg
 * @param radiatorKg radiator panels, kg
 * @param radiatorM2 radiator area (one face), m^2
 * @param batteryKg  battery, kg
 * @param busKg      structure and subsystems, kg
 * @param totalKg    satellite mass, kg
 * @param powerW     power used for cost per kW-year, W (array output in full sunlight at 1 AU, or {@code powerW})
 */
public record SatelliteMass(double computeKg, double arrayKg, double radiatorKg, double radiatorM2, double batteryKg,
                            double busKg, double totalKg, double powerW) {

    /** Altitude assumed for the radiator's thermal environment when the orbit comes from TLE/OMM files, km. */
    public static final double DEFAULT_ALTITUDE_KM = 550;

    /**
     * @param payload per-satellite payload
     * @param orbit   the constellation's orbit (its altitude sets the Earth view factor of the radiator)
     * @param in      the constellation's cost inputs
     * @return the mass breakdown
     * @throws IllegalArgumentException if no radiator area can reject the heat at {@code radiatorTempK}
     */
    public static SatelliteMass of(SatellitePayload payload, OrbitSpec orbit, ParamSet<OrbitParam> in) {
        return of(payload, orbit, null, in);
    }

    /**
     * Mass of one satellite of a constellation: its own radiator's area when the scenario gives one
     * ({@code orbit[].radiator}), else the area sized as in {@link #of(SatellitePayload, OrbitSpec, ParamSet)}.
     *
     * @param c  the constellation
     * @param in the constellation's cost inputs
     * @return the mass breakdown
     */
    public static SatelliteMass of(io.skygrid.fleet.OrbitalConstellation c, ParamSet<OrbitParam> in) {
        return of(c.payload(), c.orbit(), c.radiator(), in);
    }

    private static SatelliteMass of(SatellitePayload payload, OrbitSpec orbit, Radiator given, ParamSet<OrbitParam> in) {
        double powerW = in.isGiven(OrbitParam.POWER_W) ? in.get(OrbitParam.POWER_W) : payload.generationW();
        if (in.isGiven(OrbitParam.SATELLITE_MASS_KG)) {
            double m = in.get(OrbitParam.SATELLITE_MASS_KG);
            return new SatelliteMass(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, m, powerW);
        }
        double compute = payload.count() * in.get(OrbitParam.COMPUTE_KG_PER_GPU);
        double array = payload.generationW() / in.get(OrbitParam.ARRAY_W_PER_KG);
        double heatW = payload.count() * payload.accelerator().tdpW() + payload.busPowerW();
        double altitudeKm = orbit instanceof OrbitSpec.WalkerDelta w ? w.altitudeKm()
                : orbit instanceof OrbitSpec.SunSynchronous s ? s.altitudeKm() : DEFAULT_ALTITUDE_KM;
        double area = given != null ? given.areaM2()
                : ThermalModel.requiredAreaM2(heatW, in.get(OrbitParam.RADIATOR_TEMP_K), Radiator.OSR_EMISSIVITY,
                Radiator.OSR_SOLAR_ABSORPTIVITY, true, ThermalEnvironment.forAltitude(altitudeKm * 1000, true));
        double radiator = area * in.get(OrbitParam.RADIATOR_KG_PER_M2);
        double battery = payload.batteryWh() / in.get(OrbitParam.BATTERY_WH_PER_KG);
        double f = in.get(OrbitParam.BUS_MASS_FRACTION);
        double parts = compute + array + radiator + battery;
        double bus = parts * f / (1 - f);
        return new SatelliteMass(compute, array, radiator, area, battery, bus, parts + bus, powerW);
    }
}
