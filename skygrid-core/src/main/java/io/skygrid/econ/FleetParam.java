package io.skygrid.econ;

/** Fleet-wide cost inputs (scenario keys directly under {@code economics}). */
public enum FleetParam implements Param {
    /**
     * GPU utilisation assumed in nameplate mode (cost without a simulation): 0.8 (assumption; Meta reports
     * above 90 % effective training time on 16,000 H100 for Llama 3, Dubey et al. 2024, so 80 % of
     * installed GPU-hours is a planner's round figure for a busy fleet).
     */
    NAMEPLATE_UTILISATION("nameplateUtilisation", "of installed GPU-hours", 0.8, Rule.UNIT_INTERVAL,
            "assumption: 80 % (Llama 3 reports >90 % effective training time, Dubey et al. 2024)"),
    /**
     * Cost of one ground station of the scenario, USD per year, shared by the constellations in proportion
     * to their satellites: 1,000,000 (AWS Ground Station public price, about $10 per reserved antenna-minute
     * for wideband: one antenna booked 2.7 hours a day).
     */
    GROUND_STATION_USD_PER_YEAR("groundStationUsdPerYear", "USD per station-year", 1_000_000, Rule.NON_NEGATIVE,
            "AWS Ground Station ~$10/reserved wideband minute: ~2.7 antenna-hours a day per station");

    private final Spec spec;

    FleetParam(String key, String unit, double def, Rule rule, String source) {
        this.spec = new Spec(key, unit, def, rule, source);
    }

    @Override public Spec spec() { return spec; }
}
