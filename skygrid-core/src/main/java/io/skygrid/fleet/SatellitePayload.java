package io.skygrid.fleet;

/**
 * The compute payload and power system carried by every satellite of a constellation.
 *
 * <p>Generation in full sunlight = {@code solarArrayM2 x cellEfficiency x 1361 W/m^2 x pointingFactor}
 * (solar constant 1361 W/m^2: Kopp and Lean 2011, GRL 38 L01706). Loads: {@code busPowerW} always,
 * plus accelerator TDP for each busy accelerator. Accelerators may run from the battery down to
 * {@code minStateOfCharge x batteryWh} (a depth-of-discharge limit of {@code 1 - minStateOfCharge});
 * below it they are switched off and their jobs pause.
 *
 * <p>Array ageing: output falls by {@code arrayDegradationPerYear} per year of life, compounded,
 * from beginning of life ({@code ageYears = 0} at the scenario epoch for a new satellite). The
 * battery loses energy on the way in and out: {@code batteryRoundTripEfficiency} is the fraction of
 * the energy charged that can be drawn again, split evenly (square root) between charge and discharge.
 *
 * @param accelerator      accelerator model
 * @param count            accelerators per satellite
 * @param solarArrayM2     solar array area, m^2
 * @param cellEfficiency   cell conversion efficiency (0, 1]
 * @param pointingFactor   pointing, packing and wiring factor (0, 1]
 * @param batteryWh        battery capacity, Wh
 * @param busPowerW        bus (avionics, ISL terminals, heaters, thermal pumps) load, W
 * @param minStateOfCharge state of charge below which accelerators are shut off, [0, 1); the
 *                         depth-of-discharge limit is {@code 1 - minStateOfCharge}
 * @param arrayDegradationPerYear fractional loss of array output per year, [0, 1)
 * @param ageYears         age of the satellites at the scenario epoch, years, >= 0
 * @param batteryRoundTripEfficiency energy out / energy in of the battery, (0, 1]
 */
public record SatellitePayload(Accelerator accelerator, int count, double solarArrayM2, double cellEfficiency,
                               double pointingFactor, double batteryWh, double busPowerW,
                               double minStateOfCharge, double arrayDegradationPerYear, double ageYears,
                               double batteryRoundTripEfficiency) {

    /** Total solar irradiance at 1 AU, W/m^2 (Kopp and Lean 2011, Geophys. Res. Lett. 38, L01706). */
    public static final double SOLAR_CONSTANT_W_M2 = 1361.0;
    /** Default pointing/packing factor: array cosine losses and cell packing (assumption, documented). */
    public static final double DEFAULT_POINTING_FACTOR = 0.9;
    /** Default shut-off state of charge: keep 20% for the bus through the rest of an eclipse. */
    public static final double DEFAULT_MIN_STATE_OF_CHARGE = 0.2;
    /**
     * Default array degradation, 2.75 % per year: the figure for GaAs cells in Wertz and Larson,
     * Space Mission Analysis and Design, 3rd ed. (1999), Table 11-34 (silicon: 3.75 %/yr). Modern
     * triple-junction arrays in LEO often do better; set the payload's value from the array's datasheet.
     */
    public static final double DEFAULT_ARRAY_DEGRADATION_PER_YEAR = 0.0275;
    /**
     * Default battery round-trip efficiency, 0.95: an assumption inside the 0.90-0.98 range usually
     * quoted for lithium-ion cells cycled at moderate rates (energy, not coulombic, efficiency).
     */
    public static final double DEFAULT_BATTERY_ROUND_TRIP_EFFICIENCY = 0.95;
    /** Seconds in a Julian year (365.25 d), the year of {@code arrayDegradationPerYear}. */
    public static final double SECONDS_PER_YEAR = 365.25 * 86400.0;

    /** A new satellite (age 0) with the default array degradation and battery efficiency. */
    public SatellitePayload(Accelerator accelerator, int count, double solarArrayM2, double cellEfficiency,
                            double pointingFactor, double batteryWh, double busPowerW, double minStateOfCharge) {
        this(accelerator, count, solarArrayM2, cellEfficiency, pointingFactor, batteryWh, busPowerW, minStateOfCharge,
                DEFAULT_ARRAY_DEGRADATION_PER_YEAR, 0.0, DEFAULT_BATTERY_ROUND_TRIP_EFFICIENCY);
    }

    public SatellitePayload {
        if (count <= 0) throw new IllegalArgumentException("payload count must be > 0");
        if (!(solarArrayM2 > 0)) throw new IllegalArgumentException("solarArrayM2 must be > 0");
        if (!(cellEfficiency > 0 && cellEfficiency <= 1)) throw new IllegalArgumentException("cellEfficiency must be in (0, 1]");
        if (!(pointingFactor > 0 && pointingFactor <= 1)) throw new IllegalArgumentException("pointingFactor must be in (0, 1]");
        if (!(batteryWh >= 0)) throw new IllegalArgumentException("batteryWh must be >= 0");
        if (!(busPowerW >= 0)) throw new IllegalArgumentException("busPowerW must be >= 0");
        if (!(minStateOfCharge >= 0 && minStateOfCharge < 1)) throw new IllegalArgumentException("minStateOfCharge must be in [0, 1)");
        if (!(arrayDegradationPerYear >= 0 && arrayDegradationPerYear < 1)) {
            throw new IllegalArgumentException("arrayDegradationPerYear must be in [0, 1)");
        }
        if (!(ageYears >= 0 && ageYears <= 100)) throw new IllegalArgumentException("ageYears must be in [0, 100]");
        if (!(batteryRoundTripEfficiency > 0 && batteryRoundTripEfficiency <= 1)) {
            throw new IllegalArgumentException("batteryRoundTripEfficiency must be in (0, 1]");
        }
    }

    /**
     * @param secondsSinceEpoch time since the scenario epoch, s
     * @return array output relative to beginning of life at that time: (1 - degradation)^(age + t)
     */
    public double arrayLifeFactor(double secondsSinceEpoch) {
        return Math.pow(1.0 - arrayDegradationPerYear, ageYears + secondsSinceEpoch / SECONDS_PER_YEAR);
    }

    /** @return battery charge efficiency (and equally discharge efficiency): sqrt(round-trip) */
    public double batteryOneWayEfficiency() {
        return Math.sqrt(batteryRoundTripEfficiency);
    }

    /** @return array output in full sunlight at 1 AU at beginning of life, W */
    public double generationW() {
        return solarArrayM2 * cellEfficiency * SOLAR_CONSTANT_W_M2 * pointingFactor;
    }

    /** @return battery capacity, J */
    public double batteryJ() {
        return batteryWh * 3600.0;
    }
}
