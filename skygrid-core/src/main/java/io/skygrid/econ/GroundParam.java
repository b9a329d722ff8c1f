package io.skygrid.econ;

/**
 * Cost inputs of a terrestrial site (scenario keys under {@code economics.ground} and
 * {@code economics.sites.<name>}). Electricity price and PUE are the site's own
 * ({@code electricityUsdPerKWh}, {@code pue} in {@code ground[]}).
 */
public enum GroundParam implements Param {
    /**
     * Price of one accelerator, USD: 25,000, the low end of the $25,000-40,000 street prices reported for
     * the H100 (CNBC, "Nvidia's H100 ... sells for $40,000 on eBay" and Raymond James estimate of about
     * $25,000, 2023).
     */
    GPU_PRICE_USD("gpuPriceUsd", "USD per GPU", 25_000, Rule.NON_NEGATIVE,
            "H100 street price $25,000-40,000 (CNBC 2023, Raymond James estimate); low end"),
    /**
     * Rest of the server and its network share per GPU, USD: an 8-GPU HGX H100 server sells for about
     * $270,000 (SemiAnalysis H100 server BOM, 2023), less 8 GPUs at $25,000, is about $8,800 per GPU;
     * InfiniBand fabric adds about $3,700 per GPU (same source) for 12,500 in total.
     */
    SERVER_USD_PER_GPU("serverUsdPerGpu", "USD per GPU", 12_500, Rule.NON_NEGATIVE,
            "HGX H100 server ~$270k per 8 GPUs less GPUs, plus InfiniBand share (SemiAnalysis 2023)"),
    /**
     * Facility capex per W of critical IT capacity, USD: 11.7 ($11.7M per MW, Cushman &amp; Wakefield Data
     * Center Development Cost Guide 2024, US market average). IT capacity = powerCapW / PUE.
     */
    FACILITY_USD_PER_W("facilityUsdPerW", "USD per W of IT", 11.7, Rule.NON_NEGATIVE,
            "$11.7M per MW of IT, US average (Cushman & Wakefield Data Center Development Cost Guide 2024)"),
    /** Depreciation life of accelerators and servers, years: 5 (Amazon 2024 Form 10-K: servers 5 years from 2025). */
    HARDWARE_LIFE_YEARS("hardwareLifeYears", "years", 5, Rule.POSITIVE,
            "server useful life 5 y (Amazon 2024 Form 10-K; Meta 5.5 y, Microsoft 6 y)"),
    /** Depreciation life of the building and its power and cooling plant, years: 20 (ASHRAE equipment service-life tables: chillers, switchgear 20-25 y). */
    FACILITY_LIFE_YEARS("facilityLifeYears", "years", 20, Rule.POSITIVE,
            "chillers, switchgear 20-25 y service life (ASHRAE Handbook, HVAC Applications, service-life table)"),
    /** On-site water use per kWh of IT energy, litres: 1.8 (average WUE, Shehabi et al. 2016, LBNL-1005775). */
    WATER_LITRES_PER_KWH("waterLitresPerKWh", "L per IT kWh", 1.8, Rule.NON_NEGATIVE,
            "average data-centre WUE 1.8 L/kWh (Shehabi et al. 2016, LBNL United States Data Center Energy Usage Report)"),
    /** Water and sewer price, USD per m^3: 2.0 (assumption inside the US commercial range of the AWWA/Raftelis 2021 water and wastewater rate survey). */
    WATER_USD_PER_M3("waterUsdPerM3", "USD per m^3", 2.0, Rule.NON_NEGATIVE,
            "assumption within US commercial water+sewer rates (AWWA/Raftelis 2021 rate survey)"),
    /** Operations staff per MW of IT capacity, full-time equivalents: 0.3 (assumption: 45 people for a 150 MW site, shifts included). */
    STAFF_PER_MW("staffPerMW", "FTE per MW of IT", 0.3, Rule.NON_NEGATIVE,
            "assumption: 45 operations staff for a 150 MW site, 24/7 shifts"),
    /** Loaded cost of one full-time employee, USD per year: 120,000 (US BLS OEWS 2023 mean wage of computer-network support specialists ~$76,000, x 1.5 for benefits and overhead). */
    STAFF_USD_PER_YEAR("staffUsdPerYear", "USD per FTE-year", 120_000, Rule.NON_NEGATIVE,
            "US BLS OEWS 2023 network support specialist mean ~$76k x 1.5 loaded");

    private final Spec spec;

    GroundParam(String key, String unit, double def, Rule rule, String source) {
        this.spec = new Spec(key, unit, def, rule, source);
    }

    @Override public Spec spec() { return spec; }
}
