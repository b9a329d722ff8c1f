package io.skygrid.econ;

/**
 * Launch price and vehicle (scenario keys under {@code economics.launch}). The price per kg follows
 * Wright's learning curve: every doubling of cumulative launched mass cuts it by {@code learningRate};
 * cumulative mass doubles every {@code doublingYears}:
 * <pre>  price(year) = usdPerKg x (1 - learningRate)^((year - baseYear) / doublingYears)</pre>
 * The defaults reproduce Project Suncatcher's trajectory (Google Research, "Towards a future space-based,
 * highly scalable AI infrastructure system design", 2025): $3,600/kg today, a 20 % learning rate, and
 * below $200/kg by the mid-2030s.
 */
public enum LaunchParam implements Param {
    /** Launch price in {@code baseYear}, USD per kg to LEO: 3,600 (Suncatcher 2025, current price). */
    USD_PER_KG("usdPerKg", "USD/kg", 3_600, Rule.NON_NEGATIVE,
            "current price to LEO $3,600/kg (Project Suncatcher, Google 2025)"),
    /** Year of {@code usdPerKg}: 2025. When given, it must not be after the launch year (the curve runs forward). */
    BASE_YEAR("baseYear", "year", 2025, Rule.YEAR, "year of the Suncatcher price"),
    /** Price drop per doubling of cumulative launched mass: 0.20 (Suncatcher's learning rate). */
    LEARNING_RATE("learningRate", "per doubling", 0.20, Rule.FRACTION,
            "20 % per doubling of launched mass (Project Suncatcher, Google 2025)"),
    /**
     * Years per doubling of cumulative launched mass: 0.772, chosen so that the default curve reaches
     * $200/kg in 2035 (12.95 doublings at 20 % from $3,600), Suncatcher's mid-2030s projection.
     */
    DOUBLING_YEARS("doublingYears", "years", 0.772, Rule.POSITIVE,
            "calibrated: $3,600/kg (2025) -> $200/kg (2035), Suncatcher's projection"),
    /** Year the satellites are launched; default: the scenario's epoch year. */
    YEAR("year", "year", Double.NaN, Rule.YEAR, "default: the scenario epoch's year"),
    /** Payload capacity of the launch vehicle to the constellations' orbit, kg: 100,000 (SpaceX Starship Users Guide rev 1.0, 2020: more than 100 t to LEO, reusable). */
    CAPACITY_KG("capacityKg", "kg", 100_000, Rule.POSITIVE,
            "Starship > 100 t to LEO, reusable (SpaceX Starship Users Guide rev 1.0, 2020)");

    private final Spec spec;

    LaunchParam(String key, String unit, double def, Rule rule, String source) {
        this.spec = new Spec(key, unit, def, rule, source);
    }

    @Override public Spec spec() { return spec; }
}
