package io.skygrid.econ;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The cost inputs of a scenario (its {@code economics} section): defaults for all ground sites, for all
 * constellations, the launch price curve and vehicle, fleet-wide values, and per-site / per-constellation
 * overrides (already merged over the defaults). Immutable.
 *
 * @param ground         defaults for every ground site
 * @param orbit          defaults for every constellation
 * @param launch         launch price curve and capacity
 * @param fleet          fleet-wide values (nameplate utilisation, ground stations)
 * @param vehicle        launch vehicle name, for messages (default {@value #DEFAULT_VEHICLE})
 * @param sites          per ground site: the defaults with the site's overrides applied
 * @param constellations per constellation: the defaults with its overrides applied
 */
public record Economics(ParamSet<GroundParam> ground, ParamSet<OrbitParam> orbit, ParamSet<LaunchParam> launch,
                        ParamSet<FleetParam> fleet, String vehicle, Map<String, ParamSet<GroundParam>> sites,
                        Map<String, ParamSet<OrbitParam>> constellations) {
    /** Default launch vehicle: SpaceX Starship (capacity from the Starship Users Guide, see {@link LaunchParam#CAPACITY_KG}). */
    public static final String DEFAULT_VEHICLE = "Starship";

    /** Every input at its default. */
    public static final Economics DEFAULTS = new Economics(ParamSet.defaults(GroundParam.class),
            ParamSet.defaults(OrbitParam.class), ParamSet.defaults(LaunchParam.class), ParamSet.defaults(FleetParam.class),
            DEFAULT_VEHICLE, Map.of(), Map.of());

    public Economics {
        sites = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sites));
        constellations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constellations));
    }

    /** @return the inputs of ground site {@code name} */
    public ParamSet<GroundParam> site(String name) {
        return sites.getOrDefault(name, ground);
    }

    /** @return the inputs of constellation {@code name} */
    public ParamSet<OrbitParam> constellation(String name) {
        return constellations.getOrDefault(name, orbit);
    }

    /** @return the launch year: {@code launch.year} if given, else {@code epochYear} */
    public int launchYear(int epochYear) {
        return launch.isGiven(LaunchParam.YEAR) ? (int) launch.get(LaunchParam.YEAR) : epochYear;
    }

    /**
     * Launch price per kg in {@code year} on the learning curve of {@link LaunchParam}.
     *
     * @return USD per kg
     */
    public double launchUsdPerKg(int year) {
        double p0 = launch.get(LaunchParam.USD_PER_KG);
        double doublings = (year - launch.get(LaunchParam.BASE_YEAR)) / launch.get(LaunchParam.DOUBLING_YEARS);
        return p0 * Math.pow(1 - launch.get(LaunchParam.LEARNING_RATE), doublings);
    }

    /** @return launch capacity to the orbit of constellation {@code name}, kg */
    public double launchCapacityKg(String name) {
        ParamSet<OrbitParam> o = constellation(name);
        return o.isGiven(OrbitParam.LAUNCH_CAPACITY_KG) ? o.get(OrbitParam.LAUNCH_CAPACITY_KG)
                : launch.get(LaunchParam.CAPACITY_KG);
    }

    /** @return a copy with ground and orbit GPU prices set to {@code usd} everywhere (sweeps) */
    public Economics withGpuPrice(double usd) {
        Map<String, ParamSet<GroundParam>> s = new LinkedHashMap<>();
        sites.forEach((k, v) -> s.put(k, v.with(GroundParam.GPU_PRICE_USD, usd)));
        Map<String, ParamSet<OrbitParam>> c = new LinkedHashMap<>();
        constellations.forEach((k, v) -> c.put(k, v.with(OrbitParam.GPU_PRICE_USD, usd)));
        return new Economics(ground.with(GroundParam.GPU_PRICE_USD, usd), orbit.with(OrbitParam.GPU_PRICE_USD, usd),
                launch, fleet, vehicle, s, c);
    }

    /** @return a copy with the solar array specific power set to {@code wPerKg} for every constellation (sweeps) */
    public Economics withArrayWPerKg(double wPerKg) {
        Map<String, ParamSet<OrbitParam>> c = new LinkedHashMap<>();
        constellations.forEach((k, v) -> c.put(k, v.with(OrbitParam.ARRAY_W_PER_KG, wPerKg)));
        return new Economics(ground, orbit.with(OrbitParam.ARRAY_W_PER_KG, wPerKg), launch, fleet, vehicle, sites, c);
    }

    /**
     * @return a copy whose satellite replacement rate ({@link OrbitParam#FAILURES_PER_YEAR}) is {@code perYear} wherever
     * the scenario's economics did not set it itself: the simulation's satellite-loss rate ({@code failures}
     * section) then drives the cost model too, so the two never disagree
     */
    public Economics withSatelliteLossDefault(double perYear) {
        Map<String, ParamSet<OrbitParam>> c = new LinkedHashMap<>();
        constellations.forEach((k, v) -> c.put(k, v.isGiven(OrbitParam.FAILURES_PER_YEAR) ? v
                : v.with(OrbitParam.FAILURES_PER_YEAR, perYear)));
        ParamSet<OrbitParam> o = orbit.isGiven(OrbitParam.FAILURES_PER_YEAR) ? orbit
                : orbit.with(OrbitParam.FAILURES_PER_YEAR, perYear);
        return new Economics(ground, o, launch, fleet, vehicle, sites, c);
    }

    /** @return a copy whose launch price is {@code usdPerKg} in {@code year}, whatever the curve (sweeps) */
    public Economics withLaunchPrice(double usdPerKg, int year) {
        return new Economics(ground, orbit, launch.with(LaunchParam.USD_PER_KG, usdPerKg)
                .with(LaunchParam.BASE_YEAR, year).with(LaunchParam.YEAR, year), fleet, vehicle, sites, constellations);
    }
}
