package io.skygrid.fleet;

/**
 * The compute payload and power system carried by every satellite of a constellation.
 *
 * <p>Generation in full sunlight = {@code solarArrayM2 x cellEfficiency x 1361 W/m^2 x pointingFactor}
 * (solar constant 1361 W/m^2: Kopp and Lean 2011, GRL 38 L01706). Loads: {@code busPowerW} always,
 * plus accelerator TDP for each busy accelerator. Accelerators may run from the battery down to
 * {@code minStateOfCharge x batteryWh}; below it they are switched off and their jobs pause.
 *
 * @param accelerator      accelerator model
 * @param count            accelerators per satellite
 * @param solarArrayM2     solar array area, m^2
 * @param cellEfficiency   cell conversion efficiency (0, 1]
 * @param pointingFactor   pointing, packing and wiring factor (0, 1]
 * @param batteryWh        battery capacity, Wh
 * @param busPowerW        bus (avionics, ISL terminals, heaters, thermal pumps) load, W
 * @param minStateOfCharge state of charge below which accelerators are shut off, [0, 1)
 */
public record SatellitePayload(Accelerator accelerator, int count, double solarArrayM2, double cellEfficiency,
                               double pointingFactor, double batteryWh, double busPowerW,
                               double minStateOfCharge) {

    /** Total solar irradiance at 1 AU, W/m^2 (Kopp and Lean 2011, Geophys. Res. Lett. 38, L01706). */
    public static final double SOLAR_CONSTANT_W_M2 = 1361.0;
    /** Default pointing/packing factor: array cosine losses and cell packing (assumption, documented). */
    public static final double DEFAULT_POINTING_FACTOR = 0.9;
    /** Default shut-off state of charge: keep 20% for the bus through the rest of an eclipse. */
    public static final double DEFAULT_MIN_STATE_OF_CHARGE = 0.2;

    public SatellitePayload {
        if (count <= 0) throw new IllegalArgumentException("payload count must be > 0");
        if (!(solarArrayM2 > 0)) throw new IllegalArgumentException("solarArrayM2 must be > 0");
        if (!(cellEfficiency > 0 && cellEfficiency <= 1)) throw new IllegalArgumentException("cellEfficiency must be in (0, 1]");
        if (!(pointingFactor > 0 && pointingFactor <= 1)) throw new IllegalArgumentException("pointingFactor must be in (0, 1]");
        if (!(batteryWh >= 0)) throw new IllegalArgumentException("batteryWh must be >= 0");
        if (!(busPowerW >= 0)) throw new IllegalArgumentException("busPowerW must be >= 0");
        if (!(minStateOfCharge >= 0 && minStateOfCharge < 1)) throw new IllegalArgumentException("minStateOfCharge must be in [0, 1)");
    }

    /** @return array output in full sunlight at 1 AU, W */
    public double generationW() {
        return solarArrayM2 * cellEfficiency * SOLAR_CONSTANT_W_M2 * pointingFactor;
    }

    /** @return battery capacity, J */
    public double batteryJ() {
        return batteryWh * 3600.0;
    }
}
