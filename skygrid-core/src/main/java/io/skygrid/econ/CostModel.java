package io.skygrid.econ;

import io.skygrid.fleet.Fleet;
import io.skygrid.fleet.GroundSite;
import io.skygrid.fleet.OrbitalConstellation;
import io.skygrid.fleet.SatellitePayload;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost per delivered GPU-hour of every ground site and constellation of a fleet, cost per kW-year of
 * power, and the launch price at which orbit matches the ground. All money in US dollars; a year is
 * {@value #HOURS_PER_YEAR} hours (Julian year).
 *
 * <h2>Ground site, per year</h2>
 * accelerators {@code gpus x gpuPriceUsd / hardwareLifeYears}; servers {@code gpus x serverUsdPerGpu /
 * hardwareLifeYears}; facility {@code IT W x facilityUsdPerW / facilityLifeYears} with IT W = powerCapW / PUE;
 * electricity {@code facility kWh x electricityUsdPerKWh} (the run's facility energy incl. PUE, scaled from
 * the horizon to a year); water {@code IT kWh x waterLitresPerKWh x waterUsdPerM3 / 1000}; staff
 * {@code IT MW x staffPerMW x staffUsdPerYear}.
 *
 * <h2>Constellation, per year</h2>
 * With N satellites of mass m (kg, {@link SatelliteMass}), launch price L (USD/kg) and replacement rate
 * {@code r = 1/lifeYears + failuresPerYear} (end of life plus failed satellites, each replaced by a new one
 * launched at the same price): launch {@code N m L r}; satellites {@code N m satelliteUsdPerKg r};
 * accelerators {@code N count (gpuPriceUsd + serverUsdPerGpu) r}; ground segment
 * {@code stations x groundStationUsdPerYear x N / (satellites of all constellations)}. No electricity bill.
 *
 * <h2>Outputs</h2>
 * <ul>
 *   <li>cost per delivered GPU-hour = cost per year / (delivered GPU-hours x 8766 / horizon hours): the
 *       simulation's delivered GPU-hours (jobs running, not paused), or installed GPUs x an assumed
 *       utilisation in nameplate mode;</li>
 *   <li>launched-power cost per kW-year = {@code m x L / (kW x lifeYears)} (Project Suncatcher's metric:
 *       Google 2025), kW = array output in full sunlight; and, for a ground site, electricity per kW-year
 *       of IT load = {@code price x PUE x 8766};</li>
 *   <li>break-even launch price: the L at which the constellation's cost per delivered GPU-hour equals the
 *       ground's (all ground sites together, weighted by delivered GPU-hours), {@code (ground x hours - A) /
 *       (N m r)} with A the cost without launch; none if negative (orbit costs more even with free launch);
 *       and the power break-even, the L at which launched power per kW-year equals ground electricity per
 *       kW-year (Suncatcher's comparison).</li>
 * </ul>
 */
public final class CostModel {
    /** Hours per (Julian) year. */
    public static final double HOURS_PER_YEAR = 8766;

    private CostModel() {
    }

    /**
     * What a site or constellation delivered over the horizon.
     *
     * @param name              site or constellation name
     * @param deliveredGpuHours GPU-hours delivered over the horizon
     * @param energyJ           energy drawn over the horizon, J (ground: facility energy incl. PUE)
     * @param horizonHours      horizon, h (&gt; 0)
     * @param satellites        satellites (constellations), 0 for a ground site
     */
    public record PoolUsage(String name, double deliveredGpuHours, double energyJ, double horizonHours, int satellites) {
    }

    /**
     * Cost of one site or constellation.
     *
     * @param name                  name
     * @param orbital               true for a constellation
     * @param gpus                  installed GPUs
     * @param deliveredGpuHoursPerYear delivered GPU-hours scaled to a year
     * @param annualUsd             cost per year by item (insertion order is the display order)
     * @param totalAnnualUsd        sum of {@code annualUsd}
     * @param usdPerGpuHour         cost per delivered GPU-hour, NaN if nothing was delivered
     * @param powerKw               ground: IT capacity (powerCapW / PUE); orbit: N x satellite power, kW
     * @param usdPerKwYear          total cost per kW-year of {@code powerKw}
     * @param launchUsdPerKwYear    orbit: launched-power cost per kW-year {@code m L / (kW life)}; ground: NaN
     * @param electricityUsdPerKwYear ground: electricity per kW-year of IT load; orbit: NaN
     * @param mass                  orbit: satellite mass breakdown; ground: null
     * @param satellites            orbit: satellites; ground: 0
     * @param breakEvenLaunchUsdPerKg orbit: launch price where its cost per GPU-hour matches the ground's;
     *                              NaN if none (see {@code breakEvenNote})
     * @param powerBreakEvenLaunchUsdPerKg orbit: launch price where launched power per kW-year matches ground
     *                              electricity per kW-year; NaN without a ground site
     * @param breakEvenNote         why there is no break-even, or null
     */
    public record PoolCost(String name, boolean orbital, long gpus, double deliveredGpuHoursPerYear,
                           Map<String, Double> annualUsd, double totalAnnualUsd, double usdPerGpuHour, double powerKw,
                           double usdPerKwYear, double launchUsdPerKwYear, double electricityUsdPerKwYear,
                           SatelliteMass mass, int satellites, double breakEvenLaunchUsdPerKg,
                           double powerBreakEvenLaunchUsdPerKg, String breakEvenNote) {
    }

    /**
     * The comparison of a fleet.
     *
     * @param mode                 {@code simulated} or {@code nameplate}
     * @param utilisation          nameplate mode: the utilisation assumed; simulated: NaN
     * @param launchYear           launch year
     * @param launchUsdPerKg       launch price used, USD/kg
     * @param pools                ground sites then constellations, scenario order
     * @param groundUsdPerGpuHour  all ground sites together, NaN without ground delivery
     * @param orbitUsdPerGpuHour   all constellations together, NaN without orbital delivery
     * @param economics            the inputs
     */
    public record CostReport(String mode, double utilisation, int launchYear, double launchUsdPerKg,
                             List<PoolCost> pools, double groundUsdPerGpuHour, double orbitUsdPerGpuHour,
                             Economics economics) {
    }

    /**
     * Launched-power cost per kW-year, USD: {@code massKg x usdPerKg / (powerKw x lifeYears)}.
     *
     * @param massKg    satellite mass, kg
     * @param usdPerKg  launch price, USD/kg
     * @param powerKw   satellite power, kW (&gt; 0)
     * @param lifeYears satellite life, years (&gt; 0)
     */
    public static double launchedPowerUsdPerKwYear(double massKg, double usdPerKg, double powerKw, double lifeYears) {
        if (!(powerKw > 0) || !(lifeYears > 0)) {
            throw new IllegalArgumentException("powerKw and lifeYears must be > 0");
        }
        return massKg * usdPerKg / (powerKw * lifeYears);
    }

    /**
     * Cost of drawing a constant power for a number of years, USD.
     *
     * @param powerW         power, W
     * @param years          years of {@value #HOURS_PER_YEAR} h
     * @param usdPerKWh      electricity price, USD per kWh
     */
    public static double electricityUsd(double powerW, double years, double usdPerKWh) {
        return powerW / 1000.0 * years * HOURS_PER_YEAR * usdPerKWh;
    }

    /**
     * Nameplate usage: every site and constellation delivers {@code utilisation} of its GPU-hours over
     * {@code horizonHours} (ground sites: of their usable GPUs under the power cap), drawing the matching
     * power (ground: PUE x (hosts + busy GPUs x TDP); orbit: bus + busy GPUs x TDP). Eclipses and queueing
     * are not modelled: that is what a simulation is for.
     *
     * @param satellites satellites per constellation, fleet order
     */
    public static List<PoolUsage> nameplateUsage(Fleet fleet, int[] satellites, double utilisation, double horizonHours) {
        List<PoolUsage> out = new ArrayList<>();
        for (GroundSite g : fleet.ground()) {
            double itBudget = g.powerCapW() / g.pue() - g.nodes() * g.hostPowerPerNodeW();
            long usable = Math.min(g.gpus(), (long) Math.floor(Math.max(0, itBudget) / g.accelerator().tdpW()));
            double busy = usable * utilisation;
            double powerW = g.pue() * (g.nodes() * g.hostPowerPerNodeW() + busy * g.accelerator().tdpW());
            out.add(new PoolUsage(g.name(), busy * horizonHours, powerW * horizonHours * 3600, horizonHours, 0));
        }
        for (int i = 0; i < fleet.orbital().size(); i++) {
            OrbitalConstellation c = fleet.orbital().get(i);
            SatellitePayload p = c.payload();
            double busy = (double) satellites[i] * p.count() * utilisation;
            double powerW = satellites[i] * p.busPowerW() + busy * p.accelerator().tdpW();
            out.add(new PoolUsage(c.name(), busy * horizonHours, powerW * horizonHours * 3600, horizonHours, satellites[i]));
        }
        return out;
    }

    /**
     * Costs every site and constellation of {@code fleet}.
     *
     * @param fleet      the fleet
     * @param usage      one entry per site then per constellation, fleet order
     * @param econ       cost inputs
     * @param epochYear  the scenario epoch's year (launch year unless {@code launch.year} is given)
     * @param mode       {@code simulated} or {@code nameplate}
     * @param utilisation nameplate utilisation, NaN when simulated
     * @return the comparison
     * @throws IllegalArgumentException if {@code usage} does not match the fleet
     */
    public static CostReport evaluate(Fleet fleet, List<PoolUsage> usage, Economics econ, int epochYear, String mode,
                                      double utilisation) {
        int nGround = fleet.ground().size();
        if (usage.size() != nGround + fleet.orbital().size()) {
            throw new IllegalArgumentException("usage has " + usage.size() + " entries for " + nGround + " sites and "
                    + fleet.orbital().size() + " constellations");
        }
        int year = econ.launchYear(epochYear);
        double launchPrice = econ.launchUsdPerKg(year);
        List<PoolCost> pools = new ArrayList<>();
        double groundAnnual = 0;
        double groundHours = 0;
        double groundElecPerKwYear = 0;
        double groundItKw = 0;
        for (int i = 0; i < nGround; i++) {
            GroundSite g = fleet.ground().get(i);
            PoolUsage u = checked(usage.get(i), g.name());
            PoolCost c = ground(g, u, econ.site(g.name()));
            pools.add(c);
            groundAnnual += c.totalAnnualUsd();
            groundHours += c.deliveredGpuHoursPerYear();
            groundElecPerKwYear += c.electricityUsdPerKwYear() * c.powerKw();
            groundItKw += c.powerKw();
        }
        double groundPerGpuHour = groundHours > 0 ? groundAnnual / groundHours : Double.NaN;
        double refElecPerKwYear = groundItKw > 0 ? groundElecPerKwYear / groundItKw : Double.NaN;
        long totalSats = 0;
        for (int i = 0; i < fleet.orbital().size(); i++) {
            totalSats += usage.get(nGround + i).satellites();
        }
        double stationsAnnual = fleet.stations().size() * econ.fleet().get(FleetParam.GROUND_STATION_USD_PER_YEAR);
        double orbitAnnual = 0;
        double orbitHours = 0;
        for (int i = 0; i < fleet.orbital().size(); i++) {
            OrbitalConstellation oc = fleet.orbital().get(i);
            PoolUsage u = checked(usage.get(nGround + i), oc.name());
            double share = totalSats == 0 ? 0 : stationsAnnual * u.satellites() / totalSats;
            PoolCost c = orbit(oc, u, econ.constellation(oc.name()), launchPrice, share, groundPerGpuHour,
                    refElecPerKwYear);
            pools.add(c);
            orbitAnnual += c.totalAnnualUsd();
            orbitHours += c.deliveredGpuHoursPerYear();
        }
        return new CostReport(mode, utilisation, year, launchPrice, pools, groundPerGpuHour,
                orbitHours > 0 ? orbitAnnual / orbitHours : Double.NaN, econ);
    }

    private static PoolUsage checked(PoolUsage u, String name) {
        if (!u.name().equals(name)) {
            throw new IllegalArgumentException("usage for '" + u.name() + "' where '" + name + "' was expected");
        }
        if (!(u.horizonHours() > 0)) throw new IllegalArgumentException(name + ": horizonHours must be > 0");
        if (!(u.deliveredGpuHours() >= 0) || !(u.energyJ() >= 0)) {
            throw new IllegalArgumentException(name + ": delivered GPU-hours and energy must be >= 0");
        }
        return u;
    }

    /** Cost of a ground site (see the class comment). */
    static PoolCost ground(GroundSite g, PoolUsage u, ParamSet<GroundParam> in) {
        double toYear = HOURS_PER_YEAR / u.horizonHours();
        double hwLife = in.get(GroundParam.HARDWARE_LIFE_YEARS);
        double itW = g.powerCapW() / g.pue();
        double facilityKWhPerYear = u.energyJ() / 3.6e6 * toYear;
        Map<String, Double> items = new LinkedHashMap<>();
        items.put("accelerators", g.gpus() * in.get(GroundParam.GPU_PRICE_USD) / hwLife);
        items.put("servers and network", g.gpus() * in.get(GroundParam.SERVER_USD_PER_GPU) / hwLife);
        items.put("facility", itW * in.get(GroundParam.FACILITY_USD_PER_W) / in.get(GroundParam.FACILITY_LIFE_YEARS));
        items.put("electricity", facilityKWhPerYear * g.electricityUsdPerKWh());
        items.put("cooling water", facilityKWhPerYear / g.pue() * in.get(GroundParam.WATER_LITRES_PER_KWH) / 1000.0
                * in.get(GroundParam.WATER_USD_PER_M3));
        items.put("staff", itW / 1e6 * in.get(GroundParam.STAFF_PER_MW) * in.get(GroundParam.STAFF_USD_PER_YEAR));
        double total = sum(items);
        double hours = u.deliveredGpuHours() * toYear;
        double kw = itW / 1000.0;
        return new PoolCost(g.name(), false, g.gpus(), hours, items, total, hours > 0 ? total / hours : Double.NaN, kw,
                total / kw, Double.NaN, g.electricityUsdPerKWh() * g.pue() * HOURS_PER_YEAR, null, 0,
                Double.NaN, Double.NaN, null);
    }

    /** Cost of a constellation (see the class comment). */
    static PoolCost orbit(OrbitalConstellation c, PoolUsage u, ParamSet<OrbitParam> in, double launchPrice,
                          double groundSegmentUsd, double groundPerGpuHour, double groundElecPerKwYear) {
        double toYear = HOURS_PER_YEAR / u.horizonHours();
        SatelliteMass mass = SatelliteMass.of(c, in);
        int n = u.satellites();
        double life = in.get(OrbitParam.LIFE_YEARS);
        double r = 1 / life + in.get(OrbitParam.FAILURES_PER_YEAR);
        double massPerYear = n * mass.totalKg() * r;
        Map<String, Double> items = new LinkedHashMap<>();
        items.put("launch", massPerYear * launchPrice);
        items.put("satellites", massPerYear * in.get(OrbitParam.SATELLITE_USD_PER_KG));
        items.put("accelerators and servers", (double) n * c.payload().count()
                * (in.get(OrbitParam.GPU_PRICE_USD) + in.get(OrbitParam.SERVER_USD_PER_GPU)) * r);
        items.put("ground segment", groundSegmentUsd);
        double total = sum(items);
        double hours = u.deliveredGpuHours() * toYear;
        double kwPerSat = mass.powerW() / 1000.0;
        double kw = n * kwPerSat;
        double launchPerKwYear = launchedPowerUsdPerKwYear(mass.totalKg(), launchPrice, kwPerSat, life);
        double breakEven = Double.NaN;
        String note = null;
        if (Double.isNaN(groundPerGpuHour)) {
            note = "no ground site delivered GPU-hours to compare with";
        } else if (!(hours > 0)) {
            note = "the constellation delivered no GPU-hours";
        } else if (massPerYear > 0) {
            double withoutLaunch = total - items.get("launch");
            breakEven = (groundPerGpuHour * hours - withoutLaunch) / massPerYear;
            if (breakEven < 0) {
                note = "orbit costs more than the ground even with free launch (satellites, accelerators and ground "
                        + "segment alone exceed the ground's cost per GPU-hour)";
                breakEven = Double.NaN;
            }
        }
        double powerBreakEven = Double.isNaN(groundElecPerKwYear) ? Double.NaN
                : groundElecPerKwYear * kwPerSat * life / mass.totalKg();
        return new PoolCost(c.name(), true, (long) n * c.payload().count(), hours, items, total,
                hours > 0 ? total / hours : Double.NaN, kw, kw > 0 ? total / kw : Double.NaN, launchPerKwYear, Double.NaN,
                mass, n, breakEven, powerBreakEven, note);
    }

    private static double sum(Map<String, Double> items) {
        double s = 0;
        for (double v : items.values()) {
            s += v;
        }
        return s;
    }

    /**
     * Satellites a constellation will have without loading it: Walker total, sun-synchronous count, or
     * -1 for TLE/OMM files (load them with {@link io.skygrid.orbit.Satellites#load}).
     */
    public static int designedSatellites(OrbitalConstellation c) {
        if (c.orbit() instanceof io.skygrid.orbit.OrbitSpec.WalkerDelta w) return w.total();
        if (c.orbit() instanceof io.skygrid.orbit.OrbitSpec.SunSynchronous s) return s.satellites();
        return -1;
    }
}
