package io.skygrid.econ;

/**
 * Cost inputs of an orbital constellation (scenario keys under {@code economics.orbit} and
 * {@code economics.constellations.<name>}). The satellite's mass is built up from its payload
 * ({@link SatelliteMass}) unless {@code satelliteMassKg} is given; its power is the solar array's output
 * in full sunlight unless {@code powerW} is given.
 */
public enum OrbitParam implements Param {
    /** Price of one accelerator, USD (same source as {@link GroundParam#GPU_PRICE_USD}; radiation tolerance not priced). */
    GPU_PRICE_USD("gpuPriceUsd", "USD per GPU", 25_000, Rule.NON_NEGATIVE,
            "H100 street price $25,000-40,000 (CNBC 2023, Raymond James estimate); low end"),
    /** Host boards and network share per GPU, USD (same source as {@link GroundParam#SERVER_USD_PER_GPU}). */
    SERVER_USD_PER_GPU("serverUsdPerGpu", "USD per GPU", 12_500, Rule.NON_NEGATIVE,
            "HGX H100 server ~$270k per 8 GPUs less GPUs, plus network share (SemiAnalysis 2023)"),
    /** Compute mass per accelerator incl. its share of boards, host and chassis, kg: 16.3 (DGX H100 datasheet: 130.45 kg for 8 GPUs). */
    COMPUTE_KG_PER_GPU("computeKgPerGpu", "kg per GPU", 130.45 / 8, Rule.NON_NEGATIVE,
            "NVIDIA DGX H100 datasheet: 130.45 kg system for 8 GPUs"),
    /** Solar array specific power, W/kg at beginning of life: 100 (Redwire ROSA roll-out arrays, > 100 W/kg, Redwire product sheet). */
    ARRAY_W_PER_KG("arrayWPerKg", "W/kg", 100, Rule.POSITIVE,
            "roll-out solar array > 100 W/kg (Redwire ROSA product sheet)"),
    /** Radiator areal mass, kg/m^2: 6 (deployable honeycomb radiator panels 4-8 kg/m^2, Gilmore, Spacecraft Thermal Control Handbook vol. 1, 2002, ch. 6). */
    RADIATOR_KG_PER_M2("radiatorKgPerM2", "kg/m^2", 6, Rule.NON_NEGATIVE,
            "deployable radiator panels 4-8 kg/m^2 (Gilmore, Spacecraft Thermal Control Handbook, 2002)"),
    /** Radiator operating temperature used to size it, K: 330 (below the 85 C case limit of server boards with a 28 K margin). */
    RADIATOR_TEMP_K("radiatorTempK", "K", 330, Rule.POSITIVE,
            "assumption: 330 K (57 C) panel, cold plates below the boards' 85 C limit"),
    /** Battery specific energy at pack level, Wh/kg: 150 (Saft VES16 space Li-ion cells 155 Wh/kg, Saft datasheet). */
    BATTERY_WH_PER_KG("batteryWhPerKg", "Wh/kg", 150, Rule.POSITIVE,
            "space Li-ion ~155 Wh/kg at cell level (Saft VES16 datasheet)"),
    /** Bus (structure, avionics, propulsion, ADCS, harness) as a fraction of the satellite's mass: 0.30 (Wertz et al., Space Mission Engineering: The New SMAD, 2011, table 14-18). */
    BUS_MASS_FRACTION("busMassFraction", "of satellite mass", 0.30, Rule.FRACTION,
            "structure + subsystems ~30 % of dry mass (Wertz et al., The New SMAD, 2011)"),
    /** Satellite manufacturing cost excluding accelerators, USD per kg: 1,000 (Starlink v1: about $250,000 for 260 kg, public SpaceX statements 2019-2020). */
    SATELLITE_USD_PER_KG("satelliteUsdPerKg", "USD/kg", 1_000, Rule.NON_NEGATIVE,
            "Starlink v1 ~$250k for 260 kg (SpaceX public statements 2019-20)"),
    /** Satellite life, years: 5 (Starlink design life, SpaceX FCC filings). */
    LIFE_YEARS("lifeYears", "years", 5, Rule.POSITIVE,
            "Starlink design life ~5 y (SpaceX FCC filings)"),
    /** Satellites failing per year, fraction: 0.02 (about 2-3 % of early Starlink satellites failed early, McDowell, Jonathan's Space Report). */
    FAILURES_PER_YEAR("failuresPerYear", "per satellite-year", 0.02, Rule.FRACTION,
            "~2-3 % early Starlink failures (J. McDowell, Jonathan's Space Report statistics)"),
    /** Explicit satellite mass, kg; default: built up from the payload ({@link SatelliteMass}). */
    SATELLITE_MASS_KG("satelliteMassKg", "kg", Double.NaN, Rule.POSITIVE,
            "derived: compute + array + radiator + battery, divided by (1 - busMassFraction)"),
    /** Explicit satellite power for cost per kW-year, W; default: the array's output in full sunlight. */
    POWER_W("powerW", "W", Double.NaN, Rule.POSITIVE,
            "derived: solarArrayM2 x cellEfficiency x 1361 W/m^2 x pointingFactor"),
    /** Launch vehicle capacity to this constellation's orbit, kg; default: {@link LaunchParam#CAPACITY_KG}. */
    LAUNCH_CAPACITY_KG("launchCapacityKg", "kg", Double.NaN, Rule.POSITIVE,
            "default: economics.launch.capacityKg");

    private final Spec spec;

    OrbitParam(String key, String unit, double def, Rule rule, String source) {
        this.spec = new Spec(key, unit, def, rule, source);
    }

    @Override public Spec spec() { return spec; }
}
